"""axe-core on the public pages, their forms showing errors, and the post editor."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model

from tests.browser.test_writing_a_post import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = [
    "/",
    "/blog/",
    "/blog/vertrouwen-herstellen/",
    "/blog/zoeken/?q=relatie",
    "/over-mij/",
    "/afspraak/",
    "/afspraak/individuele-sessie/",
    "/beoordelingen/",
    "/nieuwsbrief/",
    "/en/blog/vertrouwen-herstellen/",
]


def violations(page, **options):
    """axe's violations as readable lines: rule, impact and the elements."""
    results = Axe().run(page, **options)
    return [
        f"{rule['id']} ({rule['impact']}): "
        + ", ".join(str(node["target"]) for node in rule["nodes"][:5])
        for rule in results.response["violations"]
    ]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_public_page_has_no_violations(page, demo_content, path):
    page.goto(path)

    assert violations(page) == []


def test_the_comment_form_showing_its_errors_has_no_violations(page, demo_content):
    page.goto("/blog/vertrouwen-herstellen/")
    page.click(".comment-form button[type=submit]")
    page.locator(".comment-form .field-invalid").first.wait_for()

    assert violations(page) == []


def test_the_booking_form_showing_its_errors_has_no_violations(page, demo_content):
    page.goto("/afspraak/individuele-sessie/")
    page.locator(".times a").first.click()
    page.click("main button[type=submit]")
    page.locator(".field-invalid").first.wait_for()

    assert violations(page) == []


# What Django's admin itself gets wrong on the post editor (reported upstream): the
# split date/time inputs and Select2's search boxes have no <label>, the combobox
# of Select2's single choice (autocomplete_fields) has no name while empty, and
# the links of the breadcrumbs and of the search bar's count are told apart by
# colour alone. Anything else fails.
ADMIN_KNOWN = {
    "label": (
        "[id^=id_published_at_]",
        "[id^=id_starts_at_]",
        ".select2-search__field",
    ),
    "aria-input-field-name": (".select2-selection--single",),
    "link-in-text-block": (".breadcrumbs a", "#changelist-search a"),
}


def violations_beyond_djangos(page):
    """axe's (rule, element) pairs on an admin page, but for ADMIN_KNOWN's."""
    return [
        (rule["id"], target)
        for rule in Axe().run(page).response["violations"]
        for node in rule["nodes"]
        for target in node["target"]
        if not known_to_django(page, rule["id"], target)
    ]


def known_to_django(page, rule, target):
    """Whether the element axe names is one of ADMIN_KNOWN's (by where it is, not
    by axe's selector, which changes with the rest of the page)."""
    return any(
        page.eval_on_selector(target, "(e, s) => !!e.closest(s)", known)
        for known in ADMIN_KNOWN.get(rule, ())
    )


def test_the_post_editor_adds_no_violations_to_djangos_own(page, demo_content):
    get_user_model().objects.create_superuser(
        username="editor", email="editor@example.com", password="lang-wachtwoord-42"
    )
    log_in(page, "editor", "lang-wachtwoord-42")
    page.goto("/admin/blog/post/add/")
    page.locator(".ck-editor__editable").first.wait_for()

    assert violations_beyond_djangos(page) == []
