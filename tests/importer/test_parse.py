"""The parser: text/HTML → ParsedArticle. Pure Python, no database."""

import datetime
from pathlib import Path

import pytest

from articles.importer.chrome import is_chrome
from articles.importer.decode import decode_bytes
from articles.importer.lines import working_title
from articles.importer.parse import paragraph_html, parse_bytes, parse_html, parse_text
from articles.importer.parsed import ImportFormatError
from articles.importer.text_tokens import split_articles

FIXTURES = Path(__file__).parent / "fixtures"
NBSP = "\u00a0"


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def three():
    return parse_text(read("three_articles.txt")).articles


@pytest.fixture(scope="module")
def toc_article():
    (article,) = parse_text(read("toc_article.txt")).articles
    return article


@pytest.fixture(scope="module")
def post():
    (article,) = parse_html(read("saved_post.html")).articles
    return article


def all_text(article) -> str:
    parts = [article.title, article.summary, *article.introduction]
    for block in article.blocks:
        parts.append(block.text)
        parts.extend(block.paragraphs)
        for item in block.items:
            parts.append(item.title)
            parts.extend(item.paragraphs)
    return "\n".join(parts)


# --- splitting and chrome ------------------------------------------------------------------------


def test_file_with_three_articles_gives_three(three):
    assert len(three) == 3
    assert [a.position for a in three] == [1, 2, 3]


def test_only_lines_of_whitespace_characters_split_articles():
    one = "First article sentence that is long enough to count as text.\n\n\n\nStill the first article, after three empty lines of space."
    assert len(split_articles(one)) == 1
    two = one.replace("\n\n\n\n", f"\n{NBSP}\n \n\n")
    assert len(split_articles(two)) == 2
    single = one.replace(
        "\n\n\n\n", f"\n{NBSP}\n\n"
    )  # one spacer line: an empty paragraph, not a break
    assert len(split_articles(single)) == 1


def test_crlf_line_endings_split_the_same_way():
    text = read("three_articles.txt").replace("\n", "\r\n")
    assert len(parse_text(text).articles) == 3


@pytest.mark.parametrize(
    "line",
    [
        "top of page",
        "bottom of page",
        "Clinic wellness logo",
        "Example Clinic Logo1",
        "Phone",
        "Email",
        "Locations",
        "(254) 555-0142",
        "254-555-0142",
        "• Facebook",
        "Instagram",
        "Yelp for business",
        "©2025 Example Clinic, PLLC",
        "12 W Sample Street. Hamilton, Texas 76531",
        "500 Example Avenue Suite B. Waco, Texas - 76701",
        "3 min read",
    ],
)
def test_site_chrome_lines_are_recognised(line):
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        "Phone calls after 5 pm go to the answering service, so leave a message.",
        "Magnesium is a mineral found in leafy greens.",
        "Root Causes of Leg Cramps:",
        "1. Electrolyte Imbalance: low potassium can cause cramps.",
        "The logo of the clinic shows a tree, which stands for growth and roots.",
    ],
)
def test_article_lines_are_not_chrome(line):
    assert not is_chrome(line)


def test_no_chrome_in_any_article(three):
    chrome = [
        "top of page",
        "bottom of page",
        "logo",
        "555-0142",
        "Facebook",
        "Instagram",
        "Yelp",
        "©",
        "76531",
        "Example Avenue",
    ]
    for article in three:
        text = all_text(article)
        for bit in chrome:
            assert bit not in text, (article.title, bit)
        assert "Phone\n" not in text and "\nEmail" not in text


# --- title, date, summary ------------------------------------------------------------------------


def test_untitled_article_gets_a_working_title_and_flag(three):
    first = three[0]
    assert first.title_derived
    assert first.title.startswith("Hiccups are sudden")
    assert "no title in the source" in first.warnings[0]


def test_title_line_is_used_when_present(three):
    third = three[2]
    assert third.title == "Why Magnesium Matters"
    assert not third.title_derived
    assert not any("no title" in w for w in third.warnings)
    assert "Why Magnesium Matters" not in all_text(third).split("\n", 1)[1]


def test_working_title_is_short():
    text = "Muscle aches after a long hike are common and they usually fade within two or three days of rest."
    title = working_title(text)
    assert len(title.split()) <= 13
    assert title.startswith("Muscle aches after a long hike")
    assert working_title("Short opening line.") == "Short opening line"


def test_updated_line_sets_the_date_and_is_not_body(three):
    assert three[0].last_updated == datetime.date(2024, 3, 3)
    assert three[2].last_updated == datetime.date(2022, 1, 15)
    assert three[1].last_updated is None
    assert any('no "Updated:" date' in w for w in three[1].warnings)
    assert "Updated:" not in all_text(three[0])


def test_unreadable_date_is_a_warning():
    (article,) = parse_text(
        "Updated: Smarch 40, 2023\n\nThis is the opening paragraph of an article about something.\n"
    ).articles
    assert article.last_updated is None
    assert any("could not read the date" in w for w in article.warnings)


def test_short_opening_paragraph_becomes_the_summary_without_toc(three):
    first = three[0]
    assert first.summary_derived
    assert first.summary == (
        "Hiccups are sudden, involuntary contractions of the diaphragm that can be annoying and "
        "tiring when they last for a long time. In functional medicine, persistent hiccups are a "
        "signal worth exploring. Looking for the trigger often brings relief."
    )
    assert first.introduction == []  # moved, not shown twice
    assert "Hiccups are sudden" not in all_text(first).replace(first.summary, "").replace(
        first.title, ""
    )


def test_long_opening_paragraph_stays_and_summary_takes_its_first_sentences():
    opening = " ".join(
        f"Sentence number {n} of a long opening paragraph about sleep." for n in range(1, 7)
    )
    (article,) = parse_text(
        opening + "\n\nA second paragraph with more than eight words in it.\n"
    ).articles
    assert article.introduction == [opening]
    assert article.summary_derived
    assert article.summary.startswith("Sentence number 1 of")
    assert len(article.summary) < len(opening)


def test_long_source_summary_is_kept_with_a_warning():
    summary = " ".join(f"Point {n} of the summary is stated plainly here." for n in range(1, 7))
    text = (
        f"{summary}\n- Section One Title\n- Section Two Title\n"
        "Section One Title\nThe first section has a paragraph of ordinary text.\n"
        "Section Two Title\nThe second section has a paragraph of ordinary text too.\n"
    )
    (article,) = parse_text(text).articles
    assert article.summary == summary and not article.summary_derived
    assert "the summary has 6 sentences; Key points should be two to four" in article.warnings


# --- headings and lists --------------------------------------------------------------------------


def test_short_lines_ending_with_colon_are_headings(three):
    assert three[0].headings == ["Common Triggers of Hiccups", "Gentle Ways to Stop Hiccups"]
    assert three[2].headings == ["Signs of Low Magnesium"]


def test_lead_in_sentence_ending_with_colon_is_not_a_heading(three):
    assert "Foods that may help include" not in three[1].headings
    paragraphs = [p for b in three[1].blocks if b.type == "paragraph" for p in b.paragraphs]
    assert "Foods that may help include:" in paragraphs


def test_numbered_points_with_title_and_text_on_one_line(three):
    lists = [b for b in three[0].blocks if b.type == "numbered_list"]
    assert [len(b.items) for b in lists] == [3, 2]
    first = lists[0].items[0]
    assert first.title == "Eating Too Quickly"
    assert first.paragraphs == [
        "Swallowing air with large bites stretches the stomach and irritates the diaphragm. "
        "Slowing down at meals is a simple first step."
    ]
    assert lists[1].items[1].title == "Sipping Cold Water"


def test_numbered_title_lines_followed_by_a_paragraph(three):
    (numbered,) = [b for b in three[1].blocks if b.type == "numbered_list"]
    assert [i.title for i in numbered.items] == [
        "Morning Light",
        "A Cooler Bedroom",
        "Screens Off Early",
    ]
    assert numbered.items[0].paragraphs == [
        "Spending ten minutes outside soon after waking helps set the body clock for the day ahead."
    ]


def test_paragraph_after_the_last_point_is_not_part_of_it(three):
    blocks = three[0].blocks
    assert blocks[-1].type == "paragraph"
    assert blocks[-1].paragraphs[0].startswith("Hiccups that last longer than two days")


def test_paragraphs_between_points_belong_to_the_earlier_point():
    text = (
        "An opening paragraph that is long enough to be the introduction of the article.\n\n"
        "Things To Try:\n\n"
        "1. Walk: A short walk after meals helps digestion.\n\n"
        "It also lifts the mood on grey days.\n\n"
        "2. Rest: Sleep is when the body repairs itself.\n\n"
        "A closing paragraph that sums up the article in a sentence or two.\n"
    )
    (article,) = parse_text(text).articles
    (numbered,) = [b for b in article.blocks if b.type == "numbered_list"]
    assert numbered.items[0].paragraphs == [
        "A short walk after meals helps digestion.",
        "It also lifts the mood on grey days.",
    ]
    assert article.blocks[-1].paragraphs == [
        "A closing paragraph that sums up the article in a sentence or two."
    ]


def test_numbered_restart_makes_a_new_list(three):
    kinds = [b.type for b in three[0].blocks]
    assert kinds == ["heading", "numbered_list", "heading", "numbered_list", "paragraph"]


def test_bullet_lines_become_a_bulleted_list(three):
    (bullets,) = [b for b in three[1].blocks if b.type == "bulleted_list"]
    assert [(i.title, i.paragraphs) for i in bullets.items] == [
        ("", ["Tart cherries"]),
        ("", ["Kiwi fruit"]),
        ("Warm milk", ["a familiar bedtime drink for many families."]),
    ]


def test_toc_gives_summary_intro_and_headings(toc_article):
    a = toc_article
    assert a.summary.startswith("Vitamin D supports bones, muscles and the immune system")
    assert not a.summary_derived
    assert a.introduction == [
        "This article explains what vitamin D does, how to tell whether you are low, and how to "
        "raise your level safely with the help of your care team."
    ]
    assert a.headings == [
        "What Vitamin D Does in the Body",
        "Testing Your Vitamin D Level",
        "Raising a Low Level Safely",
    ]
    # the TOC list itself is not body content
    assert not any(b.type == "bulleted_list" for b in a.blocks)
    assert all_text(a).count("Testing Your Vitamin D Level") == 1
    assert a.title_derived and a.title.startswith("Vitamin D supports bones")


def test_bullets_that_do_not_match_later_lines_are_not_a_toc():
    text = (
        "A long enough opening paragraph about the good things that are in our kitchen cupboard.\n"
        "- Oats\n- Beans\n- Lentils\n"
        "Pantry Staples\n"
        "Dried foods keep for months and make quick, filling meals on busy days.\n"
    )
    (article,) = parse_text(text).articles
    assert any(b.type == "bulleted_list" and len(b.items) == 3 for b in article.blocks)
    assert article.summary_derived


def test_bullet_lines_a_toc_points_at_become_headings_and_parsing_ends():
    # Found by the property tests: a contents list of bullets whose entries come back later as
    # bullet lines once made the parser loop forever.
    text = (
        "A short opening paragraph that tells the reader what this handout covers today.\n"
        "- Fluids first\n- Gentle stretching\n"
        "A paragraph between the contents list and the sections, with several plain words.\n"
        "- Fluids first\n- Gentle stretching\n"
        "The closing paragraph follows here and has enough words to be a plain paragraph.\n"
    )
    (article,) = parse_text(text).articles
    headings = [b.text for b in article.blocks if b.type == "heading"]
    assert headings == ["Fluids first", "Gentle stretching"]
    assert not any(b.type == "bulleted_list" for b in article.blocks)


# --- references and disclaimer -------------------------------------------------------------------


def test_numbered_references_parsed_and_raw(three):
    refs = three[0].references
    assert len(refs) == 2
    assert refs[0].parsed and refs[0].authors == "Doe, J. A., & Roe, R. B."
    assert (refs[0].year, refs[0].volume, refs[0].issue, refs[0].pages) == (
        "2019",
        "12",
        "4",
        "201–209",
    )
    assert refs[0].source == "Journal of Everyday Medicine"
    assert not refs[1].parsed and refs[1].raw.startswith("Poe, E. (2021). Hiccups. In StatPearls")
    assert any("reference 2 kept as raw text" in w for w in three[0].warnings)
    assert "References" not in all_text(three[0])


def test_dash_prefixed_references(three):
    refs = three[1].references
    assert [r.parsed for r in refs] == [True, True]
    assert refs[0].authors.startswith("Lark, M.")
    assert refs[1].doi == "10.1234/shr.2018.0088"
    assert not refs[0].raw.startswith("-")


def test_disclaimer_lifted_out_of_body(three):
    assert three[0].disclaimer.startswith("This page shares general wellness information only.")
    assert "Disclaimer" not in all_text(three[0])
    assert three[1].disclaimer == ""


# --- warnings ------------------------------------------------------------------------------------


def test_cut_off_sentence_is_warned(three):
    assert any('cut off: "…linked with deeper and more refreshing"' in w for w in three[1].warnings)
    assert not any("cut off" in w for w in three[0].warnings)


def test_split_word_is_warned_but_vitamin_letters_are_not(three, toc_article):
    assert any('split word "R hythms"' in w for w in three[1].warnings)
    assert not any("split word" in w for w in toc_article.warnings)  # "Vitamin D supports"


def test_fingerprints_differ_per_article_and_ignore_chrome_and_position(three):
    assert len({a.fingerprint for a in three}) == 3
    # the second article alone, without chrome and at position 1, has the same fingerprint
    chunk = split_articles(read("three_articles.txt"))[1]
    (alone,) = parse_text("\n".join(["top of page", *chunk, "(254) 555-0142"])).articles
    assert alone.fingerprint == three[1].fingerprint


def test_same_opening_twice_in_one_file_gets_distinct_fingerprints():
    body = "An article that opens with the very same sentence as its twin below it.\n\nMore text here.\n"
    articles = parse_text(body + f"{NBSP}\n{NBSP}\n" + body).articles
    assert len(articles) == 2
    assert articles[0].fingerprint != articles[1].fingerprint


# --- HTML ----------------------------------------------------------------------------------------


def test_html_post(post):
    assert post.title == "Staying Hydrated in the Texas Heat"
    assert not post.title_derived
    assert post.last_updated == datetime.date(2024, 8, 2)
    assert post.headings == ["How Much Water Do You Need?", "Signs of Dehydration"]
    assert [b.level for b in post.blocks if b.type == "heading"] == ["h2", "h3"]
    (numbered,) = [b for b in post.blocks if b.type == "numbered_list"]
    assert [i.title for i in numbered.items] == ["Start early", "Add minerals"]
    (bullets,) = [b for b in post.blocks if b.type == "bulleted_list"]
    assert [i.paragraphs for i in bullets.items] == [
        ["Dark yellow urine"],
        ["Headache and tiredness"],
    ]
    assert len(post.references) == 1 and post.references[0].parsed
    assert post.disclaimer.startswith("General information only")


def test_html_drops_nav_header_footer_script_aside(post):
    text = all_text(post)
    for bit in ["Home", "Book online", "analytics", "newsletter", "PLLC", "555-0142", "logo"]:
        assert bit not in text


def test_html_without_article_is_a_clean_error():
    with pytest.raises(ImportFormatError, match="no article"):
        parse_html(read("no_article.html"))


def test_html_without_article_element_uses_largest_text_container():
    page = (
        "<html><body><div class='menu'><p>Home</p><p>Blog</p></div>"
        "<div class='post'><h1>Walking for Health</h1><p>Walking every day strengthens the heart, "
        "lifts the mood and helps sleep, and it costs nothing at all.</p></div></body></html>"
    )
    (article,) = parse_html(page).articles
    assert article.title == "Walking for Health"
    assert "Blog" not in all_text(article)


def test_text_that_is_not_html_given_as_html():
    with pytest.raises(ImportFormatError, match="does not look like an HTML page"):
        parse_bytes(b"just some words in a file called .html", "post.html")


# --- decoding and bad input ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\n\t ", "empty"),
        ("\u00a0\n\u00a0\n".encode(), "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"text with a \x00 NUL byte", "binary"),
        (bytes(range(128, 256)) * 4, "not UTF-8"),
        (b"\x01\x02\x03\x04 words \x05\x06\x07\x08\x0b\x0e\x0f", "binary"),
    ],
)
def test_bad_bytes_are_clean_errors(data, message):
    with pytest.raises(ImportFormatError, match=message):
        decode_bytes(data)


def test_utf8_with_bom_and_cp1252_text_decode():
    assert decode_bytes("\ufeffCaf\u00e9 opening".encode()) == "Caf\u00e9 opening"
    assert decode_bytes("It\u2019s a caf\u00e9 \u2013 open daily".encode("cp1252")) == (
        "It\u2019s a caf\u00e9 \u2013 open daily"
    )


def test_unsupported_suffix():
    with pytest.raises(ImportFormatError, match="unsupported file type"):
        parse_bytes(b"hello there", "notes.docx")


def test_chrome_only_file_is_an_error():
    with pytest.raises(ImportFormatError, match="no article text"):
        parse_text("top of page\n\nPhone\n\nEmail\n\n(254) 555-0142\n\nbottom of page\n")


def test_stray_fragment_between_articles_is_skipped_with_a_note():
    body = "A proper article opening with enough words to count as real text.\n"
    parsed = parse_text(
        body
        + f"{NBSP}\n{NBSP}\nShare\nRead more\n{NBSP}\n{NBSP}\n"
        + body.replace("proper", "second")
    )
    assert len(parsed.articles) == 2
    assert parsed.notes == ['skipped a fragment without article text: "Read more"']


def test_paragraph_html_escapes_and_links():
    assert paragraph_html("a < b & c") == "<p>a &lt; b &amp; c</p>"
    assert paragraph_html("See www.example.org for more.") == (
        '<p>See <a href="https://www.example.org">www.example.org</a> for more.</p>'
    )
