"""The print desk (issue 20): the builder's search (title, summary, topics and body, in the packet's
language, narrowed by a topic), what each result shows, bad input, and one article once."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from handouts import desk
from handouts.models import PrintCount

pytestmark = pytest.mark.django_db

SEARCH = "/admin/packets/search/"
URL = "/admin/packets/"


@pytest.fixture
def indexed(db):
    call_command("update_index", verbosity=0)


def titles(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_search_finds_by_topic_word_and_by_body_word(admin_client, indexed):
    from articles.models import ArticlePage

    html = titles(admin_client.get(SEARCH, {"q": "sleep", "language": "en"}))
    # Both demo articles with the sleep topic, though "sleep" is in neither title.
    for page in ArticlePage.objects.filter(locale__language_code="en", topics__slug="sleep"):
        assert page.title in html
    html = titles(admin_client.get(SEARCH, {"q": "magnesium", "language": "en"}))
    bodies = [
        page.title
        for page in ArticlePage.objects.filter(locale__language_code="en")
        if "magnesium" in str(page.body).lower() and "magnesium" not in page.title.lower()
    ]
    assert bodies and all(title in html for title in bodies)


def test_each_result_shows_topics_reading_level_pages_and_spanish(admin_client, indexed):
    from articles.models import ArticlePage

    page = ArticlePage.objects.get(slug="muscle-soreness-after-exercise")
    html = titles(admin_client.get(SEARCH, {"q": "soreness", "language": "en"}))
    assert page.title in html
    assert "Topics: " in html and "exercise" in html
    assert f"Reading grade {page.reading_grade:.1f}" in html
    assert "(estimate)" in html  # nothing printed yet
    assert "Spanish version: yes" in html  # the demo translates this one


def test_a_stored_handout_gives_the_printed_page_count(admin_client, indexed, fake_render):
    from articles.models import ArticlePage

    page = ArticlePage.objects.get(slug="leg-cramps")
    assert admin_client.get(page.url + "handout/").status_code == 200  # stores it (1 fake page)
    (result,) = [r for r in desk.search("cramps", "", "en").results if r.id == page.id]
    assert (result.pages, result.pages_estimated) == (1, False)


def test_a_topic_chip_narrows_and_a_spanish_packet_searches_spanish(admin_client, indexed):
    html = titles(admin_client.get(SEARCH, {"q": "", "topic": "sleep", "language": "en"}))
    assert "Leg cramps" in html and "Sore muscles" not in html
    html = titles(admin_client.get(SEARCH, {"q": "", "language": "es"}))
    assert "Dolor muscular" in html and "Leg cramps" not in html


@pytest.mark.parametrize(
    "params",
    [
        {"q": "'\"; DROP TABLE x; -- <script>alert(1)</script> \x00 (*) AND OR NOT"},
        {"q": ""},
        {"q": "sleep " * 40},  # 240 characters: cut to 200
        {"q": "sleep", "topic": "no-such-topic"},
        {"q": "sleep", "language": "xx"},
        {"q": '"', "topic": "'"},
    ],
)
def test_hostile_or_odd_searches_get_a_normal_answer(admin_client, indexed, params):
    response = admin_client.get(SEARCH, params)
    assert response.status_code in (200, 400)  # a NUL byte in a URL is refused before the view
    assert "<script>alert" not in response.content.decode()
    assert response.status_code == 400 or "no-store" in response["Cache-Control"]


def test_an_unknown_topic_says_so(admin_client, indexed):
    html = titles(admin_client.get(SEARCH, {"q": "sleep", "topic": "no-such-topic"}))
    assert "There is no topic “no-such-topic”" in html


def test_the_search_is_for_staff_only(client, indexed):
    assert client.get(SEARCH, {"q": "sleep"}).status_code in (302, 403)


def _post(client, ids, **fields):
    return client.post(URL, {"language": "en", "location": "", "articles": ids, **fields})


def test_an_article_and_its_translation_count_as_one(admin_client, fake_render):
    from articles.models import ArticlePage

    english = ArticlePage.objects.get(slug="muscle-soreness-after-exercise")
    spanish = ArticlePage.objects.get(
        translation_key=english.translation_key, locale__language_code="es"
    )
    response = _post(admin_client, [english.id, spanish.id], language="es", note="Rest.")
    assert response.status_code == 400
    html = response.content.decode()
    assert "is already in the packet (as" in html and "count as one" in html
    assert fake_render.count == 0 and not PrintCount.objects.exists()


def test_the_same_article_twice_is_refused(admin_client, fake_render):
    from articles.models import ArticlePage

    page = ArticlePage.objects.get(slug="leg-cramps")
    response = _post(admin_client, [page.id, page.id])
    assert response.status_code == 400
    assert f"“{page.title}” is already in the packet" in response.content.decode()
    assert fake_render.count == 0


def test_an_eleventh_article_is_refused(admin_client, articles_index, fake_render):
    from tests.factories import HandoutArticleFactory

    ids = [
        HandoutArticleFactory(parent=articles_index, slug=f"desk-{n}", title=f"Desk {n}").id
        for n in range(11)
    ]
    response = _post(admin_client, ids)
    assert response.status_code == 400
    assert "A packet holds at most 10 articles; 11 were chosen." in response.content.decode()
    assert fake_render.count == 0


def test_a_spanish_result_lists_its_topics_in_spanish(indexed):
    """Staff at a Spanish packet read the topics as the patient will (TopicName), not the English
    tag names."""
    from wagtail.models import Locale

    from articles.models import ArticlePage

    english = ArticlePage.objects.get(
        slug="muscle-soreness-after-exercise", locale__language_code="en"
    )
    spanish = english.get_translation(Locale.objects.get(language_code="es"))
    (result,) = [r for r in desk.search("", "", "es").results if r.id == spanish.id]
    assert "ejercicio" in result.topics and "exercise" not in result.topics
    (result,) = [r for r in desk.search("", "", "en").results if r.id == english.id]
    assert "exercise" in result.topics
