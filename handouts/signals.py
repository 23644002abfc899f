"""Keep the store fresh: render on publish, prune when the context of every handout changes.

Tasks are enqueued on commit, so the worker (or the ImmediateBackend) sees the published data."""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished


def _enqueue(task, *args):
    transaction.on_commit(partial(task.enqueue, *args))


def on_page_published(sender, instance, **kwargs):
    from articles.models import ArticlePage
    from clinic.http import bulk
    from locations.models import LocationPage

    from . import tasks

    if bulk.deferring():
        return  # on_published_in_bulk renders them in batches when the bulk change ends
    if isinstance(instance, ArticlePage):
        if getattr(settings, "HANDOUTS_RENDER_ON_PUBLISH", True):
            _enqueue(tasks.render_standard_handout, instance.id)
        else:
            _enqueue(tasks.prune_stale_handouts, instance.id)
    elif isinstance(instance, LocationPage):
        _enqueue(tasks.prune_stale_handouts)


RENDER_BATCH = 100  # articles per background render task after a bulk publish


def on_published_in_bulk(sender, page_ids, **kwargs):
    """Many pages published at once (the importer, clinic.http.bulk): one render task per batch of
    articles (or one prune), one prune when a location page was among them."""
    from articles.models import ArticlePage
    from locations.models import LocationPage

    from . import tasks

    articles = sorted(ArticlePage.objects.filter(id__in=page_ids).values_list("id", flat=True))
    if articles:
        if getattr(settings, "HANDOUTS_RENDER_ON_PUBLISH", True):
            for start in range(0, len(articles), RENDER_BATCH):
                _enqueue(tasks.render_standard_handouts, articles[start : start + RENDER_BATCH])
        else:
            _enqueue(tasks.prune_stale_handouts)
    if LocationPage.objects.filter(id__in=page_ids).exists():
        _enqueue(tasks.prune_stale_handouts)


def on_page_unpublished(sender, instance, **kwargs):
    from articles.models import ArticlePage
    from locations.models import LocationPage

    from . import tasks

    if isinstance(instance, ArticlePage):
        _enqueue(tasks.delete_page_handouts, instance.id)
    elif isinstance(instance, LocationPage):
        _enqueue(tasks.prune_stale_handouts)


def on_clinic_settings_saved(sender, instance, **kwargs):
    from . import tasks

    _enqueue(tasks.prune_stale_handouts)


def on_practitioner_changed(sender, instance, **kwargs):
    """A practitioner's name or credentials are printed in the "Medically reviewed by" line: forget
    the stored handouts of the articles (live or draft) that name them, and render the standard
    handouts of the live ones again."""
    from . import tasks

    _enqueue(tasks.forget_practitioner_handouts, instance.pk)


def on_image_saved(sender, instance, created=False, update_fields=None, **kwargs):
    """A replaced image file (or a moved focal point) changes the print renditions: forget the stored
    handouts that show the image (articles found through Wagtail's reference index; the clinic logo
    on every handout)."""
    from clinic.http.images import shown_differently

    from . import tasks

    if shown_differently(created, update_fields):
        _enqueue(tasks.forget_image_handouts, instance.pk)


def connect():
    from wagtail.images import get_image_model

    from articles.models import Practitioner
    from clinic.http import bulk
    from clinic.models import ClinicSettings

    page_published.connect(on_page_published, dispatch_uid="handouts-page-published")
    bulk.pages_published_in_bulk.connect(on_published_in_bulk, dispatch_uid="handouts-bulk")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="handouts-page-unpublished")
    post_save.connect(
        on_clinic_settings_saved, sender=ClinicSettings, dispatch_uid="handouts-clinic-settings"
    )
    post_save.connect(
        on_practitioner_changed, sender=Practitioner, dispatch_uid="handouts-practitioner-saved"
    )
    post_delete.connect(
        on_practitioner_changed, sender=Practitioner, dispatch_uid="handouts-practitioner-deleted"
    )
    post_save.connect(on_image_saved, sender=get_image_model(), dispatch_uid="handouts-image-saved")
