"""Snippets: the practitioners who write and review articles, and the topics' names per language."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from taggit.models import Tag
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
)
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet


@register_snippet
class Practitioner(index.Indexed, models.Model):
    """A clinician who writes or medically reviews articles."""

    name = models.CharField(max_length=120, help_text="Full name, e.g. 'Jane Clark'.")
    credentials = models.CharField(
        max_length=60,
        blank=True,
        help_text="Degrees and licences after the name, e.g. 'FNP-C' or 'MD'.",
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional head-and-shoulders photo.",
    )
    bio = models.TextField(blank=True, help_text="Two or three sentences about the practitioner.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practitioner",
        verbose_name="Reviewer account",
        help_text="The staff account this practitioner approves Medical review with. Only an "
        "account linked here can approve: the approval records this practitioner as the reviewer.",
    )
    updated_at = models.DateTimeField(
        auto_now=True, help_text="When this was last saved (stored handouts name it)."
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("credentials")]),
        FieldPanel("photo"),
        FieldPanel("bio"),
        # Who may sign off medical content is an administrator's decision.
        FieldPanel("user", permission="superuser"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


@register_snippet
class TopicName(TranslatableMixin, models.Model):
    """How a topic reads to patients in one language. Staff tag articles with one set of topics
    (``sleep``, ``nutrition``), shared by an article and its translations; a topic name gives the
    words patients see for it in a language: the index's and the search page's topic chips, the
    topic page's heading, the article's keywords and the feed's categories. A topic without a
    name in the page's language reads as the tag itself. Translate the English names into Spanish
    with "Translate", or add a Spanish one directly."""

    topic = models.ForeignKey(
        Tag,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The topic, as articles are tagged with it.",
    )
    name = models.CharField(
        max_length=100,
        help_text="The topic as patients read it in this language, e.g. 'sueño' for 'sleep'.",
    )

    panels = [FieldPanel("topic"), FieldPanel("name")]

    class Meta(TranslatableMixin.Meta):
        unique_together = [("translation_key", "locale"), ("topic", "locale")]
        ordering = ["name"]
        verbose_name = "topic name"

    def __str__(self):
        return self.name


def with_topic_labels(tags, locale_id):
    """Tags (a queryset) with ``label``: their TopicName in the locale, or their own name. One
    query, whatever the number of tags."""
    names = TopicName.objects.filter(topic=OuterRef("pk"), locale_id=locale_id).values("name")[:1]
    return tags.annotate(label=Coalesce(Subquery(names), F("name")))
