"""handouts 0005: print counts made before prints were counted by language (all "en") take their
article's language; a row that meets one already in that language is added into it."""

import datetime
import importlib

import pytest
from django.apps import apps

from articles.models import ArticlePage
from handouts.models import PrintCount

pytestmark = pytest.mark.django_db

migration = importlib.import_module("handouts.migrations.0005_print_counts_language")


def test_old_rows_take_their_articles_language_and_merge():
    spanish = ArticlePage.objects.get(slug="recordar-los-suenos-y-la-vitamina-b6")
    english = ArticlePage.objects.get(slug="leg-cramps", locale__language_code="en")
    day = datetime.date(2026, 11, 30)
    key = {"variant": "std", "location": "", "channel": PrintCount.PUBLIC, "day": day}
    PrintCount.objects.create(article=spanish, language="en", count=3, **key)
    PrintCount.objects.create(
        article=spanish, language="es", count=2, **key
    )  # counted after the fix
    PrintCount.objects.create(
        article=spanish, language="en", count=4, **{**key, "channel": "admin"}
    )
    PrintCount.objects.create(article=english, language="en", count=5, **key)

    migration.count_in_the_articles_language(apps, None)

    rows = sorted(
        PrintCount.objects.filter(day=day).values_list("article_id", "language", "channel", "count")
    )
    assert rows == sorted(
        [
            (spanish.pk, "es", "public", 5),
            (spanish.pk, "es", "admin", 4),
            (english.pk, "en", "public", 5),
        ]
    )
