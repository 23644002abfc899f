"""Property-based tests: whatever the input, the parser either returns articles that the writer can
store, or raises ImportFormatError — never anything else."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.importer.citations import parse_reference
from articles.importer.decode import decode_bytes
from articles.importer.parse import parse_bytes, parse_html, parse_text
from articles.importer.parsed import ImportFormatError, ParsedArticle

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# the generators of structured input are slower: fewer examples keep the suite quick
SLOW = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

words = st.sampled_from(
    [
        "sleep",
        "Magnesium",
        "the",
        "of",
        "R",
        "hythms",
        "Vitamin",
        "D",
        "cortisol",
        "and",
        "helps",
        "(2019).",
        "Doe,",
        "J.",
        "&",
        "Journal,",
        "12(3),",
        "1–9.",
        "In",
        "StatPearls",
        "Updated:",
        "Jun",
        "24,",
        "2023",
        "References:",
        "Disclaimer:",
        "www.example.org",
        "<p>",
        "&amp;",
        "—",
        "é",
    ]
)
sentence = st.lists(words, min_size=1, max_size=25).map(" ".join)
line = st.one_of(
    sentence,
    sentence.map(lambda s: s + "."),
    sentence.map(lambda s: s.title() + ":"),
    st.tuples(st.integers(0, 12), sentence).map(lambda t: f"{t[0]}. {t[1]}"),
    st.tuples(st.integers(1, 5), sentence, sentence).map(
        lambda t: f"{t[0]}. {t[1].title()}: {t[2]}."
    ),
    sentence.map(lambda s: "- " + s),
    sentence.map(lambda s: "-" + s),
    st.just("References:"),
    st.just("Disclaimer: general information only."),
    st.just("Updated: Jun 24, 2023"),
    st.just("Updated: Feb 30, 2023"),
    st.sampled_from(
        [
            "",
            " ",
            "\u00a0",
            "\t",
            "\u200b",
            "top of page",
            "(254) 555-0142",
            "Phone",
            "bottom of page",
            "©2025 Example Clinic, PLLC",
            "• Facebook",
        ]
    ),
)
structured = st.lists(line, max_size=40).map("\n".join)


def check(articles: list[ParsedArticle]) -> None:
    """What the writer relies on."""
    assert articles
    for article in articles:
        assert article.title.strip() and len(article.title) <= 255
        assert article.summary.strip()
        assert len(article.fingerprint) == 64
        for block in article.blocks:
            assert block.type in {"heading", "paragraph", "numbered_list", "bulleted_list"}
            if block.type == "heading":
                assert block.text and len(block.text) <= 150
                assert block.level in {"h2", "h3"}
            for item in block.items:
                assert len(item.title) <= 150
                assert item.title or item.paragraphs


def parses_or_clean_error(fn, *args):
    try:
        result = fn(*args)
    except ImportFormatError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    check(result.articles)


@SETTINGS
@given(st.text())
def test_arbitrary_text(text):
    parses_or_clean_error(parse_text, text)


@SLOW
@given(structured)
def test_structured_text(text):
    parses_or_clean_error(parse_text, text)


@SLOW
@given(
    st.lists(structured, min_size=1, max_size=4).map(
        lambda parts: "\n\u00a0\n\u00a0\n\n".join(parts)
    )
)
def test_several_structured_articles(text):
    parses_or_clean_error(parse_text, text)


@SETTINGS
@given(st.binary())
def test_arbitrary_bytes(data):
    for name in ("post.txt", "post.html"):
        parses_or_clean_error(parse_bytes, data, name)


@SETTINGS
@given(st.binary())
def test_decode_returns_text_or_clean_error(data):
    try:
        text = decode_bytes(data)
    except ImportFormatError:
        return
    assert isinstance(text, str) and text.strip()


tags = st.sampled_from(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "li",
        "div",
        "article",
        "main",
        "nav",
        "footer",
        "script",
        "ul",
        "ol",
        "span",
        "blockquote",
    ]
)


@st.composite
def html_pages(draw):
    parts = []
    for _ in range(draw(st.integers(0, 15))):
        tag = draw(tags)
        parts.append(f"<{tag}>{draw(st.one_of(line, st.text(max_size=30)))}")
        if draw(st.booleans()):
            parts.append(f"</{tag}>")
    return "<html><body>" + "".join(parts) + "</body></html>"


@SLOW
@given(html_pages())
def test_arbitrary_html(page):
    parses_or_clean_error(parse_html, page)


@SETTINGS
@given(st.one_of(st.text(), sentence))
def test_reference_parser_never_crashes_and_keeps_raw(text):
    ref = parse_reference(text)
    assert ref.raw == " ".join(text.split())
    fields = ref.fields()
    if ref.parsed:
        assert ref.authors and ref.year and ref.title and ref.source
        assert len(fields["volume"]) <= 20 and len(fields["pages"]) <= 40
    else:
        assert fields == {"raw": ref.raw}
