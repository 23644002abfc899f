"""Rendered handouts, kept as bytes in the database every app server already shares."""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from clinic.invisible import problem as reading_problem


class KeyedRendering(models.Model):
    """What a stored handout and a failed render share: the store key (handouts.store) and what it
    is made of, and when it was made (stale rows are pruned by age)."""

    key = models.CharField(max_length=200, unique=True)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    variant = models.CharField(max_length=120)
    context_version = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class StoredHandout(KeyedRendering):
    """One rendered PDF. `key` says exactly what it is a rendering of:

    page id · revision id · variant (size, location) · context version (clinic settings, live
    locations, print templates, page size, date printed). Any change to those gives a new key, so a
    stale handout is never served; stale rows are pruned in the background.

    The PDF itself is in `pdf`, in the same row: every app server sees the same store, a row can
    never point at a file another server does not have, and no handout (of a draft, a scheduled or a
    restricted article) sits under a publicly served media path."""

    pdf = models.BinaryField(help_text="The rendered PDF.")
    size = models.PositiveIntegerField(help_text="Bytes.")
    pages = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = "stored handout"
        indexes = [models.Index(fields=["page", "created_at"])]

    def __str__(self):
        return self.key


class HandoutRenderFailure(KeyedRendering):
    """A handout that could not be rendered (over the limits, too slow, out of memory, too deeply
    nested), keyed exactly like StoredHandout: no request renders the same key again. A new
    revision, other clinic settings or locations, or the next day give a new key and one new try;
    stale rows are pruned with the stored handouts."""

    REASONS = [
        ("limits", "Over the article limits"),
        ("timeout", "Took too long"),
        ("memory", "Needed too much memory"),
        ("too-deep", "Nested too deeply"),
        ("crashed", "Layout process ended"),
        ("error", "Layout error"),
    ]

    reason = models.CharField(max_length=20, choices=REASONS, help_text="Why it failed.")
    detail = models.TextField(help_text="What staff can do about it.")
    seconds = models.FloatField(default=0, help_text="How long the attempt ran.")

    class Meta:
        verbose_name = "handout render failure"
        indexes = [models.Index(fields=["page", "created_at"])]

    def __str__(self):
        return f"{self.key}: {self.reason}"


class PrintCount(models.Model):
    """How many times an article was printed, by what and where — never by whom or for whom.

    One row per article · language · variant · location · channel · day, incremented in place
    (handouts.counts.record: one INSERT … ON CONFLICT DO UPDATE). A packet adds one to each of its
    articles with the channel "packet"."""

    PUBLIC, ADMIN, PACKET, COMMAND = "public", "admin", "packet", "command"
    CHANNELS = [
        (PUBLIC, "Public link"),
        (ADMIN, "Admin button"),
        (PACKET, "Visit packet"),
        (COMMAND, "Command line"),
    ]

    article = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    language = models.CharField(max_length=8, default="en")
    variant = models.CharField(max_length=12, help_text="std or large.")
    location = models.CharField(max_length=100, blank=True, help_text="Slug; blank: all.")
    channel = models.CharField(max_length=8, choices=CHANNELS)
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "handout print count"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language", "variant", "location", "channel", "day"],
                name="handouts_printcount_unique",
            )
        ]
        # Covers the report's two grouped queries (index-only scans over the 90 days).
        indexes = [
            models.Index(
                fields=["day", "article", "language", "channel", "count"],
                name="handouts_printcount_day_lang",
            )
        ]
        permissions = [
            ("print_packets", "Can print visit packets (without editing articles)"),
            ("view_print_report", "Can see the handouts printed report"),
        ]

    def __str__(self):
        return f"{self.article_id} {self.channel} {self.day}: {self.count}"


NOTE_MAX_CHARS = 2000


class CareCollection(ClusterableModel):
    """A named, ordered set of articles staff hand over together (e.g. "Trouble sleeping"): the
    start of a visit packet. Its default note is staff-written guidance, not patient data."""

    name = models.CharField(
        max_length=80, unique=True, help_text="What staff pick it by, e.g. 'Trouble sleeping'."
    )
    default_note = models.TextField(
        blank=True,
        max_length=NOTE_MAX_CHARS,
        help_text="Instructions printed on the cover unless the provider changes them. General "
        "guidance only: never a patient's details.",
    )
    practitioner = models.ForeignKey(
        "articles.Practitioner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: the provider named on the cover by default.",
    )

    panels = [
        FieldPanel("name"),
        InlinePanel(
            "items",
            heading="Articles",
            label="Article",
            min_num=1,
            max_num=10,
            help_text="In the order they print (at most 10).",
        ),
        FieldPanel("default_note"),
        FieldPanel("practitioner"),
    ]

    class Meta:
        verbose_name = "care collection"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        for field, what in (("name", "the name"), ("default_note", "the default instructions")):
            message = reading_problem(getattr(self, field) or "", what)
            if message:
                errors[field] = message
        if errors:
            raise ValidationError(errors)

    def article_ids(self) -> list[int]:
        return [item.article_id for item in self.items.all() if item.article_id]


class CareCollectionArticle(Orderable):
    collection = ParentalKey(CareCollection, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey(
        "articles.ArticlePage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A health article to include.",
    )

    panels = [FieldPanel("article")]
