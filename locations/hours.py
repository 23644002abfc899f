"""Opening hours as patients read them: the weekly table and "Open now / Closed now".

Pure functions of the hours rows and an aware datetime, so that they can be tested at fixed
instants. Times are wall-clock times in the clinic's time zone (America/Chicago): a row that says
08:00–17:00 means 8 a.m. to 5 p.m. local time on every date, across daylight-saving changes.

A row is anything with ``weekday`` (0 = Monday … 6 = Sunday), ``closed``, ``opens``, ``closes`` and
``note`` attributes — normally ``LocationHours`` instances. A weekday may have several rows (e.g.
8–12 and 1–5 around lunch); a day without any row, or with only "closed" rows, is closed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

CLINIC_TZ = ZoneInfo("America/Chicago")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def format_time(value: dt.time) -> str:
    """A time the way patients say it: '8 a.m.', '5:30 p.m.', 'noon', 'midnight'."""
    if value.hour == 12 and value.minute == 0:
        return "noon"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "a.m." if value.hour < 12 else "p.m."
    return f"{hour} {suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d} {suffix}"


def format_range(opens: dt.time, closes: dt.time) -> str:
    return f"{format_time(opens)} to {format_time(closes)}"


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
    is_open: bool
    weekday: int  # today's weekday in the clinic's time zone
    detail: str = ""  # "closes at 5 p.m.", "opens tomorrow at 8 a.m.", …

    @property
    def label(self) -> str:
        return "Open now" if self.is_open else "Closed now"

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
            return Status(True, today, f"closes at {format_time(closes)}")

    for opens, _closes in by_day[today]:
        if now < opens:
            return Status(False, today, f"opens today at {format_time(opens)}")
    for offset in range(1, 8):
        day = (today + offset) % 7
        if by_day[day]:
            when_text = "tomorrow" if offset == 1 else DAY_NAMES[day]
            return Status(False, today, f"opens {when_text} at {format_time(by_day[day][0][0])}")
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
        return ", ".join(self.ranges) if self.ranges else "Closed"


def week_table(hours, today: int) -> list[DayRow]:
    """Seven rows, Monday to Sunday, with today's marked. Days without rows read 'Closed'."""
    by_day = _open_intervals(hours)
    notes: dict[int, list[str]] = {day: [] for day in range(7)}
    for row in hours:
        if row.note and row.note not in notes[row.weekday]:
            notes[row.weekday].append(row.note)
    return [
        DayRow(
            weekday=day,
            name=DAY_NAMES[day],
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
