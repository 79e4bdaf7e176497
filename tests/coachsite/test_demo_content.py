import io

import pytest
from django.core.management import call_command

from coachsite.models import Page, SiteProfile
from tests.coachsite.factories import PageFactory

pytestmark = pytest.mark.django_db


def load_demo_content(*args):
    out = io.StringIO()
    call_command("load_demo_content", *args, stdout=out)
    return out.getvalue()


def test_demo_content_fills_the_coach_profile_and_fixed_pages():
    load_demo_content()

    profile = SiteProfile.get_solo()
    assert profile.coach_name == "Sanne Verbeek"
    assert profile.social_links
    assert set(Page.objects.values_list("key", flat=True)) == {"about", "privacy"}
    assert "<h2>" in Page.objects.get(key="privacy").body


def test_loading_the_demo_content_twice_changes_nothing():
    load_demo_content()
    before = list(Page.objects.values_list("pk", "key", "title", "body", "updated_at"))

    load_demo_content()

    assert (
        list(Page.objects.values_list("pk", "key", "title", "body", "updated_at"))
        == before
    )


def test_loading_again_keeps_what_the_coach_changed():
    load_demo_content()
    about = Page.objects.get(key="about")
    about.title = "Wie ik ben"
    about.save()

    load_demo_content()

    assert Page.objects.get(key="about").title == "Wie ik ben"


def test_if_empty_loads_into_an_empty_site():
    assert "loaded" in load_demo_content("--if-empty")

    assert Page.objects.count() == 2


def test_if_empty_leaves_a_site_with_its_own_content_alone():
    PageFactory(title="Tarieven", slug="tarieven")

    load_demo_content("--if-empty")

    assert list(Page.objects.values_list("slug", flat=True)) == ["tarieven"]
    assert SiteProfile.get_solo().coach_name == ""
