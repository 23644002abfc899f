"""Admin report "Handouts printed": the last 90 days per article, language and channel, a
server-rendered SVG bar chart of prints per day, and CSV export. Reads only the counters (no
patient data exists). A Spanish translation is its own page, so it has its own row, marked Spanish.

Two grouped queries over the (day, article) index, whatever the number of counted prints (the
per-article one also reads each counter's language from its row)."""

from __future__ import annotations

import csv
import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.models import Page

from handouts.models import PrintCount
from handouts.packet_views import can_print_packets

DAYS = 90
CHART_WIDTH, CHART_HEIGHT = 720, 140


def can_view_report(user) -> bool:
    return user.is_active and (
        user.has_perm("handouts.view_print_report") or can_print_packets(user)
    )


def _window(today=None):
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=DAYS - 1), today


LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}


def summary(today=None):
    """([{article_id, language, title, channels{channel: n}, total}], {channel: n}, grand total),
    most printed first: one row per article and the language it printed in."""
    start, end = _window(today)
    rows = (
        PrintCount.objects.filter(day__range=(start, end))
        .values("article_id", "language", "channel")
        .annotate(total=Sum("count"))
        .order_by()
    )
    by_article: dict[tuple, dict] = {}
    channel_totals = {key: 0 for key, _ in PrintCount.CHANNELS}
    for row in rows:
        entry = by_article.setdefault(
            (row["article_id"], row["language"]),
            {
                "article_id": row["article_id"],
                "language": row["language"],
                "language_name": LANGUAGE_NAMES.get(row["language"], row["language"]),
                "channels": {},
                "total": 0,
            },
        )
        entry["channels"][row["channel"]] = row["total"]
        entry["total"] += row["total"]
        channel_totals[row["channel"]] = channel_totals.get(row["channel"], 0) + row["total"]
    ids = {article_id for article_id, _language in by_article}
    titles = dict(Page.objects.filter(id__in=ids).values_list("id", "title"))
    articles = []
    for entry in by_article.values():
        entry["title"] = titles.get(entry["article_id"], f"(deleted page {entry['article_id']})")
        entry["cells"] = [entry["channels"].get(key, 0) for key, _ in PrintCount.CHANNELS]
        articles.append(entry)
    articles.sort(key=lambda entry: (-entry["total"], entry["title"], entry["language"]))
    return articles, channel_totals, sum(channel_totals.values())


def language_totals(articles) -> list[tuple[str, int]]:
    """[(language name, prints)] of the summary's rows, English first."""
    totals: dict[str, int] = {}
    for entry in articles:
        totals[entry["language"]] = totals.get(entry["language"], 0) + entry["total"]
    order = list(LANGUAGE_NAMES)
    return [
        (LANGUAGE_NAMES.get(code, code), totals[code])
        for code in sorted(totals, key=lambda c: (order.index(c) if c in order else 99, c))
    ]


def daily_bars(today=None) -> dict:
    """Geometry of the SVG bar chart: one bar per day of the window."""
    start, end = _window(today)
    per_day = dict(
        PrintCount.objects.filter(day__range=(start, end))
        .values("day")
        .annotate(total=Sum("count"))
        .order_by()
        .values_list("day", "total")
    )
    peak = max(per_day.values(), default=0)
    step = CHART_WIDTH / DAYS
    bars = []
    for offset in range(DAYS):
        day = start + datetime.timedelta(days=offset)
        total = per_day.get(day, 0)
        height = round((total / peak) * (CHART_HEIGHT - 20), 1) if peak else 0
        bars.append(
            {
                "day": day,
                "total": total,
                "x": round(offset * step, 1),
                "y": round(CHART_HEIGHT - height, 1),
                "width": round(step * 0.8, 1),
                "height": height,
            }
        )
    return {"bars": bars, "peak": peak, "width": CHART_WIDTH, "height": CHART_HEIGHT}


class _Echo:
    def write(self, value):
        return value


def csv_response(today=None) -> StreamingHttpResponse:
    """Every counter of the window: day, article, title, language, variant, location, channel, count."""
    start, end = _window(today)
    rows = (
        PrintCount.objects.filter(day__range=(start, end))
        .order_by("day", "article_id", "channel")
        .values_list("day", "article_id", "language", "variant", "location", "channel", "count")
    )
    titles = dict(Page.objects.filter(id__in=rows.values("article_id")).values_list("id", "title"))
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(
            ["day", "article_id", "title", "language", "variant", "location", "channel", "count"]
        )
        for day, article_id, language, variant, location, channel, count in rows.iterator(2000):
            title = titles.get(article_id, "")
            if title[:1] in ("=", "+", "-", "@"):
                title = "'" + title  # never a formula in a spreadsheet
            yield writer.writerow(
                [day.isoformat(), article_id, title, language, variant, location, channel, count]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="handouts-printed-{end}.csv"'
    return response


def handouts_printed(request):
    if not can_view_report(request.user):
        raise PermissionDenied
    if request.GET.get("export") == "csv":
        return csv_response()
    articles, channel_totals, total = summary()
    start, end = _window()
    return TemplateResponse(
        request,
        "handouts/admin/handouts_printed.html",
        {
            "articles": articles,
            "channels": PrintCount.CHANNELS,
            "channel_totals": [channel_totals.get(key, 0) for key, _ in PrintCount.CHANNELS],
            "total": total,
            "language_totals": language_totals(articles),
            "chart": daily_bars(),
            "start": start,
            "end": end,
            "days": DAYS,
            "header_title": "Handouts printed",
            "page_title": "Handouts printed",
            "header_icon": "doc-full",
        },
    )
