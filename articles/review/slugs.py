"""Spanish slugs from the Spanish title: when a translation's title segment gets its translation
and its slug segment has none, the slug segment is filled with the title's slug (marked as a
suggestion: "machine"), so the translation's URL is Spanish. Staff edit it in the segment editor
like any other segment."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.utils.text import slugify


def suggest_slug(sender, instance, created, **kwargs):
    from wagtail_localize.models import StringSegment, StringTranslation

    if instance.context is None or instance.context.path != "title":
        return
    source_id = instance.context.object_id
    slug_segment = (
        StringSegment.objects.filter(source__object_id=source_id, context__path="slug")
        .select_related("string", "context", "source")
        .first()
    )
    if slug_segment is None or not slug_segment.source.specific_content_type.model_class():
        return
    model = slug_segment.source.specific_content_type.model_class()
    if not getattr(model, "medical_review_gate", False):
        return
    exists = StringTranslation.objects.filter(
        translation_of=slug_segment.string, locale=instance.locale, context=slug_segment.context
    ).exists()
    suggestion = slugify(instance.data)
    if exists or not suggestion:
        return
    StringTranslation.objects.create(
        translation_of=slug_segment.string,
        locale=instance.locale,
        context=slug_segment.context,
        data=suggestion,
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
    )


def connect():
    from wagtail_localize.models import StringTranslation

    post_save.connect(suggest_slug, sender=StringTranslation, dispatch_uid="review_suggest_slug")
