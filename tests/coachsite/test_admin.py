import pytest
from django.urls import reverse

from coachsite.models import Page
from core.models import SiteProfile

pytestmark = pytest.mark.django_db


def test_the_site_profile_is_one_form_in_the_admin(admin_client):
    response = admin_client.get(reverse("admin:core_siteprofile_changelist"))

    assert response.status_code == 200
    assert 'name="coach_name"' in response.content.decode()
    assert SiteProfile.objects.count() == 1


def test_the_coach_edits_the_site_profile_in_the_admin(admin_client, client):
    response = admin_client.post(
        reverse("admin:core_siteprofile_change"),
        {
            "site_name": "Praktijk Noor",
            "coach_name": "Noor Bakker",
            "tagline": "Samen verder.",
            "contact_email": "noor@example.com",
            "instagram_url": "https://www.instagram.com/noor",
            "vat_regime": "kor",
        },
    )

    assert response.status_code == 302
    assert SiteProfile.get_solo().coach_name == "Noor Bakker"
    assert SiteProfile.get_solo().vat_regime == "kor"
    assert "Noor Bakker" in client.get("/").content.decode()


def test_pages_are_written_with_ckeditor_5(admin_client):
    response = admin_client.get(reverse("admin:coachsite_page_add"))

    content = response.content.decode()
    assert 'class="django_ckeditor_5"' in content
    assert "django_ckeditor_5/dist/bundle.js" in content
    assert "django_ckeditor_5/dist/translations/nl.js" in content


def test_a_page_saved_in_the_admin_is_sanitised(admin_client):
    admin_client.post(
        reverse("admin:coachsite_page_add"),
        {
            "title": "Werkwijze",
            "slug": "werkwijze",
            "lang": "nl",
            "body": '<p>Zo werk ik.</p><img src="x" onerror="alert(1)"><script/>',
        },
    )

    assert Page.objects.get(slug="werkwijze").body == '<p>Zo werk ik.</p><img src="x">'


def test_the_admin_refuses_a_slug_that_another_route_owns(admin_client):
    response = admin_client.post(
        reverse("admin:coachsite_page_add"),
        {"title": "Over", "slug": "over-mij", "lang": "nl", "body": "<p>x</p>"},
    )

    assert response.status_code == 200
    assert "Dit adres wordt al gebruikt" in response.content.decode()
    assert not Page.objects.filter(slug="over-mij").exists()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/admin/booking/review/7/change/", "/admin/reviews/review/7/change/"),
        (
            "/admin/booking/review/?status=hidden",
            "/admin/reviews/review/?status=hidden",
        ),
        ("/admin/coachsite/siteprofile/", "/admin/core/siteprofile/"),
    ],
)
def test_admin_pages_of_moved_models_send_older_links_on(client, old, new):
    response = client.get(old)

    assert response.status_code == 302
    assert response["Location"] == new
