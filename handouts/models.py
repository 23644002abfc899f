"""Rendered handouts, kept as bytes in the database every app server already shares."""

from django.db import models


class StoredHandout(models.Model):
    """One rendered PDF. `key` says exactly what it is a rendering of:

    page id · revision id · variant (size, location) · context version (clinic settings, live
    locations, print templates, page size, date printed). Any change to those gives a new key, so a
    stale handout is never served; stale rows are pruned in the background.

    The PDF itself is in `pdf`, in the same row: every app server sees the same store, a row can
    never point at a file another server does not have, and no handout (of a draft, a scheduled or a
    restricted article) sits under a publicly served media path."""

    key = models.CharField(max_length=200, unique=True)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    variant = models.CharField(max_length=120)
    context_version = models.CharField(max_length=40)
    pdf = models.BinaryField(help_text="The rendered PDF.")
    size = models.PositiveIntegerField(help_text="Bytes.")
    pages = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "stored handout"
        indexes = [models.Index(fields=["page", "created_at"])]

    def __str__(self):
        return self.key


class HandoutRenderFailure(models.Model):
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

    key = models.CharField(max_length=200, unique=True)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    variant = models.CharField(max_length=120)
    context_version = models.CharField(max_length=40)
    reason = models.CharField(max_length=20, choices=REASONS, help_text="Why it failed.")
    detail = models.TextField(help_text="What staff can do about it.")
    seconds = models.FloatField(default=0, help_text="How long the attempt ran.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "handout render failure"
        indexes = [models.Index(fields=["page", "created_at"])]

    def __str__(self):
        return f"{self.key}: {self.reason}"
