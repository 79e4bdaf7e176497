"""Two tabs, one text: a change form opened before another save refuses to undo
that save, and says so."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from blog.models import Comment, Post
from booking.models import Booking
from core.admin import StaleEditsRefused
from newsletter.models import Campaign
from tests.blog.factories import published_post
from tests.booking.factories import BookingFactory
from tests.html import parse
from tests.newsletter.factories import CampaignFactory

pytestmark = pytest.mark.django_db

STALE = "gewijzigd nadat je het opende"


def form_data(client, url):
    """What the change form would send back unchanged, as a browser sends it."""
    form = parse(client.get(url)).find("form", id=lambda v: v and v.endswith("_form"))
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "file"):
            continue
        if field.name == "textarea":
            data[name] = field.get_text().removeprefix("\n")  # as browsers do
        elif field.name == "select":
            chosen = [
                option["value"] for option in field.find_all("option", selected=True)
            ]
            if chosen or not field.has_attr("multiple"):
                data[name] = (
                    chosen if field.has_attr("multiple") else (chosen or [""])[0]
                )
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "")
    return data


def rows(admin_user):
    post = published_post(title="Vertrouwen", author=admin_user)
    return {
        "comment": (
            Comment.objects.create(
                post=post, name="Bas", email="b@example.com", body="Hoi.",
                status=Comment.Status.PENDING,
            ),
            {"status": Comment.Status.APPROVED},
        ),
        "post": (post, {"title": "Vertrouwen herstellen"}),
        "booking": (
            BookingFactory(starts_at=timezone.now() + timedelta(days=9)),
            {"name": "Bas Jansen"},
        ),
        "campaign": (CampaignFactory(), {"subject": "Nieuwe titel"}),
    }  # fmt: skip


@pytest.mark.parametrize("kind", ["comment", "post", "booking", "campaign"])
def test_a_form_opened_before_another_save_does_not_undo_it(
    admin_client, admin_user, demo_site, kind
):
    row, change_since = rows(admin_user)[kind]
    meta = row._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk])
    stale_tab = form_data(admin_client, url)
    type(row).objects.filter(pk=row.pk).update(**change_since)

    response = admin_client.post(url, stale_tab)

    assert response.status_code == 200
    assert STALE in response.content.decode()
    row.refresh_from_db()
    for field, value in change_since.items():
        assert getattr(row, field) == value


def test_a_fresh_form_saves(admin_client, admin_user, demo_site):
    row, _change = rows(admin_user)["post"]
    url = reverse("admin:blog_post_change", args=[row.pk])
    data = {**form_data(admin_client, url), "title": "Een nieuwe titel"}

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert Post.objects.get(pk=row.pk).title == "Een nieuwe titel"


def test_every_admin_that_edits_texts_or_bookings_checks():
    for model in (Comment, Post, Booking, Campaign):
        assert isinstance(admin.site.get_model_admin(model), StaleEditsRefused)
