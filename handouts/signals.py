"""The handout store's listener of clinic.http.changes.content_changed: render on publish, prune
when the context of every handout changes, forget what shows a changed practitioner or image.

It runs after the commit, so the worker (or the ImmediateBackend) sees the published data. What a
patient prints never waits for the worker: the store key already names everything a handout shows
(the live revision, the clinic settings, the live locations, the site's address, the
practitioners), so a stored PDF of the old content is never served again; the tasks only render
ahead of the first request and delete what can no longer be served."""

from django.conf import settings

from clinic.http import changes

RENDER_BATCH = 100  # articles per background render task after a bulk publish
PRUNE_ALL = {changes.SETTINGS, changes.SITE, changes.MOVE, changes.PRACTITIONER}


def forget(sender, change, **kwargs):
    from articles.models import ArticlePage
    from locations.models import LocationPage

    from . import tasks

    for practitioner_id in sorted(change.objects.get(changes.PRACTITIONER, ())):
        tasks.forget_practitioner_handouts.enqueue(practitioner_id)
    for image_id in sorted(change.objects.get(changes.IMAGE, ())):
        tasks.forget_image_handouts.enqueue(image_id)
    render = getattr(settings, "HANDOUTS_RENDER_ON_PUBLISH", True)
    published = sorted(
        ArticlePage.objects.filter(id__in=change.published).values_list("id", flat=True)
    )
    if change.bulk:
        if published and render:
            for start in range(0, len(published), RENDER_BATCH):
                tasks.render_standard_handouts.enqueue(published[start : start + RENDER_BATCH])
    else:
        each = tasks.render_standard_handout if render else tasks.prune_stale_handouts
        for page_id in published:
            each.enqueue(page_id)
    unpublished = ArticlePage.objects.filter(id__in=change.unpublished)
    for page_id in unpublished.values_list("id", flat=True):
        tasks.delete_page_handouts.enqueue(page_id)
    if (
        (change.bulk and published and not render)
        or LocationPage.objects.filter(id__in=change.pages()).exists()
        or change.kinds & PRUNE_ALL
    ):
        tasks.prune_stale_handouts.enqueue()


def connect():
    changes.content_changed.connect(forget, dispatch_uid="handouts-store")
