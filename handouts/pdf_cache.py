"""Stored handouts' PDF bytes kept in this process's memory, by stored row and store key.

A store key (handouts.store.store_key: page, revision, variant, context version) names one
rendering for good, and the row's id tells a row written again under the same key (after a
delete) from the one before, so bytes kept under both never go stale: a new revision, new clinic settings or a
changed location make a new key, and the fast path (handouts.fastpath) asks which key is current
before it looks here. What this saves is reading the PDF out of the database on every request
(PostgreSQL sends a few hundred kilobytes of bytea each time). Bounded by HANDOUT_MEMORY_CACHE_MB
per process, least recently served out first; 0 turns it off.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.conf import settings

_lock = threading.Lock()
_entries: OrderedDict[str, bytes] = OrderedDict()
_size = 0


def budget_bytes() -> int:
    return int(getattr(settings, "HANDOUT_MEMORY_CACHE_MB", 32)) * 2**20


def _read(row_id: int, key: str) -> bytes | None:
    from .models import StoredHandout

    pdf = StoredHandout.objects.filter(id=row_id, key=key).values_list("pdf", flat=True).first()
    return None if pdf is None else bytes(pdf)


def pdf_for(row_id: int, key: str) -> bytes | None:
    """The PDF of stored row `row_id` under `key`, from memory or the store; None when the store
    no longer has that row."""
    global _size
    name = f"{row_id}:{key}"
    with _lock:
        pdf = _entries.get(name)
        if pdf is not None:
            _entries.move_to_end(name)
            return pdf
    pdf = _read(row_id, key)
    budget = budget_bytes()
    if pdf is None or len(pdf) > budget // 4:
        return pdf
    with _lock:
        if name not in _entries:
            _entries[name] = pdf
            _size += len(pdf)
        while _size > budget and _entries:
            _, dropped = _entries.popitem(last=False)
            _size -= len(dropped)
    return pdf


def clear() -> None:
    global _size
    with _lock:
        _entries.clear()
        _size = 0
