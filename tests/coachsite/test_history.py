"""History and restore of the coach's texts: who changed what when, the
changes between versions, restore with one click; as the coach (the Coach
group, not a superuser)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from coachsite.models import Page
from core.models import SiteProfile
from tests.blog.factories import published_post
from tests.booking.factories import SessionTypeFactory
from tests.html import form_values, parse
from tests.newsletter.factories import CampaignFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach():
    user = get_user_model().objects.create_user(
        username="sanne", first_name="Sanne", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Coach"))
    client = Client()
    client.force_login(user)
    return client


def edit(client, post, **changes):
    """Change the post through its admin form, as she would."""
    url = reverse("admin:blog_post_change", args=[post.pk])
    data = {**form_values(client.get(url), "post_form"), **changes}
    response = client.post(url, data)
    assert response.status_code == 302, parse(response).select(".errorlist")
    return response


def test_every_saved_version_is_listed_with_its_changes_and_author(coach):
    post = published_post(title="Vertrouwen", body="<p>Eerste versie.</p>")
    edit(coach, post, title="Vertrouwen in je relatie")
    edit(coach, post, body="<p>Tweede versie, veel beter.</p>")

    page = coach.get(reverse("admin:blog_post_history", args=[post.pk]))

    assert page.status_code == 200
    text = parse(page).get_text(" ")
    assert "Vertrouwen in je relatie" in text and "Vertrouwen" in text
    assert "Tweede versie, veel beter." in text  # what changed, old and new
    assert "Wijzigingen" in text and "Gewijzigd door" in text  # in Dutch
    assert "Sanne" in text or "sanne" in text
    assert post.history.count() == 3  # written, then changed twice


def test_an_earlier_version_is_restored_with_one_click(coach):
    post = published_post(title="Vertrouwen", body="<p>Goed stuk.</p>")
    edit(coach, post, body="<p>Per ongeluk gewist.</p>")
    first = post.history.order_by("history_date").first()

    url = reverse("admin:blog_post_simple_history", args=[post.pk, first.pk])
    form = coach.get(url)
    assert "Goed stuk." in form.text  # the old version, to look at first
    assert "Terugzetten" in form.text
    restored = coach.post(url, form_values(form, "historicalpost_form"))

    assert restored.status_code == 302
    post.refresh_from_db()
    assert post.body == "<p>Goed stuk.</p>"
    assert post.history.count() == 3  # the restore is a version of its own


MAKERS = {
    "Post": lambda: published_post(),
    "Page": lambda: Page.objects.create(title="Over mij", slug="over-mij-test"),
    "Campaign": lambda: CampaignFactory(),
    "SessionType": lambda: SessionTypeFactory(),
    "SiteProfile": SiteProfile.get_solo,
}


@pytest.mark.parametrize("name", MAKERS)
def test_her_texts_and_settings_all_keep_a_history(coach, name):
    obj = MAKERS[name]()
    obj.save()  # a change after the first version
    opts = obj._meta

    history = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]
    )
    response = coach.get(history)

    assert response.status_code == 200
    assert obj.history.count() >= 1
    version = obj.history.first()
    form = f"admin:{opts.app_label}_{opts.model_name}_simple_history"
    assert coach.get(reverse(form, args=[obj.pk, version.pk])).status_code == 200
