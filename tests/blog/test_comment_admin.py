"""The coach moderates and replies in the admin."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from blog.models import Comment
from tests.blog.factories import published_post
from tests.html import loaded_version, parse

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:blog_comment_changelist")


@pytest.fixture
def post(demo_site):
    return published_post(title="Over grenzen")


def comment(post, status=Comment.Status.PENDING, **fields):
    return Comment.objects.create(
        post=post,
        name=fields.pop("name", "Marloes"),
        email=fields.pop("email", "marloes@example.com"),
        body=fields.pop("body", "Herkenbaar."),
        status=status,
        **fields,
    )


def rows(response):
    return [
        row.get_text(" ", strip=True)
        for row in parse(response).select("#result_list tbody tr")
    ]


def test_waiting_comments_come_first_with_post_and_reason(admin_client, post):
    comment(post, Comment.Status.APPROVED, body="Oud en goedgekeurd")
    comment(post, body="Wacht nog", reason="eerste reactie van dit e-mailadres")

    listed = rows(admin_client.get(CHANGELIST))

    assert "Wacht nog" in listed[0]
    assert "Over grenzen" in listed[0] and "eerste reactie" in listed[0]
    assert "Oud en goedgekeurd" in listed[1]


def test_the_admin_index_counts_what_waits(admin_client, post):
    comment(post)
    comment(post, body="Nog een")
    comment(post, Comment.Status.APPROVED)

    soup = parse(admin_client.get(reverse("admin:index")))

    assert soup.find(class_="waiting-badge").get_text() == "2 wachtend"


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("approve", Comment.Status.APPROVED),
        ("mark_as_spam", Comment.Status.SPAM),
        ("move_to_trash", Comment.Status.TRASH),
        ("restore", Comment.Status.PENDING),
    ],
)
def test_moderation_actions(admin_client, post, action, status):
    target = comment(
        post, Comment.Status.TRASH if action == "restore" else Comment.Status.PENDING
    )

    admin_client.post(CHANGELIST, {"action": action, "_selected_action": [target.pk]})

    target.refresh_from_db()
    assert target.status == status


def test_approving_in_the_admin_publishes_on_the_site_at_once(
    admin_client, client, post
):
    target = comment(post, body="Eindelijk zichtbaar")
    assert (
        "Eindelijk zichtbaar"
        not in client.get(post.get_absolute_url()).content.decode()
    )

    admin_client.post(
        CHANGELIST, {"action": "approve", "_selected_action": [target.pk]}
    )

    assert "Eindelijk zichtbaar" in client.get(post.get_absolute_url()).content.decode()


def test_the_coach_replies_inline_and_a_waiting_comment_is_approved(
    admin_client, admin_user, post
):
    target = comment(post)
    change = reverse("admin:blog_comment_change", args=[target.pk])

    admin_client.post(
        change,
        {
            "status": "pending",
            "name": target.name,
            "email": target.email,
            "website": "",
            "body": target.body,
            "reply": "Dank je voor je reactie!",
            **loaded_version(admin_client, change),
        },
    )

    target.refresh_from_db()
    reply = target.replies.get()
    assert target.status == Comment.Status.APPROVED
    assert reply.status == Comment.Status.APPROVED
    assert reply.author == admin_user
    assert reply.body == "Dank je voor je reactie!"


def test_the_post_list_counts_comments(admin_client, post):
    comment(post, Comment.Status.APPROVED)
    comment(post)

    listed = rows(admin_client.get(reverse("admin:blog_post_changelist")))

    assert "1 (1 wachtend)" in listed[0]


def test_housekeeping_deletes_spam_and_trash_after_thirty_days(post):
    old = timezone.now() - timedelta(days=31)
    comment(post, Comment.Status.SPAM, created_at=old)
    comment(post, Comment.Status.TRASH, created_at=old)
    recent_spam = comment(post, Comment.Status.SPAM)
    kept = comment(post, Comment.Status.APPROVED, created_at=old)

    call_command("housekeeping")

    assert set(Comment.objects.all()) == {recent_spam, kept}
