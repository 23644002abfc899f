"""The clinic's own plain words, per language, which staff edit as snippets."""

from __future__ import annotations

from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index
from wagtail.snippets.models import register_snippet

LANGUAGE_CHOICES = [("en", "English"), ("es", "Spanish")]


@register_snippet
class PlainWord(index.Indexed, models.Model):
    """A word or phrase the clinic wants written more plainly, with the words to use instead.
    Added to the shipped word lists (articles/plain_language/wordlists/) in the editor's
    plain-language checks; an entry for a word already in those lists replaces it.

    A language field rather than Wagtail's TranslatableMixin: a Spanish plain word is not a
    translation of an English one (the lists differ word by word), so there is nothing to sync."""

    language = models.CharField(
        max_length=2,
        choices=LANGUAGE_CHOICES,
        default="en",
        help_text="The language of the articles this word is checked in.",
    )
    word = models.CharField(
        max_length=80,
        help_text="The word or phrase to flag, e.g. 'nocturia' or 'in the event that'. Plurals "
        "and usual verb endings are matched too.",
    )
    plainer = models.CharField(
        max_length=200,
        help_text="What to write instead; separate choices with '|', e.g. 'waking at night to "
        "pee | getting up to pee'.",
    )
    note = models.CharField(
        max_length=200,
        blank=True,
        help_text="Optional: why, or when the word is fine (shown to writers with the finding).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("word"), FieldPanel("language")]),
        FieldPanel("plainer"),
        FieldPanel("note"),
    ]
    search_fields = [index.SearchField("word"), index.AutocompleteField("word")]

    class Meta:
        app_label = "articles"
        ordering = ["language", "word"]
        unique_together = [("language", "word")]
        verbose_name = "plain word"

    def __str__(self):
        return f"{self.word} → {self.plainer}"

    def alternatives(self) -> list[str]:
        return [part.strip() for part in self.plainer.split("|") if part.strip()]
