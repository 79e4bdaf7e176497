import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.blog.factories import PostFactory, published_post
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def posts():
    return [
        published_post(
            title="Vertrouwen herstellen na een breuk",
            body="<p>Over vertrouwen en veiligheid in de relatie.</p>",
        ),
        published_post(
            title="Jaloezie",
            body="<p>Jaloezie ondermijnt het vertrouwen in een relatie.</p>",
        ),
        published_post(title="Grenzen", body="<p>Nee zeggen zonder schuldgevoel.</p>"),
        PostFactory(title="Concept over vertrouwen", body="<p>vertrouwen</p>"),
    ]


def search(client, q):
    return client.get("/blog/zoeken/", {"q": q})


def result_titles(response):
    return [h.get_text() for h in parse(response).select(".search-result h2")]


def test_search_finds_posts_by_title_and_text_best_first(client, posts):
    response = search(client, "vertrouwen")

    assert result_titles(response) == ["Vertrouwen herstellen na een breuk", "Jaloezie"]
    assert "2 berichten gevonden" in response.content.decode()


def test_every_word_must_match(client, posts):
    assert result_titles(search(client, "jaloezie vertrouwen")) == ["Jaloezie"]


def test_matches_are_highlighted_in_a_snippet(client, posts):
    snippet = parse(search(client, "schuldgevoel")).find(class_="search-snippet")

    assert snippet.find("mark").get_text().lower() == "schuldgevoel"


def test_the_snippet_shows_text_not_markup(client, db):
    published_post(
        title="Veilig",
        body="<p>Zeg &lt;script&gt;alert(1)&lt;/script&gt; tegen angst.</p>",
    )

    response = search(client, "angst")

    snippet = parse(response).find(class_="search-snippet")
    assert "<script>alert(1)</script>" in snippet.get_text()
    assert not snippet.find("script")


def test_nothing_found_gets_a_helpful_answer(client, posts):
    response = search(client, "astronaut")

    assert "0 berichten gevonden" in response.content.decode()
    assert "Niets gevonden" in response.content.decode()


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("", "Typ een of meer woorden"),
        ("   ", "Typ een of meer woorden"),
        ("!!! ??? ***", "Zoek met letters of cijfers"),
        ("x" * 300, "Zoek met een paar woorden"),
        ("liefde\x00", "Op die tekens kan niet worden gezocht"),
    ],
)
def test_empty_and_nonsense_queries_get_a_friendly_page(client, posts, q, message):
    response = search(client, q)

    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_search_page_is_not_indexed(client, posts):
    soup = parse(search(client, "vertrouwen"))

    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(q=st.text(max_size=250))
def test_no_query_breaks_the_search(client, posts, q):
    assert search(client, q).status_code == 200


@pytest.mark.postgresql
def test_postgresql_search_understands_dutch_word_forms(client, db):
    published_post(title="Samen", body="<p>We luisteren weer naar elkaar.</p>")

    assert result_titles(search(client, "luister")) == ["Samen"]


@pytest.mark.postgresql
def test_postgresql_ranks_title_matches_above_text_matches(client, db):
    published_post(title="Gewoon een titel", body="<p>Iets over grenzen.</p>")
    published_post(title="Grenzen", body="<p>Iets anders.</p>")

    assert result_titles(search(client, "grenzen")) == ["Grenzen", "Gewoon een titel"]


@pytest.mark.postgresql
def test_postgresql_search_uses_the_full_text_index(posts):
    from blog.models import Post

    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = Post.objects.search("vertrouwen").explain()
        cursor.execute("RESET enable_seqscan")

    assert "blog_post_search_document_idx" in plan
