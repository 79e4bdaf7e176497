from django.urls import path

from payments import views

app_name = "payments"

urlpatterns = [
    # One address in every language: Mollie calls it, not a visitor.
    path("webhook/", views.webhook, name="webhook"),
]
