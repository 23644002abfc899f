"""Opening hours as patients read them: the weekly table and "Open now / Closed now".

Pure functions of the hours rows and an aware datetime, so that they can be tested at fixed
instants. Times are wall-clock times in the clinic's time zone (America/Chicago): a row that says
08:00–17:00 means 8 a.m. to 5 p.m. local time on every date, across daylight-saving changes.

A row is anything with ``weekday`` (0 = Monday … 6 = Sunday), ``closed``, ``opens``, ``closes`` and
``note`` attributes — normally ``LocationHours`` instances. A weekday may have several rows (e.g.
8–12 and 1–5 around lunch); a day without any row, or with only "closed" rows, is closed.

Every word is in the active language (Django's gettext, the site's catalogue), read when the text
is built: day names come from the catalogue, never from the operating system's locale. Sentences
that name a time are ngettext with the clock hour (1–12) as the count, because Spanish says
"a la 1 p. m." but "a las 2 p. m." (English says "at" for both). The schema.org data stays in
English: its day names are URLs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy

CLINIC_TZ = ZoneInfo("America/Chicago")
# schema.org's names (https://schema.org/Monday …) and the admin's: never translated.
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# A day on its own, as a row heading of the weekly table ("Lunes").
DAY_LABELS = (
    pgettext_lazy("weekday, on its own", "Monday"),
    pgettext_lazy("weekday, on its own", "Tuesday"),
    pgettext_lazy("weekday, on its own", "Wednesday"),
    pgettext_lazy("weekday, on its own", "Thursday"),
    pgettext_lazy("weekday, on its own", "Friday"),
    pgettext_lazy("weekday, on its own", "Saturday"),
    pgettext_lazy("weekday, on its own", "Sunday"),
)
# A day inside a sentence, "opens Monday at 8 a.m." ("abre el lunes a las 8 a. m.").
DAY_IN_SENTENCE = (
    pgettext_lazy("weekday, inside a sentence", "Monday"),
    pgettext_lazy("weekday, inside a sentence", "Tuesday"),
    pgettext_lazy("weekday, inside a sentence", "Wednesday"),
    pgettext_lazy("weekday, inside a sentence", "Thursday"),
    pgettext_lazy("weekday, inside a sentence", "Friday"),
    pgettext_lazy("weekday, inside a sentence", "Saturday"),
    pgettext_lazy("weekday, inside a sentence", "Sunday"),
)


def day_name(weekday: int) -> str:
    """The day's name in the active language, as a heading: 'Monday', 'Lunes'."""
    return str(DAY_LABELS[weekday])


def clock_hour(value: dt.time) -> int:
    """The hour as the clock face reads it, 1–12 (noon and midnight are 12)."""
    return value.hour % 12 or 12


def format_time(value: dt.time) -> str:
    """A time the way patients say it: '8 a.m.', '5:30 p.m.', 'noon', 'midnight'
    (Spanish: '8 a. m.', '5:30 p. m.', '12 del mediodía', '12 de la medianoche', with no-break
    spaces, so that 'a. m.' never splits across two lines of a narrow card or table)."""
    if value.hour == 12 and value.minute == 0:
        # Translators: noon as a time ("closes at noon"); no-break spaces (U+00A0) keep it whole.
        return pgettext("time of day", "noon")
    if value.hour == 0 and value.minute == 0:
        # Translators: midnight as a time; no-break spaces (U+00A0) keep it whole.
        return pgettext("time of day", "midnight")
    parts = {"hour": clock_hour(value), "minute": f"{value.minute:02d}"}
    if value.hour < 12:
        if value.minute == 0:
            # Translators: no-break spaces (U+00A0) keep a time on one line: "8 a. m."
            return pgettext("time of day", "%(hour)s a.m.") % parts
        # Translators: no-break spaces (U+00A0) keep a time on one line: "8:30 a. m."
        return pgettext("time of day", "%(hour)s:%(minute)s a.m.") % parts
    if value.minute == 0:
        # Translators: no-break spaces (U+00A0) keep a time on one line: "5 p. m."
        return pgettext("time of day", "%(hour)s p.m.") % parts
    # Translators: no-break spaces (U+00A0) keep a time on one line: "5:30 p. m."
    return pgettext("time of day", "%(hour)s:%(minute)s p.m.") % parts


def format_range(opens: dt.time, closes: dt.time) -> str:
    """'8 a.m. to noon' ('de 8 a. m. a 12 del mediodía')."""
    return pgettext("opening hours", "%(opens)s to %(closes)s") % {
        "opens": format_time(opens),
        "closes": format_time(closes),
    }


def _at(template: str, value: dt.time, **more) -> str:
    return template % {"time": format_time(value), **more}


# Each sentence is ngettext with the clock hour (1–12) as the count: "cierra a la 1 p. m." but
# "a las 5 p. m." (English says "at" for both, so its two forms are the same).
def closes_at(value: dt.time) -> str:
    # Translators: the count is the clock hour (1–12): "cierra a la 1 p. m." / "a las 5 p. m."
    return _at(ngettext("closes at %(time)s", "closes at %(time)s", clock_hour(value)), value)


def opens_today_at(value: dt.time) -> str:
    n = clock_hour(value)
    # Translators: the count is the clock hour (1–12): "abre hoy a la 1 p. m." / "a las 8 a. m."
    return _at(ngettext("opens today at %(time)s", "opens today at %(time)s", n), value)


def opens_tomorrow_at(value: dt.time) -> str:
    n = clock_hour(value)
    # Translators: the count is the clock hour (1–12): "abre mañana a la 1 p. m." / "a las 8 a. m."
    return _at(ngettext("opens tomorrow at %(time)s", "opens tomorrow at %(time)s", n), value)


def opens_on_day_at(weekday: int, value: dt.time) -> str:
    n = clock_hour(value)
    # Translators: the count is the clock hour (1–12): "abre el lunes a las 8 a. m."; the day is the
    # weekday's name "inside a sentence" (Spanish: lowercase, without its article).
    template = ngettext("opens %(day)s at %(time)s", "opens %(day)s at %(time)s", n)
    return _at(template, value, day=str(DAY_IN_SENTENCE[weekday]))


def _open_intervals(hours) -> dict[int, list[tuple[dt.time, dt.time]]]:
    """Weekday → sorted, merged (opens, closes) intervals; rows marked closed or incomplete are ignored."""
    by_day: dict[int, list[tuple[dt.time, dt.time]]] = {day: [] for day in range(7)}
    for row in hours:
        if row.closed or row.opens is None or row.closes is None or row.closes <= row.opens:
            continue
        by_day[row.weekday].append((row.opens, row.closes))
    for day, intervals in by_day.items():
        intervals.sort()
        merged: list[tuple[dt.time, dt.time]] = []
        for opens, closes in intervals:
            if merged and opens <= merged[-1][1]:  # touching or overlapping: one opening
                merged[-1] = (merged[-1][0], max(merged[-1][1], closes))
            else:
                merged.append((opens, closes))
        by_day[day] = merged
    return by_day


@dataclass(frozen=True)
class Status:
    """Open or closed, in the language that was active when it was made (label and detail alike)."""

    is_open: bool
    weekday: int  # today's weekday in the clinic's time zone
    detail: str = ""  # "closes at 5 p.m.", "opens tomorrow at 8 a.m.", …
    label: str = field(init=False, default="")  # "Open now" / "Closed now"

    def __post_init__(self):
        label = gettext("Open now") if self.is_open else gettext("Closed now")
        object.__setattr__(self, "label", label)

    @property
    def text(self) -> str:
        return f"{self.label} – {self.detail}" if self.detail else self.label


def status_at(hours, when: dt.datetime) -> Status:
    """Is the clinic open at the instant `when` (an aware datetime), and when does that change?"""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("status_at needs an aware datetime")
    local = when.astimezone(CLINIC_TZ)
    today, now = local.weekday(), local.time().replace(tzinfo=None)
    by_day = _open_intervals(hours)

    for opens, closes in by_day[today]:
        if opens <= now < closes:
            return Status(True, today, closes_at(closes))

    for opens, _closes in by_day[today]:
        if now < opens:
            return Status(False, today, opens_today_at(opens))
    for offset in range(1, 8):
        day = (today + offset) % 7
        if by_day[day]:
            opens = by_day[day][0][0]
            detail = opens_tomorrow_at(opens) if offset == 1 else opens_on_day_at(day, opens)
            return Status(False, today, detail)
    return Status(False, today)


@dataclass
class DayRow:
    """One line of the weekly table."""

    weekday: int
    name: str
    is_today: bool
    ranges: list[str] = field(
        default_factory=list
    )  # ["8 a.m. to noon", "1 to 5 p.m."]; empty = closed
    notes: list[str] = field(default_factory=list)

    @property
    def hours_text(self) -> str:
        return ", ".join(self.ranges) if self.ranges else gettext("Closed")


def week_table(hours, today: int) -> list[DayRow]:
    """Seven rows, Monday to Sunday, with today's marked, in the active language. Days without
    rows read 'Closed'."""
    by_day = _open_intervals(hours)
    notes: dict[int, list[str]] = {day: [] for day in range(7)}
    for row in hours:
        if row.note and row.note not in notes[row.weekday]:
            notes[row.weekday].append(row.note)
    return [
        DayRow(
            weekday=day,
            name=day_name(day),
            is_today=day == today,
            ranges=[format_range(opens, closes) for opens, closes in by_day[day]],
            notes=notes[day],
        )
        for day in range(7)
    ]


def opening_hours_specification(hours) -> list[dict]:
    """schema.org OpeningHoursSpecification entries, one per open interval, Monday first."""
    by_day = _open_intervals(hours)
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{DAY_NAMES[day]}",
            "opens": opens.strftime("%H:%M"),
            "closes": closes.strftime("%H:%M"),
        }
        for day in range(7)
        for opens, closes in by_day[day]
    ]


def seconds_until_change(hours, when: dt.datetime) -> int:
    """Seconds from `when` until `status_at` may say something else: the next opening or closing
    time, or the next local midnight ("opens tomorrow" becomes "opens today"), whichever is first.
    Pages that show the status may be kept by a shared cache for no longer than this."""
    local = when.astimezone(CLINIC_TZ)
    midnight = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), CLINIC_TZ)
    candidates = [midnight]
    by_day = _open_intervals(hours)
    for opens, closes in by_day[local.weekday()]:
        for moment in (opens, closes):
            at = dt.datetime.combine(local.date(), moment, CLINIC_TZ)
            if at > local:
                candidates.append(at)
    return max(1, int((min(candidates) - local).total_seconds() + 0.999))
