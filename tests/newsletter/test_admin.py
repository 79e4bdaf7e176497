"""The coach writes, tests, schedules and follows mailings; exports and imports."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsletter.models import Campaign, Subscriber
from tests.html import parse
from tests.newsletter.factories import CampaignFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def url(name, campaign):
    return reverse(f"admin:newsletter_campaign_{name}", args=[campaign.pk])


def test_the_coach_writes_a_newsletter_with_ckeditor(admin_client, demo_site):
    content = admin_client.get(
        reverse("admin:newsletter_campaign_add")
    ).content.decode()

    assert 'class="django_ckeditor_5"' in content

    admin_client.post(
        reverse("admin:newsletter_campaign_add"),
        {
            "subject": "Winter",
            "preheader": "Kort",
            "body": "<p>Hallo<script>x</script></p>",
        },
    )
    assert Campaign.objects.get().body == "<p>Hallo</p>"


def test_preview_shows_the_mail_in_the_browser(admin_client, demo_site):
    campaign = CampaignFactory(body="<h2>Winterrust</h2>")

    response = admin_client.get(url("preview", campaign))

    assert (
        "<h2" in response.content.decode() and "Winterrust" in response.content.decode()
    )


def test_a_test_mail_goes_to_the_given_address_only(admin_client, demo_site):
    SubscriberFactory()
    campaign = CampaignFactory()

    admin_client.post(url("test", campaign), {"email": "sanne@example.com"})

    (message,) = mail.outbox
    assert message.to == ["sanne@example.com"]
    assert message.subject == "[Test] Nieuws uit de praktijk"
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT


def test_scheduling_sends_at_the_chosen_moment(admin_client, demo_site, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    campaign = CampaignFactory()
    moment = timezone.localtime() + timedelta(days=1)

    with_commit = admin_client.post(
        url("schedule", campaign), {"scheduled_at": moment.strftime("%Y-%m-%dT%H:%M")}
    )

    assert with_commit.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SCHEDULED
    assert abs(campaign.scheduled_at - moment) < timedelta(minutes=1)


def test_a_moment_in_the_past_is_refused(admin_client, demo_site):
    campaign = CampaignFactory()

    response = admin_client.post(
        url("schedule", campaign), {"scheduled_at": "2020-01-01T10:00"}, follow=True
    )

    assert "Kies een moment in de toekomst." in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT


def test_send_now_sends_and_the_progress_shows(
    admin_client, demo_site, django_capture_on_commit_callbacks
):
    SubscriberFactory.create_batch(3)
    campaign = CampaignFactory()

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url("send", campaign))

    assert len(mail.outbox) == 3
    soup = parse(admin_client.get(reverse("admin:newsletter_campaign_changelist")))
    assert (
        "3 verstuurd, 0 in de wachtrij, 0 mislukt"
        in soup.find(id="result_list").get_text()
    )
    page = admin_client.get(
        reverse("admin:newsletter_campaign_change", args=[campaign.pk])
    )
    assert "3 verstuurd" in page.content.decode()
    assert 'name="subject"' not in page.content.decode()  # sent: no longer edited


def test_subscribers_export_as_csv(admin_client, demo_site):
    SubscriberFactory(email="anouk@example.com", first_name="Anouk")

    response = admin_client.post(
        reverse("admin:newsletter_subscriber_changelist"),
        {
            "action": "export_csv",
            "_selected_action": list(Subscriber.objects.values_list("pk", flat=True)),
        },
    )

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["email", "first_name", "status"]
    assert rows[1][:3] == ["anouk@example.com", "Anouk", "confirmed"]


def upload(rows):
    content = "\n".join(rows).encode()
    return SimpleUploadedFile("oude-lijst.csv", content, content_type="text/csv")


def test_an_import_with_consent_given_elsewhere_arrives_confirmed(
    admin_client, demo_site
):
    SubscriberFactory(email="weg@example.com", status="unsubscribed")

    admin_client.post(
        reverse("admin:newsletter_subscriber_import"),
        {
            "file": upload(
                [
                    "email,first_name",
                    "Anouk@Example.com,Anouk",
                    "geen-adres",
                    "weg@example.com",
                ]
            ),
            "consent_given_elsewhere": "on",
        },
    )

    anouk = Subscriber.objects.get(email="anouk@example.com")
    assert (anouk.status, anouk.first_name, anouk.consent_version) == (
        "confirmed",
        "Anouk",
        "import",
    )
    assert Subscriber.objects.get(email="weg@example.com").status == "unsubscribed"
    assert not Subscriber.objects.filter(email="geen-adres").exists()
    assert mail.outbox == []


def test_an_import_without_that_consent_asks_everyone_to_confirm(
    admin_client, demo_site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:newsletter_subscriber_import"),
            {"file": upload(["anouk@example.com", "bas@example.com"])},
        )

    assert set(Subscriber.objects.values_list("status", flat=True)) == {"pending"}
    assert sorted(m.to[0] for m in mail.outbox) == [
        "anouk@example.com",
        "bas@example.com",
    ]


def test_scheduling_leaves_a_task_for_that_moment(
    admin_client, demo_site, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    campaign = CampaignFactory()
    moment = timezone.localtime() + timedelta(hours=3)

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            url("schedule", campaign),
            {"scheduled_at": moment.strftime("%Y-%m-%dT%H:%M")},
        )

    task = DBTaskResult.objects.get(task_path="newsletter.tasks.send_campaign")
    assert abs(task.run_after - moment) < timedelta(minutes=1)


def test_the_export_keeps_formulas_from_running_in_a_spreadsheet(
    admin_client, demo_site
):
    SubscriberFactory(first_name='=HYPERLINK("https://evil.example","Klik")')
    SubscriberFactory(first_name="-2+3", email="@min@example.com")

    response = admin_client.post(
        reverse("admin:newsletter_subscriber_changelist"),
        {
            "action": "export_csv",
            "_selected_action": list(Subscriber.objects.values_list("pk", flat=True)),
        },
    )

    cells = [
        cell
        for row in csv.reader(io.StringIO(response.content.decode()))
        for cell in row
    ]
    assert '\'=HYPERLINK("https://evil.example","Klik")' in cells
    assert "'-2+3" in cells and "'@min@example.com" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_an_import_leaves_out_names_that_hold_a_web_address(admin_client, demo_site):
    admin_client.post(
        reverse("admin:newsletter_subscriber_import"),
        {"file": upload(["win@example.com,WIN a prize at https://spam.example"]),
         "consent_given_elsewhere": "on"},
    )  # fmt: skip

    assert Subscriber.objects.get(email="win@example.com").first_name == ""
