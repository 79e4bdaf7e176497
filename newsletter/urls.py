from django.urls import path
from django.utils.translation import gettext_lazy as _

from newsletter import views

app_name = "newsletter"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path(_("thanks/"), views.thanks, name="thanks"),
    path(_("confirm/<str:token>/"), views.confirm, name="confirm"),
    path(_("unsubscribe/<str:token>/"), views.unsubscribe, name="unsubscribe"),
    path(_("subscribe-again/<str:token>/"), views.undo_unsubscribe, name="undo"),
    path(_("preferences/<str:token>/"), views.preferences, name="preferences"),
    path(_("click/<str:token>/"), views.click, name="click"),
]
