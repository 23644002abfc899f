"""`sanitised`: rich text HTML with only what the editor allows (clinic.richtext). Applied by this
project's copy of Wagtail's `wagtailcore/shared/richtext.html`, so every `|richtext` and every
RichTextBlock value passes through it."""

from django import template
from django.utils.safestring import mark_safe

from clinic.richtext import sanitise

register = template.Library()


@register.filter
def sanitised(html):
    return mark_safe(sanitise(str(html or "")))  # noqa: S308 - the sanitiser's output
