"""clinic.richtext: rich text keeps what the editor allows and loses everything else, whichever way it
was written. (The article page and the handout are tested with the same constructs in
tests/articles/test_hostile_richtext.py and tests/handouts/test_hostile_richtext.py.)"""

import pytest
from django.template import Context, Template
from wagtail.rich_text import RichText

from clinic import richtext
from clinic.richtext import sanitise

from .hostile_html import AFTER, BEFORE, CONSTRUCTS, HOSTILE, problems, soup

ALLOWED = (
    '<p data-block-key="a1b2c">Plain <b>bold</b> <i>italic</i> <strong>strong</strong> '
    "<em>emphasis</em> x<sup>2</sup> H<sub>2</sub>O "
    '<a href="https://example.org/guide?a=1&amp;b=2">external</a> '
    '<a href="mailto:care@example.org">mail</a> <a href="tel:+12543868149">call</a> '
    '<a href="/articles/leg-cramps/">internal</a> <a href="#why">anchor</a><br>next line</p>'
    '<ul><li data-block-key="x1">one</li></ul><ol><li>first</li></ol>'
)


def test_the_allow_list_is_derived_from_the_fields_and_blocks_and_every_feature_is_known():
    enabled = richtext.enabled_features()
    # clinic: disclaimer, home intro; articles: paragraphs (sup/sub), lists, callouts; locations.
    assert {"bold", "italic", "link", "ul", "ol", "superscript", "subscript"} <= enabled
    unknown = enabled - richtext.FEATURE_TAGS.keys()
    assert not unknown, (
        f"add {sorted(unknown)} to clinic.richtext.FEATURE_TAGS (or its output is stripped)"
    )
    assert richtext.allowed_tags() == {
        "p", "br", "b", "strong", "i", "em", "a", "sup", "sub", "ul", "ol", "li"
    }  # fmt: skip


@pytest.mark.parametrize(("name", "html"), CONSTRUCTS, ids=[name for name, _ in CONSTRUCTS])
def test_each_hostile_construct_is_removed(name, html):
    assert problems(soup(html)), "the construct itself must be caught by the check"
    cleaned = sanitise(html)
    assert not problems(soup(cleaned)), cleaned


def test_text_around_and_inside_harmless_wrappers_is_kept():
    cleaned = sanitise(HOSTILE)
    text = soup(cleaned).get_text(" ")
    for kept in (BEFORE, AFTER, "js link", "entity link", "data link", "styled paragraph"):
        assert kept in text
    assert not problems(soup(cleaned))


def test_allowed_formatting_survives_unchanged():
    assert sanitise(ALLOWED) == ALLOWED


def test_elements_no_editor_feature_writes_are_unwrapped_keeping_their_text():
    cleaned = sanitise(
        '<h2>A heading</h2><div class="x"><span style="color:red">span text</span></div>'
        "<table><tr><td>cell</td></tr></table><blockquote>quoted</blockquote>"
    )
    assert cleaned == "A headingspan textcellquoted"


def test_long_values_are_sanitised_without_being_memoised():
    html = "<p>" + "word " * (richtext.MEMO_MAX_CHARS // 5) + "</p><script>alert(1)</script>"
    richtext._sanitise_memo.cache_clear()
    assert "<script" not in sanitise(html)
    assert richtext._sanitise_memo.cache_info().currsize == 0
    assert sanitise("<p>short</p><script>x</script>") == "<p>short</p>"
    assert richtext._sanitise_memo.cache_info().currsize == 1


@pytest.mark.django_db
def test_wagtails_richtext_filter_and_richtext_values_render_sanitised_with_page_links_expanded():
    from articles.models import ArticlePage

    target = ArticlePage.objects.get(slug="leg-cramps")
    stored = (
        f'<p data-block-key="k1">See <a linktype="page" id="{target.pk}">leg cramps</a> and '
        f'<a href="https://example.org/" onclick="steal()">more</a>.</p>' + HOSTILE
    )
    rendered = {
        "filter": Template("{% load wagtailcore_tags %}{{ value|richtext }}").render(
            Context({"value": stored})
        ),
        "block value": str(RichText(stored)),
    }
    for how, html in rendered.items():
        parsed = soup(html)
        assert not problems(parsed), how
        links = {a.get_text(): a.get("href") for a in parsed.find_all("a")}
        assert links["leg cramps"] == target.url, how
        assert links["more"] == "https://example.org/", how
        assert parsed.find("a", string="more").attrs == {"href": "https://example.org/"}, how
        assert BEFORE in parsed.get_text() and AFTER in parsed.get_text(), how
