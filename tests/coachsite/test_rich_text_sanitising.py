import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from core.richtext import sanitize_html
from tests.coachsite.factories import PageFactory


def test_the_editors_own_markup_survives():
    html = (
        "<h2>Kop</h2><p><strong>Vet</strong>, <em>schuin</em> en "
        '<a href="https://example.com/x">een link</a>.</p>'
        "<ul><li>een</li></ul><ol><li>twee</li></ol><blockquote><p>Citaat</p></blockquote>"
    )

    cleaned = sanitize_html(html)

    soup = BeautifulSoup(cleaned, "html.parser")
    assert [tag.name for tag in soup.find_all(True)] == [
        "h2", "p", "strong", "em", "a", "ul", "li", "ol", "li", "blockquote", "p",
    ]  # fmt: skip
    assert soup.a["href"] == "https://example.com/x"


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Hallo<script>alert(1)</script></p>", "<p>Hallo</p>"),
        ('<p onclick="steal()">Hallo</p>', "<p>Hallo</p>"),
        ('<img src="x.jpg" onerror="steal()" alt="">', '<img src="x.jpg" alt="">'),
        ('<a href="javascript:steal()">klik</a>', '<a rel="noopener">klik</a>'),
        ('<a href="JaVaScRiPt:steal()">klik</a>', '<a rel="noopener">klik</a>'),
        ('<img src="javascript:steal()">', "<img>"),
        ('<p style="position:fixed">Hallo</p>', "<p>Hallo</p>"),
        ('<iframe src="https://evil.example"></iframe><p>x</p>', "<p>x</p>"),
        ("<style>body{display:none}</style><p>x</p>", "<p>x</p>"),
        ('<form action="/x"><input name="q"></form>', ""),
    ],
)
def test_scripts_event_handlers_and_javascript_urls_are_removed(dirty, clean):
    assert sanitize_html(dirty) == clean


def test_links_keep_a_safe_rel():
    cleaned = sanitize_html('<a href="https://example.com" target="_blank">x</a>')

    assert cleaned == '<a href="https://example.com" rel="noopener">x</a>'


@given(
    st.lists(
        st.sampled_from(
            [
                "<script>", "</script>", "<p ", "onload=", "onerror='x'", ">",
                'href="javascript:', "<a ", "<img src=", "<svg", "<!--", "-->",
                "text", "&lt;", '"', "'", "<", "jav&#x09;ascript:", "</p>",
            ]
        )
    ).map("".join)
)  # fmt: skip
def test_nothing_executable_survives_any_mix_of_markup(html):
    soup = BeautifulSoup(sanitize_html(html), "html.parser")

    assert not soup.find_all(["script", "svg", "iframe", "style"])
    for tag in soup.find_all(True):
        assert not any(name.lower().startswith("on") for name in tag.attrs)
        for value in (tag.get("href", ""), tag.get("src", "")):
            assert not value.replace("\t", "").lower().startswith("javascript:")


@pytest.mark.django_db
def test_rich_text_is_sanitised_whenever_it_is_saved():
    page = PageFactory(body='<p onclick="x()">Hallo</p><script>alert(1)</script>')

    page.refresh_from_db()

    assert page.body == "<p>Hallo</p>"
