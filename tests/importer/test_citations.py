"""APA strings → structured reference fields, or raw with a reason."""

import pytest

from articles.importer.citations import parse_reference


def test_journal_article_all_fields():
    ref = parse_reference(
        "Stone, A. B., Hill, C., & Vale, D. E. (2016). Magnesium and sleep in older adults: "
        "A randomised trial. Journal of Example Nutrition, 22(7), 1001–1009. "
        "https://doi.org/10.5555/jen.2016.22.7 PMID: 12345678"
    )
    assert ref.parsed
    assert ref.authors == "Stone, A. B., Hill, C., & Vale, D. E."
    assert ref.year == "2016"
    assert ref.title == "Magnesium and sleep in older adults: A randomised trial"
    assert ref.source == "Journal of Example Nutrition"
    assert (ref.volume, ref.issue, ref.pages) == ("22", "7", "1001–1009")
    assert ref.doi == "10.5555/jen.2016.22.7"
    assert ref.pmid == "12345678"
    assert ref.fields()["raw"] == ""


def test_hyphen_page_range_becomes_en_dash_and_letters_in_pages_are_kept():
    ref = parse_reference(
        "Moss, P. (2011). Cramps at night. Example Family Doctor, 57(8), 839-840."
    )
    assert ref.parsed and ref.pages == "839–840"
    ref = parse_reference(
        "Moss, P. (2011). Cramps at night. Example Family Doctor, 57(8), e12-e19."
    )
    assert ref.parsed and ref.pages == "e12–e19"


def test_volume_without_issue_and_title_with_question_mark():
    ref = parse_reference("Reed, L. (2003). Does water help? Clinical Notes, 9, 4–6.")
    assert ref.parsed
    assert (ref.title, ref.source, ref.volume, ref.issue) == (
        "Does water help?",
        "Clinical Notes",
        "9",
        "",
    )


def test_organisation_as_author():
    ref = parse_reference(
        "World Example Organization. (2020). Healthy diet facts. Example Bulletin, 98(1), 1–3."
    )
    assert ref.parsed and ref.authors == "World Example Organization."


@pytest.mark.parametrize(
    ("text", "note"),
    [
        (
            "Poe, E. (2021). Hiccups. In StatPearls [Internet]. StatPearls Publishing.",
            "book chapter",
        ),
        (
            "Kim, J. (2019). Sleep. In A. Editor (Ed.), Big Book of Sleep (pp. 1–20). Example Press.",
            "book chapter",
        ),
        ("Healthline article about magnesium, retrieved 2021", "no 'Authors (Year).' opening"),
        ("some person (2019). A title. A Journal, 1(2), 3–4.", "authors not in APA form"),
        ("Lee, K. (2018). A book title without a journal. Example Press.", "not a journal-article"),
        ("Lee, K. (2018). Title. Journal, 3(1), 4–5. and some trailing words", "unrecognised text"),
    ],
)
def test_not_apa_journal_kept_raw_with_reason(text, note):
    ref = parse_reference(text)
    assert not ref.parsed
    assert note in ref.note
    assert ref.fields() == {"raw": text}


def test_field_too_long_for_the_model_is_kept_raw():
    ref = parse_reference(f"Long, A. (2000). Title. Journal, 1{'2' * 30}(1), 1–2.")
    assert not ref.parsed
