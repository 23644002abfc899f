"""StreamField blocks of an article body. The same block templates render on the web and in handouts."""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "superscript", "subscript"]
LIST_ITEM_FEATURES = ["bold", "italic", "link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=150, help_text="Keep headings short and plain.")
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section (H2)"), ("h3", "Sub-section (H3)")],
        default="h2",
        help_text="Sections appear in the table of contents; sub-sections sit inside a section.",
    )

    def get_anchor(self, value) -> str:
        return slugify(value["text"]) or "section"

    class Meta:
        icon = "title"
        template = "articles/blocks/heading.html"
        description = "A section or sub-section heading. Sections build the table of contents."
        preview_value = {"text": "What causes leg cramps?", "level": "h2"}
        form_classname = "heading-block"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "articles/blocks/paragraph.html"
        description = "A paragraph of text. Short sentences and everyday words help every reader."
        preview_value = (
            "<p>Most night-time leg cramps are harmless, but they can wake you up and "
            "make the next day harder.</p>"
        )


class ListItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        required=False,
        max_length=150,
        help_text="Optional lead-in shown in bold, e.g. 'Drink water'.",
    )
    text = blocks.RichTextBlock(features=LIST_ITEM_FEATURES, required=False)

    def clean(self, value):
        value = super().clean(value)
        if not value.get("title") and not (value.get("text") and value["text"].source.strip()):
            raise StructBlockValidationError(
                block_errors={
                    "text": ValidationError("Give the point a lead-in, some text or both.")
                }
            )
        return value

    class Meta:
        icon = "list-ul"


class _ListBlock(blocks.StructBlock):
    items = blocks.ListBlock(ListItemBlock(), min_num=1)


class NumberedListBlock(_ListBlock):
    class Meta:
        icon = "list-ol"
        template = "articles/blocks/numbered_list.html"
        description = (
            "Numbered points, for steps or ranked causes. Each point can have a bold lead-in."
        )
        preview_value = {
            "items": [
                {"title": "Drink water", "text": "<p>Sip through the day, not all at once.</p>"},
                {"title": "Stretch", "text": "<p>Stretch your calves before bed.</p>"},
            ]
        }


class BulletedListBlock(_ListBlock):
    class Meta:
        icon = "list-ul"
        template = "articles/blocks/bulleted_list.html"
        description = "A bulleted list, for items in no particular order."
        preview_value = {
            "items": [
                {"title": "", "text": "<p>Leafy greens</p>"},
                {"title": "", "text": "<p>Nuts and seeds</p>"},
            ]
        }


# The kind's name is the box's title when staff leave it blank: patients read it, in the page's
# language (a Spanish article's box says "Hable con su proveedor").
CALLOUT_KINDS = [
    ("note", pgettext_lazy("callout kind", "Note")),
    ("tip", pgettext_lazy("callout kind", "Tip")),
    ("warning", pgettext_lazy("callout kind", "Warning")),
    ("provider", pgettext_lazy("callout kind", "Talk to your provider")),
]


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=CALLOUT_KINDS, default="note", help_text="Sets the colour and icon."
    )
    title = blocks.CharBlock(
        required=False,
        max_length=100,
        help_text="Optional. Blank uses the kind's name, e.g. 'Talk to your provider'.",
    )
    text = blocks.RichTextBlock(features=LIST_ITEM_FEATURES + ["ul", "ol"])

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["label"] = value.get("title") or dict(CALLOUT_KINDS).get(
            value.get("kind"), CALLOUT_KINDS[0][1]
        )
        return context

    class Meta:
        icon = "warning"
        template = "articles/blocks/callout.html"
        description = (
            "A highlighted box: a note, a tip, a warning or when to talk to your provider."
        )
        preview_value = {
            "kind": "provider",
            "title": "",
            "text": "<p>Call us if cramps happen every night or come with swelling.</p>",
        }


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text="Required. Describe what the picture shows for readers who cannot see it.",
    )
    caption = blocks.CharBlock(
        required=False, max_length=250, help_text="Optional caption under the image."
    )

    class Meta:
        icon = "image"
        template = "articles/blocks/image.html"
        description = "A picture with a description (alt text) and an optional caption."


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(help_text="The quotation, without quotation marks.")
    attribution = blocks.CharBlock(
        required=False, max_length=150, help_text="Who said it (optional)."
    )

    class Meta:
        icon = "openquote"
        template = "articles/blocks/quote.html"
        description = "A short quotation set apart from the text."
        preview_value = {
            "text": "Small, steady changes are the ones that last.",
            "attribution": "Clark Wellness",
        }


class ArticleBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    numbered_list = NumberedListBlock()
    bulleted_list = BulletedListBlock()
    callout = CalloutBlock()
    image = ImageBlock()
    quote = QuoteBlock()

    class Meta:
        block_counts = {}
