"""One way to forget: every change to what the public sees is announced once, when its transaction
commits, as `content_changed`; every copy the site keeps listens and forgets what it must.

Kinds of change (`Change.kinds`) and who sends them:

* publish, unpublish, move, delete (pages), view-restriction, settings (ClinicSettings), site,
  image: `connect()` here, from Wagtail's and Django's signals;
* practitioner, topic-name: articles.signals (the models are the articles app's).

A transaction that changes many things sends one `Change` with all of them, after it commits (the
background work it starts then sees the committed data). Before that, inside the transaction, a
published page is written to the search index (`index_now`): whatever is computed under the new
content generation (ranked search results, clinic.http.cache.remember) is computed from an index
at least as new, even when the task worker is slow or stopped.

The copies, each forgotten by the app that keeps it:

* the site's page cache and remembered lists and search results: a new content generation
  (clinic.http.cache);
* the HTTP caches in front (Varnish, nginx, a CDN): the changed pages' URLs, or everything
  (clinic.http.purge);
* article pages' `{% wagtailpagecache %}` fragments showing a replaced image (articles.signals);
* the handout store: render, prune or delete stored PDFs (handouts.signals).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

PUBLISH = "publish"
UNPUBLISH = "unpublish"
MOVE = "move"
DELETE = "delete"
VIEW_RESTRICTION = "view-restriction"
SETTINGS = "settings"
SITE = "site"
IMAGE = "image"
PRACTITIONER = "practitioner"
TOPIC_NAME = "topic-name"

# Sent once per committed transaction that changed content, with `change=Change(...)`.
content_changed = Signal()


@dataclass
class Change:
    """What one transaction changed.

    `published` / `unpublished` / `moved`: page ids. `everything`: something shown on every page
    (a location, the settings, a name, an image, a restriction, a move) changed, so every copy of
    every page is out of date. `bulk`: many pages published at once (clinic.http.bulk).
    `objects`: ids per kind of the other objects changed (e.g. {"practitioner": {3}})."""

    kinds: set[str] = field(default_factory=set)
    published: set[int] = field(default_factory=set)
    unpublished: set[int] = field(default_factory=set)
    moved: set[int] = field(default_factory=set)
    everything: bool = False
    bulk: bool = False
    objects: dict[str, set] = field(default_factory=dict)
    sent: bool = False

    def pages(self) -> set[int]:
        return self.published | self.unpublished

    def __call__(self):
        if self.sent:
            return
        self.sent = True
        for receiver, result in content_changed.send_robust(sender=Change, change=self):
            if isinstance(result, Exception):
                logger.error(
                    "Forgetting after a change failed in %s",
                    getattr(receiver, "__qualname__", receiver),
                    exc_info=result,
                )


def changed(
    kind: str,
    *,
    published=(),
    unpublished=(),
    moved=(),
    everything: bool = False,
    bulk: bool = False,
    objects=(),
) -> None:
    """Record a change; `content_changed` is sent when the transaction commits (at once outside
    one), once per transaction however many changes it made."""
    pending = getattr(connection, "_clinic_change", None)
    if not (
        pending is not None
        and not pending.sent
        and connection.in_atomic_block
        and any(entry[1] is pending for entry in connection.run_on_commit)
    ):
        pending = connection._clinic_change = Change()
    pending.kinds.add(kind)
    pending.published.update(published)
    pending.unpublished.update(unpublished)
    pending.published.difference_update(unpublished)
    pending.moved.update(moved)
    pending.everything |= everything
    pending.bulk |= bulk
    if objects:
        pending.objects.setdefault(kind, set()).update(objects)
    # Each change registers the callback (the first one to run sends, the others find it sent),
    # so a savepoint rolled back, or a test running only the newest callbacks, still sends it.
    transaction.on_commit(pending)


def index_now(page) -> None:
    """Write `page` to the search index now, in the publishing transaction (see the module
    docstring). A failure is logged: the background task queued on save tries again."""
    from modelsearch import index

    try:
        with transaction.atomic():
            index.insert_or_update_object(page)
    except Exception:
        logger.exception("Could not index page %s on publish", page.pk)


# --- Senders ------------------------------------------------------------------------------------


def on_page_published(sender, instance, **kwargs):
    from clinic.http import bulk

    if bulk.deferring():
        return  # sent once when the bulk change ends (on_published_in_bulk)
    index_now(instance)
    changed(
        PUBLISH,
        published=[instance.pk],
        everything=getattr(instance, "purge_everything_on_publish", False),
    )


def on_page_unpublished(sender, instance, **kwargs):
    changed(
        UNPUBLISH,
        unpublished=[instance.pk],
        everything=getattr(instance, "purge_everything_on_publish", False),
    )


def on_published_in_bulk(sender, page_ids, **kwargs):
    changed(PUBLISH, published=page_ids, bulk=True, everything=True)


def on_page_moved(sender, instance, **kwargs):
    changed(MOVE, moved=[instance.pk], everything=True)


def on_page_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        changed(DELETE, everything=True)


def _everything(kind):
    def receiver(sender, instance=None, **kwargs):
        changed(kind, everything=True)

    return receiver


def on_image_saved(sender, instance, created=False, update_fields=None, **kwargs):
    from clinic.http.images import shown_differently

    if shown_differently(created, update_fields):
        changed(IMAGE, everything=True, objects=[instance.pk])


def on_image_deleted(sender, instance, **kwargs):
    changed(IMAGE, everything=True, objects=[instance.pk])


def connect():
    from django.db.models.signals import post_delete, post_save
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from clinic.http import bulk
    from clinic.models import ClinicSettings

    page_published.connect(on_page_published, dispatch_uid="changes-published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="changes-unpublished")
    bulk.pages_published_in_bulk.connect(on_published_in_bulk, dispatch_uid="changes-bulk")
    post_page_move.connect(on_page_moved, dispatch_uid="changes-moved")
    post_delete.connect(on_page_deleted, dispatch_uid="changes-page-deleted")
    for model, kind in (
        (PageViewRestriction, VIEW_RESTRICTION),
        (ClinicSettings, SETTINGS),
        (Site, SITE),
    ):
        receiver = _everything(kind)
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"changes-{kind}")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"changes-d-{kind}")
    image = get_image_model()
    post_save.connect(on_image_saved, sender=image, dispatch_uid="changes-image")
    post_delete.connect(on_image_deleted, sender=image, dispatch_uid="changes-image-deleted")
