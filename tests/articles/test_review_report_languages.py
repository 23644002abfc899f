"""The medical-review report covers both languages: a Spanish article due for review is listed with
its language beside the English one, the Locale filter narrows to one language, and the CSV has a
Language column."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.factories import ArticlePageFactory, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_pair(articles_index):
    english = ArticlePageFactory(
        parent=articles_index, title="Never reviewed, both languages", last_reviewed=None
    )
    spanish = translate(english, {"Never reviewed, both languages": "Nunca revisado, en español"})
    assert spanish.last_reviewed is None  # synchronised from the English page
    return english, spanish


def report_rows(response):
    """{title: language cell text} of the report's table."""
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    table = soup.select_one("table.listing")
    headings = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    language = headings.index("Language")
    title = headings.index("Article")
    rows = {}
    for tr in table.select("tbody tr"):
        cells = tr.find_all(["td", "th"], recursive=False)
        rows[cells[title].get_text(" ", strip=True)] = cells[language].get_text(" ", strip=True)
    return rows


def row_for(rows, title):
    (language,) = [lang for text, lang in rows.items() if text.startswith(title)]
    return language


def test_both_languages_are_listed_with_their_language(admin_client, due_pair):
    english, spanish = due_pair
    rows = report_rows(admin_client.get(reverse("articles_due_for_review")))
    assert row_for(rows, english.title) == "English"
    assert row_for(rows, spanish.title) == "Español"


def test_the_locale_filter(admin_client, due_pair):
    english, spanish = due_pair
    url = reverse("articles_due_for_review")
    spanish_only = report_rows(admin_client.get(url, {"locale": "es"}))
    assert set(spanish_only.values()) == {"Español"}
    assert any(title.startswith(spanish.title) for title in spanish_only)
    english_only = report_rows(admin_client.get(url, {"locale": "en"}))
    assert set(english_only.values()) == {"English"}
    assert any(title.startswith(english.title) for title in english_only)


def test_the_csv_names_the_language(admin_client, due_pair):
    english, spanish = due_pair
    response = admin_client.get(reverse("articles_due_for_review"), {"export": "csv"})
    text = b"".join(response.streaming_content).decode()
    rows = {row["Title"]: row["Language"] for row in csv.DictReader(io.StringIO(text))}
    assert rows[english.title] == "English"
    assert rows[spanish.title] == "Español"
