"""Every body block renders its template; blocks carry descriptions and preview values."""

import pytest
from bs4 import BeautifulSoup
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from articles.blocks import (
    ArticleBodyBlock,
    BulletedListBlock,
    CalloutBlock,
    HeadingBlock,
    ImageBlock,
    NumberedListBlock,
    ParagraphBlock,
    QuoteBlock,
)


def render(block, raw, **context):
    value = block.to_python(raw)
    return BeautifulSoup(block.render(value, context=context), "html.parser")


def test_heading_renders_level_and_anchor():
    html = render(
        HeadingBlock(), {"text": "Why cramps happen", "level": "h2"}, anchor="why-cramps-happen"
    )
    h2 = html.find("h2")
    assert h2.get_text() == "Why cramps happen"
    assert h2["id"] == "why-cramps-happen"
    h3 = render(HeadingBlock(), {"text": "Minerals", "level": "h3"}, anchor="minerals").find("h3")
    assert h3 is not None and h3["id"] == "minerals"


def test_paragraph_keeps_allowed_rich_text():
    html = render(ParagraphBlock(), "<p>Drink <b>water</b> through the day.</p>")
    assert html.find("p").get_text() == "Drink water through the day."
    assert html.find("b").get_text() == "water"


def test_numbered_list_renders_items_with_lead_ins_in_order():
    html = render(
        NumberedListBlock(),
        {
            "items": [
                {"title": "Stretch", "text": "<p>Pull your toes up.</p>"},
                {"title": "Walk", "text": ""},
            ]
        },
    )
    items = html.select("ol.points > li")
    assert [li.find(class_="point__title").get_text() for li in items] == ["Stretch:", "Walk"]
    assert "Pull your toes up." in items[0].get_text()


def test_bulleted_list_renders_items():
    html = render(
        BulletedListBlock(),
        {
            "items": [
                {"title": "", "text": "<p>Leafy greens</p>"},
                {"title": "", "text": "<p>Beans</p>"},
            ]
        },
    )
    assert [li.get_text(strip=True) for li in html.select("ul.points > li")] == [
        "Leafy greens",
        "Beans",
    ]


@pytest.mark.parametrize(
    "kind,title,label",
    [
        ("note", "", "Note"),
        ("tip", "", "Tip"),
        ("warning", "", "Warning"),
        ("provider", "", "Talk to your provider"),
        ("warning", "Be careful", "Be careful"),
    ],
)
def test_callout_renders_kind_and_label(kind, title, label):
    html = render(CalloutBlock(), {"kind": kind, "title": title, "text": "<p>Call us.</p>"})
    aside = html.find("aside")
    assert f"callout--{kind}" in aside["class"]
    assert aside["aria-label"] == label
    assert aside.find(class_="callout__title").get_text() == label
    assert aside.find(class_="callout__body").get_text(strip=True) == "Call us."


@pytest.mark.parametrize(
    "kind,label",
    [
        ("note", "Nota"),
        ("tip", "Consejo"),
        ("warning", "Advertencia"),
        ("provider", "Hable con su proveedor de salud"),
    ],
)
def test_a_callout_without_a_title_names_its_kind_in_the_page_language(kind, label):
    from django.utils import translation

    with translation.override("es"):
        html = render(CalloutBlock(), {"kind": kind, "title": "", "text": "<p>Llámenos.</p>"})
    aside = html.find("aside")
    assert aside["aria-label"] == label
    assert aside.find(class_="callout__title").get_text() == label


def test_quote_renders_text_and_attribution():
    html = render(QuoteBlock(), {"text": "Small steps last.", "attribution": "A patient"})
    assert html.find("blockquote").find("p").get_text() == "Small steps last."
    assert "A patient" in html.find("footer").get_text()


@pytest.mark.django_db
def test_image_renders_alt_text_and_caption():
    image = Image.objects.create(title="Calf stretch", file=get_test_image_file(size=(400, 300)))
    html = render(
        ImageBlock(),
        {
            "image": image.pk,
            "alt_text": "A woman stretching her calf",
            "caption": "The wall stretch",
        },
    )
    img = html.find("img")
    assert img["alt"] == "A woman stretching her calf"
    assert img["loading"] == "lazy"
    assert html.find("figcaption").get_text() == "The wall stretch"


def test_image_block_requires_alt_text():
    from django.core.exceptions import ValidationError

    block = ImageBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"image": None, "alt_text": "", "caption": ""}))


def test_every_body_block_has_a_description_and_most_a_preview():
    for name, child in ArticleBodyBlock().child_blocks.items():
        assert child.meta.description, name
        if name != "image":  # an image preview needs a stored image
            assert child.meta.preview_value, name
