"""Least privilege in the admin: every action and page asks for its own permission,
the coach's group holds what her work needs, the technical parts are for
superusers, and a staff member without the right gets nothing done."""

import json
from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from blog.models import Comment, Post
from booking.models import Booking, CalendarFeed
from newsletter.models import Campaign, Subscriber
from reviews.models import Review
from tests.blog.factories import PostFactory, published_post
from tests.booking.factories import BookingFactory
from tests.html import parse
from tests.images import image_bytes
from tests.newsletter.factories import CampaignFactory, SubscriberFactory
from tests.snapshot import snapshot

pytestmark = pytest.mark.django_db

OUR_APPS = (
    "core", "coachsite", "blog", "newsletter", "booking", "reviews", "payments",
    "prepaid",
)  # fmt: skip
PERSON_MODELS = [Comment, Subscriber, Booking, Review]


def staff(*permissions, **fields):
    """A logged-in staff member with exactly `permissions` ("app.codename")."""
    user = get_user_model().objects.create_user(
        username=f"staff{get_user_model().objects.count()}", is_staff=True, **fields
    )
    for label in permissions:
        app_label, codename = label.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def view_everything():
    """A staff member who may look at all of the coach's work and change nothing."""
    return staff(
        *(
            f"{model._meta.app_label}.view_{model._meta.model_name}"
            for model in admin.site._registry
            if model._meta.app_label in OUR_APPS
        )
    )


def site_rows():
    rows = snapshot()["rows"]
    return {
        label: data for label, data in rows.items() if label.split(".")[0] in OUR_APPS
    }


@pytest.fixture
def rows(demo_site):
    """One row of every kind an action changes."""
    post = published_post(title="Gepubliceerd")
    return {
        Post: PostFactory(title="Concept", status=Post.Status.DRAFT),
        Comment: Comment.objects.create(
            post=post, name="Bas", email="bas@example.com", body="Hoi."
        ),
        Subscriber: SubscriberFactory(email="bas@example.com"),
        Booking: BookingFactory(
            email="bas@example.com",
            starts_at=timezone.now() - timedelta(days=2),
            intake_answers={"Wat speelt er?": "Veel ruzie."},
        ),
        Review: Review.objects.create(
            rating=4, text="Fijn.", display_name="Bas", source="Google"
        ),
        CalendarFeed: CalendarFeed.renew(),
        Campaign: CampaignFactory(),
    }


def all_actions():
    """(model, action name, the action) for every action of our admins."""
    return [
        (model, name, function)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in OUR_APPS
        for function, name, _description in model_admin._get_base_actions()
    ]


def changelist(model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return url + "?when=all" if model is Booking else url  # past sessions too


def test_every_admin_action_asks_for_a_permission():
    for model, name, function in all_actions():
        assert getattr(function, "allowed_permissions", None), f"{model} {name}"


# The ones that only read are the exports; a reader may run them (see below).
EXPORTS = {"export_csv", "export_personal_data"}


@pytest.mark.parametrize(
    ("model", "name"),
    [(model, name) for model, name, _function in all_actions() if name not in EXPORTS],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_an_action_without_its_permission_changes_nothing(rows, model, name):
    row = rows.get(model) or model._default_manager.first()
    client = view_everything()
    before = site_rows()

    offered = client.get(changelist(model)).content.decode()
    response = client.post(
        changelist(model),
        {
            "action": name,
            "_selected_action": [row.pk] if row else [],
            "confirmed": "yes",
            "post": "yes",
        },
    )

    assert f'value="{name}"' not in offered
    assert response.status_code < 500
    assert site_rows() == before


def test_only_one_who_may_delete_in_every_app_erases_a_person(rows):
    before = site_rows()

    staff("blog.view_comment", "blog.delete_comment").post(
        changelist(Comment),
        {
            "action": "erase_personal_data",
            "_selected_action": [rows[Comment].pk],
            "confirmed": "yes",
        },
    )

    assert site_rows() == before


def test_intake_answers_leave_only_with_their_own_permission(rows):
    action = {"action": "export_personal_data", "_selected_action": [rows[Booking].pk]}

    without = json.loads(view_everything().post(changelist(Booking), action).content)
    coach = staff(
        "booking.view_intake",
        *(f"{m._meta.app_label}.view_{m._meta.model_name}" for m in PERSON_MODELS),
    )
    with_it = json.loads(coach.post(changelist(Booking), action).content)

    [booking] = without["bas@example.com"]["bookings"]
    assert "intake_answers" not in booking
    [booking] = with_it["bas@example.com"]["bookings"]
    assert booking["intake_answers"] == {"Wat speelt er?": "Veel ruzie."}


def custom_pages(rows):
    """(method, URL, data) of every admin page that is not a plain model page."""
    campaign = rows[Campaign].pk
    return [
        ("post", reverse("admin:newsletter_campaign_test", args=[campaign]),
         {"email": "iedereen@example.com"}),
        ("post", reverse("admin:newsletter_campaign_schedule", args=[campaign]),
         {"scheduled_at": "2030-01-01 10:00"}),
        ("post", reverse("admin:newsletter_campaign_send", args=[campaign]), {}),
        ("post", reverse("admin:newsletter_subscriber_import"),
         {"file": SimpleUploadedFile("lijst.csv", b"nieuw@example.com\n"),
          "consent_given_elsewhere": "on"}),
    ]  # fmt: skip


def test_every_custom_admin_page_refuses_staff_without_its_permission(rows):
    client = view_everything()
    before = site_rows()

    statuses = [
        getattr(client, method)(url, data).status_code
        for method, url, data in custom_pages(rows)
    ]

    assert statuses == [403] * len(statuses)
    assert site_rows() == before
    assert staff().get(reverse("admin:booking_booking_week")).status_code == 403
    preview = reverse("admin:newsletter_campaign_preview", args=[rows[Campaign].pk])
    assert staff().get(preview).status_code == 403


def test_a_dashboard_button_needs_the_permission_behind_it(rows):
    comment = rows[Comment]
    url = reverse("admin:dashboard_action", args=["comment", comment.pk, "approve"])

    view_everything().post(url)

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_only_writers_who_passed_two_factor_upload_editor_images(rows):
    upload = {"upload": SimpleUploadedFile("foto.png", image_bytes(image_format="PNG"))}
    reader = view_everything()
    writer = staff("blog.change_post")
    unverified = staff("blog.change_post")
    TOTPDevice.objects.create(user=unverified.user, name="telefoon", confirmed=True)

    assert reader.post("/editor/images/", upload).status_code == 403
    upload["upload"].seek(0)
    assert unverified.post("/editor/images/", upload).status_code == 403
    upload["upload"].seek(0)
    assert writer.post("/editor/images/", upload).status_code == 200


def coach():
    user = get_user_model().objects.create_user(username="coach", is_staff=True)
    user.groups.add(Group.objects.get(name="Coach"))
    client = Client()
    client.force_login(user)
    return user, client


def test_the_coach_group_holds_her_work_and_nothing_technical(rows):
    user, client = coach()

    for model in admin.site._registry:
        if model._meta.app_label in OUR_APPS:
            assert client.get(changelist(model)).status_code == 200, model
    assert user.has_perms(
        ["blog.publish_post", "newsletter.send_campaign", "booking.view_intake"]
    )
    for url in (
        "/admin/auth/user/",
        "/admin/auth/group/",
        "/admin/axes/accessattempt/",
        "/admin/django_tasks_database/dbtaskresult/",
        "/admin/django_rq/dashboard/",
    ):
        assert client.get(url).status_code == 403, url
    index = client.get("/admin/").content.decode()
    assert "/admin/auth/user/" not in index and "django_rq" not in index


def test_superusers_keep_the_technical_parts(admin_client):
    assert admin_client.get("/admin/auth/user/").status_code == 200
    assert admin_client.get("/admin/django_rq/dashboard/").status_code == 200


def test_the_coach_sees_and_changes_only_her_own_two_factor_devices(rows):
    user, client = coach()
    other = get_user_model().objects.create_user(username="assistent", is_staff=True)
    # Unconfirmed: a confirmed device would ask her for a code at login.
    hers = TOTPDevice.objects.create(user=user, name="haar telefoon", confirmed=False)
    theirs = TOTPDevice.objects.create(user=other, name="andere telefoon")

    listing = client.get("/admin/otp_totp/totpdevice/").content.decode()
    config = client.get(f"/admin/otp_totp/totpdevice/{theirs.pk}/config/")
    change = client.get(f"/admin/otp_totp/totpdevice/{theirs.pk}/change/")

    assert hers.name in listing and theirs.name not in listing
    assert config.status_code == 403
    assert change.status_code != 200


def test_without_the_right_to_publish_a_draft_stays_a_draft(rows):
    editor = staff("blog.view_post", "blog.change_post")
    draft = rows[Post]
    url = reverse("admin:blog_post_change", args=[draft.pk])

    form = editor.get(url).content.decode()
    editor.post(
        url,
        {
            "title": draft.title, "slug": draft.slug, "body": "<p>Nieuw</p>",
            "_publish": "Publiceren", "published_at_0": "2026-01-01",
            "published_at_1": "10:00", "author": draft.author_id, "lang": "nl",
        },
    )  # fmt: skip

    draft.refresh_from_db()
    assert 'name="_publish"' not in form and 'name="_draft"' in form
    assert draft.status == Post.Status.DRAFT


def test_the_admin_is_organised_by_her_work(rows, admin_client):
    _user, client = coach()
    page = parse(client.get("/admin/"))
    sections = [
        caption.get_text(strip=True) for caption in page.select(".module caption")
    ]
    assert sections[:7] == [
        "Schrijven", "Reacties", "Agenda", "Nieuwsbrief", "Beoordelingen",
        "Betalingen", "Instellingen",
    ]  # fmt: skip
    assert "Technisch" not in sections
    writing = page.select_one(".app-schrijven").get_text(" ")
    assert "Berichten" in writing and "Pagina" in writing
    assert "Eigen agenda" in page.select_one(".app-agenda").get_text(" ")

    technical = parse(admin_client.get("/admin/")).select_one(".app-technisch")
    assert technical is not None  # superusers keep the technical parts
    assert "/admin/django_tasks_database/" in str(technical)
