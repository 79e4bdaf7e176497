from django.urls import path
from django.utils.translation import gettext_lazy as _

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.review_list, name="list"),
    path(_("write/<str:token>/"), views.write, name="write"),
    path(_("thanks/"), views.thanks, name="thanks"),
]
