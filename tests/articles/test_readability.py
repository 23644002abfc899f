"""The reading grade and time are computed from the text, stored on save, and need no network."""

import json

import pytest

from articles.readability import as_sentences, flesch_kincaid_grade, reading_stats
from tests.factories import ArticlePageFactory, heading, paragraph

EASY = "<p>Drink water. Walk each day. Sleep well. Eat greens. Call us if it hurts. We can help you.</p>"
HARD = (
    "<p>Pharmacological interventions targeting neuromuscular hyperexcitability demonstrate "
    "inconsistent efficacy, necessitating individualized consideration of comorbidities, "
    "concomitant medications and physiological electrolyte homeostasis.</p>"
)


def test_grade_is_none_for_too_little_text():
    assert reading_stats("Too short.").grade is None
    assert reading_stats("").minutes == 1


def test_harder_text_scores_a_higher_grade():
    assert flesch_kincaid_grade(HARD) > 14 > 4 > flesch_kincaid_grade(EASY)


def test_headings_and_list_items_count_as_sentences():
    assert (
        as_sentences("A heading\nA point: with text.\n\nNext")
        == "A heading.\nA point: with text.\nNext."
    )


def test_reading_time_is_words_over_200_rounded_up():
    assert reading_stats("word " * 401).minutes == 3


def test_no_network_or_nltk_download(monkeypatch):
    import nltk

    def refuse(*args, **kwargs):
        raise AssertionError("reading stats must not download anything")

    monkeypatch.setattr(nltk, "download", refuse)
    assert reading_stats(HARD * 3).grade is not None


@pytest.mark.django_db
def test_grade_is_stored_on_save_and_changes_with_the_text(articles_index):
    article = ArticlePageFactory(
        parent=articles_index, title="Grades", body=[heading("Plain"), paragraph(EASY)]
    )
    easy_grade = article.reading_grade
    assert easy_grade is not None and easy_grade <= 8
    assert article.word_count > 10

    article.body = json.dumps([{"type": "paragraph", "value": HARD}] * 3)
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.reading_grade > easy_grade + 5
    assert article.word_count > 40


@pytest.mark.django_db
def test_demo_articles_are_written_in_plain_language():
    from articles.models import ArticlePage

    for article in ArticlePage.objects.filter(
        slug__in=[
            "leg-cramps",
            "dream-recall-and-vitamin-b6",
            "waking-between-2-and-4-am",
            "muscle-soreness-after-exercise",
        ]
    ):
        assert article.reading_grade is not None and article.reading_grade <= 8, article.slug
