"""Plain-language summaries for other screens.

{% load plain_language %}
{% plain_language_review page %}     the reviewer's summary (level, checklist, findings)
{{ article|reading_level }}          "Grade 6.2" or "INFLESZ 68 (fairly easy)" (stored values)
"""

from django import template

from articles.plain_language.summary import reading_level as level_of
from articles.plain_language.summary import review_summary

register = template.Library()


@register.inclusion_tag("articles/plain_language/review_summary.html")
def plain_language_review(page):
    if page is None or not getattr(page, "pk", None):
        return {"summary": None}
    return {"summary": review_summary(page), "page": page}


@register.filter
def reading_level(page) -> str:
    return level_of(page)["label"] if page is not None else ""
