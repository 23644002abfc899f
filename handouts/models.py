"""Rendered handouts kept in Django's default storage (files under MEDIA_ROOT/handouts/…)."""

from django.db import models


class StoredHandout(models.Model):
    """One rendered PDF. `key` says exactly what it is a rendering of:

    page id · revision id · variant (size, location) · context version (clinic settings, live
    locations, print templates, page size, date printed). Any change to those gives a new key, so a
    stale handout is never served; stale rows and files are pruned in the background."""

    key = models.CharField(max_length=200, unique=True)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    variant = models.CharField(max_length=120)
    context_version = models.CharField(max_length=40)
    file = models.FileField(upload_to="handouts/", max_length=255)
    size = models.PositiveIntegerField(help_text="Bytes.")
    pages = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "stored handout"
        indexes = [models.Index(fields=["page", "created_at"])]

    def __str__(self):
        return self.key
