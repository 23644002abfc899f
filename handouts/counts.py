"""Print counts: what was printed and where, as daily counters — never who printed it or for whom.

`record` adds one print of each article to its (article, language, variant, location, channel,
day) counter in one statement: INSERT … ON CONFLICT DO UPDATE SET count = count + n (PostgreSQL and
SQLite alike), so concurrent prints never lose an increment and never need a read first.

Public handout links are also opened by crawlers and re-requested by browsers (a PDF viewer may
fetch the same file two or three times). `public_print_is_new` counts a public print only when
* the User-Agent does not look like a bot, crawler, link previewer or command-line client, and
* the same client has not fetched the same handout URL in the last 60 seconds: a cache key made
  of an HMAC (keyed with SECRET_KEY) of the client address, User-Agent and URL, kept 60 s.
That key is not patient data and not a stored address: it cannot be turned back into the address
without the secret, it says nothing about health (the URL is a public article anyone may read), it
lives one minute in the cache, and the counters never see it.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from collections import Counter

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from clinic.i18n.languages import language_codes

from .models import PrintCount

logger = logging.getLogger(__name__)
REPEAT_SECONDS = 60
BOT_AGENT = re.compile(
    r"bot|crawl|spider|slurp|preview|facebookexternalhit|embedly|curl|wget|python-requests|"
    r"httpx|aiohttp|go-http-client|java/|libwww|headless|lighthouse|pingdom|monitor|scan",
    re.IGNORECASE,
)

_UPSERT = (
    "INSERT INTO {table} (article_id, language, variant, location, channel, day, count) "
    "VALUES {rows} "
    "ON CONFLICT (article_id, language, variant, location, channel, day) "
    "DO UPDATE SET count = {table}.count + excluded.count"
)


def variant_name(variant) -> str:
    return "large" if variant.large_print else "std"


def record(article_ids, *, variant, channel: str, language: str, day=None) -> None:
    """One more print of each article (a packet: each of its articles once), all in `language`:
    the language the articles printed in (their own; there is no default, so that no channel can
    count a Spanish print as English by leaving it out)."""
    if language not in language_codes():
        raise ValueError(f"unknown print language {language!r}")
    day = day or timezone.localdate()
    tally = Counter(int(article_id) for article_id in article_ids)
    if not tally:
        return
    rows, params = [], []
    for article_id, n in sorted(tally.items()):
        rows.append("(%s, %s, %s, %s, %s, %s, %s)")
        params += [article_id, language, variant_name(variant), variant.location, channel, day, n]
    sql = _UPSERT.format(table=PrintCount._meta.db_table, rows=", ".join(rows))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def looks_like_bot(user_agent: str) -> bool:
    return not user_agent.strip() or bool(BOT_AGENT.search(user_agent))


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def public_print_is_new(request) -> bool:
    """Whether a public handout request counts as a print (see the module docstring)."""
    user_agent = request.META.get("HTTP_USER_AGENT", "")
    if looks_like_bot(user_agent):
        return False
    message = "\x1f".join([_client_address(request), user_agent, request.get_full_path()])
    digest = hmac.new(settings.SECRET_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()
    try:
        return cache.add(f"handout-print:{digest[:32]}", 1, REPEAT_SECONDS)
    except Exception:  # a cache outage must not break printing; count rather than lose prints
        return True


def record_pages(pages, *, variant, channel: str, day=None) -> None:
    """One more print of each page (live page or revision object), each counted in its own
    language (a packet's articles are all in the packet's language, but count what printed)."""
    by_language: dict[str, list[int]] = {}
    for page in pages:
        by_language.setdefault(page.locale.language_code, []).append(page.id)
    for language, ids in by_language.items():
        record(ids, variant=variant, channel=channel, language=language, day=day)


def record_public(request, page_id: int, variant, language: str) -> None:
    """Count a public GET unless it is a bot or a repeat. A counter that cannot be written (the
    database refusing writes) is logged and the handout is still served."""
    if request.method != "GET" or not public_print_is_new(request):
        return
    try:
        record([page_id], variant=variant, channel=PrintCount.PUBLIC, language=language)
    except DatabaseError as error:
        logger.warning("A public handout print was not counted (%s).", type(error).__name__)
