"""Topic names per language (TopicName): the Spanish pages show Spanish topics, the English pages
the tags as before, and a topic without a name in the page's language shows its tag."""

import json
import re

import pytest
from taggit.models import Tag
from wagtail.models import Locale

from articles.models import ArticlePage, TopicName
from clinic.http.changes import TOPIC_NAME, Change

pytestmark = pytest.mark.django_db

CHIP = re.compile(r'class="chip"[^>]*>([^<]*)<')


def chips(html: str) -> list[str]:
    return CHIP.findall(html)


def test_the_spanish_index_names_its_topics_in_spanish(client):
    html = client.get("/es/articulos/").content.decode()
    assert chips(html) == [
        "Todos los temas",
        "Ejercicio",
        "Músculos",
        "Sueño",
        "Suplementos",
        "Vitaminas",
    ]
    for english in ("Sleep", "Muscles", "Exercise", "Vitamins", "Supplements"):
        assert f">{english}<" not in html


def test_the_english_index_keeps_its_tags(client):
    html = client.get("/articles/").content.decode()
    assert chips(html) == [
        "All topics",
        "Exercise",
        "Muscles",
        "Nutrition",
        "Sleep",
        "Stress",
        "Supplements",
        "Vitamins",
    ]


def test_a_spanish_topic_page_is_headed_and_counted_in_spanish(client):
    html = client.get("/es/articulos/?topic=sleep").content.decode()
    assert '<span class="h1-sub">: sueño</span>' in html
    assert re.search(r"<title>Sueño · ", html)
    assert "1 artículo sobre sueño" in html


def test_the_spanish_search_page_offers_spanish_topics(client):
    html = client.get("/es/search/?q=zzzzqx").content.decode()
    assert "Sueño" in chips(html) and "Sleep" not in chips(html)


def test_a_spanish_article_names_its_topics_in_spanish_in_meta_json_ld_and_feed(client):
    page = ArticlePage.objects.get(slug="recordar-los-suenos-y-la-vitamina-b6")
    html = client.get(page.url).content.decode()
    tags = re.findall(r'property="article:tag" content="([^"]*)"', html)
    assert sorted(tags) == ["sueño", "suplementos", "vitaminas"]
    data = [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]
    keywords = next(item["keywords"] for item in data if "keywords" in item)
    assert sorted(keywords.split(", ")) == ["sueño", "suplementos", "vitaminas"]
    feed = client.get("/es/feed/").content.decode()
    assert "<category>sueño</category>" in feed and "<category>sleep</category>" not in feed
    assert "artículos de salud" in feed.lower()  # the channel's title and description too


def test_the_english_feed_keeps_english_topics(client):
    feed = client.get("/feed/").content.decode()
    assert "<category>sleep</category>" in feed and "<category>sueño</category>" not in feed


def test_a_topic_without_a_spanish_name_reads_as_its_tag(client):
    TopicName.objects.filter(topic__slug="vitamins", locale__language_code="es").delete()
    assert "Vitamins" in chips(client.get("/es/articulos/").content.decode())


def test_renaming_a_topic_shows_at_once_on_cached_pages(
    client, settings, django_capture_on_commit_callbacks
):
    """The index's topic list (and the page itself) are remembered under the content generation:
    saving a topic name renews it when the transaction commits."""
    settings.PAGE_CACHE_ENABLED = True
    assert "Sueño" in chips(client.get("/es/articulos/").content.decode())
    assert "Sueño" in chips(client.get("/es/articulos/").content.decode())  # remembered
    name = TopicName.objects.get(topic__slug="sleep", locale__language_code="es")
    with django_capture_on_commit_callbacks(execute=True):
        name.name = "dormir"
        name.save()
    html = client.get("/es/articulos/").content.decode()
    assert "Dormir" in chips(html) and "Sueño" not in chips(html)


def test_saving_a_topic_name_purges_everything(django_capture_on_commit_callbacks):
    name = TopicName.objects.get(topic__slug="sleep", locale__language_code="es")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        name.name = "dormir"
        name.save()
    assert any(isinstance(c, Change) and c.everything and TOPIC_NAME in c.kinds for c in callbacks)


def test_deleting_a_topic_name_purges_everything(django_capture_on_commit_callbacks):
    name = TopicName.objects.get(topic__slug="sleep", locale__language_code="es")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        name.delete()
    assert any(isinstance(c, Change) and c.everything and TOPIC_NAME in c.kinds for c in callbacks)


def test_topic_names_are_translated_with_wagtail_localize():
    """The name is a segment to translate; the topic itself is shared by the translations."""
    from wagtail_localize.fields import (
        SynchronizedField,
        TranslatableField,
        get_translatable_fields,
    )

    fields = {field.field_name: type(field) for field in get_translatable_fields(TopicName)}
    assert fields["name"] is TranslatableField
    assert fields["topic"] is SynchronizedField
    english = TopicName.objects.get(topic__slug="sleep", locale=Locale.get_default())
    spanish = english.get_translation(Locale.objects.get(language_code="es"))
    assert (english.name, spanish.name, spanish.topic_id) == ("sleep", "sueño", english.topic_id)


def test_one_name_per_topic_and_language():
    from django.db import IntegrityError, transaction

    tag = Tag.objects.get(slug="sleep")
    with pytest.raises(IntegrityError), transaction.atomic():
        TopicName.objects.create(topic=tag, locale=Locale.get_default(), name="rest")
