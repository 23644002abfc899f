"""Bulk page changes (the article importer): per-page background work deferred, then done once.

Every page save normally queues a search-index task and a reference-index task, and every publish
queues a handout render and an HTTP-cache purge: four to six tasks per imported page. Inside
`deferred_page_work()` (in this thread or task only) none of them is queued; the saved objects and
published pages are remembered instead, and when the block ends:

* the search index is updated for the saved objects in bulk (one backend call per model and chunk),
* the reference index is updated for them (in chunks, one short transaction each),
* `pages_published_in_bulk` is sent once with the ids of the pages published in the block that are
  still live: the cache purge (clinic.http.purge) purges everything once, the handouts app queues one
  render task per chunk of pages,
* PostgreSQL's statistics of the tables written are refreshed (`refresh_statistics`).

Unpublishing, moving and deleting are not deferred (their handlers run as usual).
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

from asgiref.local import Local
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import Signal

logger = logging.getLogger(__name__)

CHUNK = 200

# Sent once at the end of a deferred block: page_ids = ids of the pages published in it (still live).
pages_published_in_bulk = Signal()

_state = Local()


class _Batch:
    def __init__(self):
        self.saved: dict[type, set] = {}  # model → primary keys saved in the block
        self.published: list[int] = []

    def note_saved(self, instance) -> None:
        if instance.pk is not None:
            self.saved.setdefault(type(instance), set()).add(instance.pk)

    def note_published(self, page) -> None:
        if page.pk not in self.published:
            self.published.append(page.pk)


def deferring() -> bool:
    """Whether page work is being deferred in this thread (handlers return at once when it is)."""
    return getattr(_state, "batch", None) is not None


@contextmanager
def deferred_page_work():
    """Defer per-page index, handout and purge work to one batch at the end (see module docstring).
    Nested blocks join the outer one."""
    from wagtail.signal_handlers import disable_reference_index_auto_update

    if deferring():
        yield _state.batch
        return
    _install_search_handlers()
    batch = _state.batch = _Batch()
    try:
        with disable_reference_index_auto_update():
            yield batch
    finally:
        del _state.batch
        _flush(batch)


# --------------------------------------------------------------------------------------------------
# Recording


def _on_post_save(sender, instance, raw=False, **kwargs):
    batch = getattr(_state, "batch", None)
    if batch is not None and not raw:
        batch.note_saved(instance)


def _on_page_published(sender, instance, **kwargs):
    batch = getattr(_state, "batch", None)
    if batch is not None:
        batch.note_published(instance)


_search_handlers_installed = False


def _install_search_handlers() -> None:
    """Route the search index's post_save handler (modelsearch: one task per save) through a wrapper
    that skips it inside a deferred block. Done once, on first use: the search app connects its
    handlers after this project's apps are ready."""
    global _search_handlers_installed
    if _search_handlers_installed:
        return
    from modelsearch import index
    from modelsearch.signal_handlers import post_save_signal_handler

    for model in index.get_indexed_models():
        # connect the wrapper first: a save in another thread meanwhile is indexed (maybe twice)
        post_save.connect(
            _search_on_save, sender=model, weak=False, dispatch_uid=f"clinic-bulk-search-{model}"
        )
        if not post_save.disconnect(post_save_signal_handler, sender=model):
            post_save.disconnect(sender=model, dispatch_uid=f"clinic-bulk-search-{model}")
    _search_handlers_installed = True


def _search_on_save(sender, instance, **kwargs):
    from modelsearch.signal_handlers import post_save_signal_handler

    if not deferring():
        post_save_signal_handler(instance, **kwargs)


def connect():
    from wagtail.signals import page_published

    post_save.connect(_on_post_save, weak=False, dispatch_uid="clinic-bulk-saved")
    page_published.connect(_on_page_published, weak=False, dispatch_uid="clinic-bulk-published")


# --------------------------------------------------------------------------------------------------
# The batch at the end


def _chunks(values, size=CHUNK):
    values = sorted(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _flush(batch: _Batch) -> None:
    _update_search_index(batch.saved)
    _update_reference_index(batch.saved)
    transaction.on_commit(lambda: refresh_statistics(batch.saved))
    if batch.published:
        from wagtail.models import Page

        live = set(Page.objects.live().filter(id__in=batch.published).values_list("id", flat=True))
        page_ids = [pk for pk in batch.published if pk in live]
        if page_ids:
            pages_published_in_bulk.send(sender=None, page_ids=page_ids)


def _update_search_index(saved: dict[type, set]) -> None:
    from modelsearch import index
    from modelsearch.backends import get_search_backends_with_name

    indexed = set(index.get_indexed_models())
    backends = list(get_search_backends_with_name(with_auto_update=True))
    for model, pks in saved.items():
        if model not in indexed or not getattr(model, "search_auto_update", True):
            continue
        for chunk in _chunks(pks):
            objects = list(model.get_indexed_objects().filter(pk__in=chunk))
            if not objects:
                continue
            for name, backend in backends:
                try:
                    with transaction.atomic():
                        backend.add_bulk(model, objects)
                except Exception:
                    logger.exception(
                        "Could not add %d %s to the '%s' search backend",
                        len(objects),
                        model.__name__,
                        name,
                    )
                    if not backend.catch_indexing_errors:
                        raise


def _update_reference_index(saved: dict[type, set]) -> None:
    """As wagtail.tasks.update_reference_index_task does for one object: a child of a cluster
    (ParentalKey) is indexed through its parent."""
    from modelcluster.fields import ParentalKey
    from wagtail.models import ReferenceIndex

    targets: dict[type, set] = {}
    for model, pks in saved.items():
        parental = [f for f in model._meta.get_fields() if isinstance(f, ParentalKey)]
        if parental:
            field = parental[0]
            parents = targets.setdefault(field.related_model, set())
            for chunk in _chunks(pks):
                ids = model._default_manager.filter(pk__in=chunk).values_list(
                    field.attname, flat=True
                )
                parents.update(i for i in ids if i)
        elif ReferenceIndex.is_indexed(model):
            targets.setdefault(model, set()).update(pks)
    for model, pks in targets.items():
        if not ReferenceIndex.is_indexed(model):
            continue
        for chunk in _chunks(pks):
            with transaction.atomic():
                for obj in model._default_manager.filter(pk__in=chunk):
                    ReferenceIndex.create_or_update_for_object(obj)


def refresh_statistics(models=()) -> None:
    """PostgreSQL: VACUUM and ANALYZE (inside a transaction, ANALYZE only) the page tables, the
    search and reference indexes and the tables of `models` (with their parents' tables), after
    bulk work has written many rows. Until autovacuum gets to them (past its thresholds, after its
    nap), the planner takes the tables for as small as they were: with 2,000 new articles the
    lists' view-restriction anti-join ran as a nested loop over every page (the articles index
    took a second). Elsewhere nothing to do."""
    from django.apps import apps
    from django.db import connection
    from wagtail.models import Page, ReferenceIndex, Revision

    if connection.vendor != "postgresql":
        return
    tables = {Page._meta.db_table, Revision._meta.db_table, ReferenceIndex._meta.db_table}
    for model in models:
        tables.add(model._meta.db_table)
        tables.update(parent._meta.db_table for parent in model._meta.get_parent_list())
    if apps.is_installed("wagtail.search"):  # the database search backend's index
        tables.add(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)
    names = ", ".join(connection.ops.quote_name(t) for t in sorted(tables))
    with connection.cursor() as cursor:
        if connection.in_atomic_block:  # VACUUM cannot run inside a transaction
            cursor.execute("ANALYZE " + names)
        else:
            # VACUUM too: it marks the new rows all-visible, so the lists' index-only scans and
            # anti-joins read no heap pages and set no hint bits on the first visits after the load.
            cursor.execute("VACUUM (ANALYZE) " + names)
