import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from coachsite.models import Page
from core.models import SiteProfile
from tests.coachsite.factories import PageFactory
from tests.html import check_page_head, parse

pytestmark = pytest.mark.django_db

PAGES = [
    "coachsite:home",
    "coachsite:about",
    "coachsite:privacy",
    "booking:start",
    "reviews:list",
]


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_one_h1_language_canonical_description_and_open_graph(
    client, demo_site, name, language
):
    url = url_in(language, name)

    response = client.get(url)

    assert response.status_code == 200
    check_page_head(parse(response), lang=language, canonical=settings.SITE_URL + url)


@pytest.mark.parametrize(
    ("name", "dutch", "english"),
    [
        ("coachsite:home", "/", "/en/"),
        ("coachsite:about", "/over-mij/", "/en/about-me/"),
        ("coachsite:privacy", "/privacy/", "/en/privacy/"),
    ],
)
def test_dutch_lives_at_the_root_and_english_under_en_with_translated_paths(
    name, dutch, english
):
    assert url_in("nl", name) == dutch
    assert url_in("en", name) == english


def test_both_languages_of_a_page_link_each_other_with_hreflang(client, demo_site):
    soup = parse(client.get("/over-mij/"))

    alternates = {
        link["hreflang"]: link["href"]
        for link in soup.find_all("link", rel="alternate", hreflang=True)
    }

    assert alternates == {
        "nl": settings.SITE_URL + "/over-mij/",
        "en": settings.SITE_URL + "/en/about-me/",
        "x-default": settings.SITE_URL + "/over-mij/",
    }


def test_the_language_switch_leads_to_the_same_page_in_the_other_language(
    client, demo_site
):
    soup = parse(client.get("/en/privacy/"))

    switch = soup.find("nav", class_="language-switch")
    links = {a["hreflang"]: a for a in switch.find_all("a")}

    assert links["nl"]["href"] == "/privacy/"
    assert links["en"]["href"] == "/en/privacy/"
    assert links["en"]["aria-current"] == "true"
    assert "aria-current" not in links["nl"].attrs


def test_the_interface_is_translated_and_the_content_keeps_its_own_language(
    client, demo_site
):
    soup = parse(client.get("/en/about-me/"))

    assert soup.find("a", class_="skip-link").get_text() == "Skip to content"
    assert soup.find("article")["lang"] == "nl"
    assert soup.h1.get_text() == "Over mij"

    soup = parse(client.get("/over-mij/"))
    assert soup.find("a", class_="skip-link").get_text() == "Naar de inhoud"


def test_header_shows_the_coach_and_marks_the_current_page_in_the_menu(
    client, demo_site
):
    soup = parse(client.get("/over-mij/"))

    assert soup.find(class_="brand-name").get_text() == "Sanne Verbeek"
    current = soup.find("nav", class_="site-nav").find(
        "a", attrs={"aria-current": "page"}
    )
    assert current["href"] == "/over-mij/"
    assert current.get_text() == "Over mij"


def test_footer_has_social_links_contact_and_the_privacy_statement(client, demo_site):
    footer = parse(client.get("/")).find("footer")

    hrefs = [a["href"] for a in footer.find_all("a")]

    assert "https://www.instagram.com/example" in hrefs
    assert "mailto:sanne@example.com" in hrefs
    assert "/privacy/" in hrefs
    assert "Volg mij op social media" in footer.get_text()


def test_editing_the_site_profile_changes_every_page(client, demo_site):
    profile = SiteProfile.get_solo()
    profile.coach_name = "Noor Bakker"
    profile.save()

    soup = parse(client.get("/privacy/"))

    assert soup.find(class_="brand-name").get_text() == "Noor Bakker"


def test_a_fixed_page_keeps_its_address_when_the_coach_renames_it(client, demo_site):
    about = Page.objects.get(key=Page.Key.ABOUT)
    about.title, about.slug = "Wie ben ik?", "wie-ben-ik"
    about.save()

    response = client.get("/over-mij/")

    assert response.status_code == 200
    assert parse(response).h1.get_text() == "Wie ben ik?"
    assert client.get("/wie-ben-ik/").url == "/over-mij/"


def test_the_coachs_other_pages_live_at_their_slug_in_both_languages(client, db):
    PageFactory(title="Tarieven", slug="tarieven")

    assert parse(client.get("/tarieven/")).h1.get_text() == "Tarieven"
    assert client.get("/en/tarieven/").status_code == 200


@pytest.mark.parametrize("slug", ["over-mij", "about-me", "privacy"])
def test_a_page_cannot_take_the_address_of_another_part_of_the_site(db, slug):
    page = Page(title="Dubbel", slug=slug, body="<p>x</p>")

    with pytest.raises(ValidationError, match="al gebruikt"):
        page.full_clean()


@pytest.mark.parametrize(
    ("path", "lang"), [("/bestaat-niet/", "nl"), ("/en/nope/", "en")]
)
def test_an_unknown_address_gets_a_friendly_404_page(client, demo_site, path, lang):
    response = client.get(path)

    assert response.status_code == 404
    soup = parse(response)
    check_page_head(soup, lang=lang, canonical=settings.SITE_URL + path)
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert not soup.find_all("link", rel="alternate", hreflang=True)


@pytest.mark.parametrize("path", ["/", "/over-mij/", "/en/privacy/", "/bestaat-niet/"])
def test_anonymous_pages_can_be_cached_whole(client, demo_site, path):
    response = client.get(path)

    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert "Accept-Language" not in response.get("Vary", "")
    assert "private" not in response.get("Cache-Control", "")


def test_a_visitor_with_a_session_gets_an_uncached_response(client, demo_site):
    client.cookies[settings.SESSION_COOKIE_NAME] = "abc"

    response = client.get("/")

    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_robots_txt_points_to_the_sitemap_and_away_from_search_results(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain"
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in lines
    assert "Disallow: /blog/zoeken/" in lines
    assert "Disallow: /en/blog/search/" in lines


def test_browsers_asking_for_favicon_ico_get_the_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response.url == "/static/img/favicon.svg"


def test_the_sitemap_lists_every_page_in_both_languages_on_the_site_url(
    client, demo_site
):
    body = client.get("/sitemap.xml").content.decode()

    for path in (
        "/",
        "/en/",
        "/over-mij/",
        "/en/about-me/",
        "/privacy/",
        "/en/privacy/",
    ):
        assert f"<loc>{settings.SITE_URL}{path}</loc>" in body
    assert 'hreflang="x-default"' in body
