from django.urls import path
from django.utils.translation import gettext_lazy as _

from booking import review_views

app_name = "reviews"

urlpatterns = [
    path("", review_views.review_list, name="list"),
    path(_("write/<str:token>/"), review_views.write, name="write"),
    path(_("thanks/"), review_views.thanks, name="thanks"),
]
