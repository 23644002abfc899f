"""The open-now logic at fixed instants, in the clinic's time zone (America/Chicago)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from locations.hours import (
    format_time,
    opening_hours_specification,
    status_at,
    week_table,
)
from tests.locations.hours_rows import FRI, MON, SAT, SUN, THU, TUE, WED, WEEK, row

CHICAGO = ZoneInfo("America/Chicago")
UTC = dt.UTC


def chicago(day, hour, minute=0, second=0, month=1):
    """An instant in January 2026 (CST), where 12 January is a Monday."""
    return dt.datetime(2026, month, day, hour, minute, second, tzinfo=CHICAGO)


@pytest.mark.parametrize(
    ("when", "is_open", "detail"),
    [
        (chicago(12, 7, 59, 59), False, "opens today at 8 a.m."),  # Monday, a second before opening
        (chicago(12, 8, 0), True, "closes at 5 p.m."),  # exactly at opening
        (chicago(12, 12, 0), True, "closes at 5 p.m."),
        (chicago(12, 16, 59, 59), True, "closes at 5 p.m."),  # just before closing
        (chicago(12, 17, 0), False, "opens tomorrow at 8 a.m."),  # exactly at closing
        (chicago(12, 17, 1), False, "opens tomorrow at 8 a.m."),  # just after closing
        (chicago(12, 23, 59), False, "opens tomorrow at 8 a.m."),
        (chicago(14, 11, 30), True, "closes at noon"),  # Wednesday morning
        (chicago(14, 12, 30), False, "opens today at 1 p.m."),  # Wednesday lunch
        (chicago(14, 13, 0), True, "closes at 5 p.m."),
        (chicago(16, 11, 59), True, "closes at noon"),  # Friday half day
        (chicago(16, 12, 0), False, "opens Monday at 8 a.m."),  # Friday afternoon → Monday
        (chicago(17, 10, 0), False, "opens Monday at 8 a.m."),  # Saturday: a closed day
        (chicago(18, 10, 0), False, "opens tomorrow at 8 a.m."),  # Sunday: no row at all
        (chicago(18, 0, 0), False, "opens tomorrow at 8 a.m."),  # Sunday midnight
    ],
)
def test_status_at_fixed_instants(when, is_open, detail):
    status = status_at(WEEK, when)
    assert status.is_open is is_open
    assert status.detail == detail
    assert status.label == ("Open now" if is_open else "Closed now")
    assert status.weekday == when.weekday()


def test_instants_in_utc_are_read_in_chicago_time():
    # 14:30 UTC on Monday 12 January is 8:30 a.m. CST: open. Read naively as UTC it would be 2:30 p.m.
    assert (
        status_at(WEEK, dt.datetime(2026, 1, 12, 14, 30, tzinfo=UTC)).detail == "closes at 5 p.m."
    )
    # 02:00 UTC on Saturday 17 January is still Friday 8 p.m. in Chicago.
    late_friday = status_at(WEEK, dt.datetime(2026, 1, 17, 2, 0, tzinfo=UTC))
    assert late_friday.weekday == FRI
    assert late_friday.detail == "opens Monday at 8 a.m."


def test_a_whole_week_sampled_every_half_hour_is_open_for_the_scheduled_hours():
    start = chicago(12, 0, 15)  # Monday 00:15
    open_samples = dict.fromkeys(range(7), 0)
    for step in range(7 * 48):
        when = start + dt.timedelta(minutes=30 * step)
        if status_at(WEEK, when).is_open:
            open_samples[when.weekday()] += 1
    # Two samples per open hour: Mon 9 h, Tue 9 h, Wed 4 + 4 h, Thu 9 h, Fri 4 h, Sat/Sun closed.
    assert open_samples == {MON: 18, TUE: 18, WED: 16, THU: 18, FRI: 8, SAT: 0, SUN: 0}


SEVEN_DAYS = [row(day, (9,), (13,)) for day in range(7)]


def test_spring_forward_sunday_uses_daylight_time():
    # Sunday 8 March 2026: clocks go from 2:00 CST to 3:00 CDT. 14:30 UTC is 9:30 CDT — open.
    # (A fixed UTC−6 offset would give 8:30 and wrongly say closed.)
    when = dt.datetime(2026, 3, 8, 14, 30, tzinfo=UTC)
    status = status_at(SEVEN_DAYS, when)
    assert status.is_open
    assert status.detail == "closes at 1 p.m."
    # 13:30 UTC is 8:30 CDT: not yet open.
    assert (
        status_at(SEVEN_DAYS, dt.datetime(2026, 3, 8, 13, 30, tzinfo=UTC)).detail
        == "opens today at 9 a.m."
    )


def test_fall_back_sunday_uses_standard_time():
    # Sunday 1 November 2026: clocks go from 2:00 CDT back to 1:00 CST. 14:30 UTC is 8:30 CST — closed.
    status = status_at(SEVEN_DAYS, dt.datetime(2026, 11, 1, 14, 30, tzinfo=UTC))
    assert not status.is_open
    assert status.detail == "opens today at 9 a.m."
    assert status_at(SEVEN_DAYS, dt.datetime(2026, 11, 1, 15, 0, tzinfo=UTC)).is_open  # 9:00 CST


def test_touching_rows_count_as_one_opening():
    hours = [row(MON, (8,), (12,)), row(MON, (12,), (17, 30))]
    status = status_at(hours, chicago(12, 11, 0))
    assert status.is_open and status.detail == "closes at 5:30 p.m."


def test_only_closed_rows_means_closed_with_no_next_opening():
    hours = [row(day, closed=True) for day in range(7)]
    status = status_at(hours, chicago(12, 10, 0))
    assert not status.is_open
    assert status.detail == ""
    assert status.text == "Closed now"


def test_incomplete_or_inverted_rows_are_ignored():
    hours = [row(MON, (8,), None), row(TUE, (17,), (8,)), row(WED, (9,), (10,))]
    assert status_at(hours, chicago(12, 9, 0)).detail == "opens Wednesday at 9 a.m."


def test_a_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="aware"):
        status_at(WEEK, dt.datetime(2026, 1, 12, 9, 0))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (dt.time(8), "8 a.m."),
        (dt.time(8, 5), "8:05 a.m."),
        (dt.time(12), "noon"),
        (dt.time(12, 30), "12:30 p.m."),
        (dt.time(17, 30), "5:30 p.m."),
        (dt.time(0), "midnight"),
        (dt.time(0, 30), "12:30 a.m."),
    ],
)
def test_format_time(value, text):
    assert format_time(value) == text


def test_week_table_lists_seven_days_marks_today_and_keeps_notes():
    table = week_table(WEEK, today=WED)
    assert [day.name for day in table] == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
    assert [day.is_today for day in table].count(True) == 1
    wednesday = table[WED]
    assert wednesday.is_today
    assert wednesday.ranges == ["8 a.m. to noon", "1 p.m. to 5 p.m."]
    assert wednesday.notes == ["Lunch 12–1"]
    assert table[SAT].hours_text == "Closed"
    assert table[SUN].hours_text == "Closed"


def test_opening_hours_specification_has_one_entry_per_opening():
    spec = opening_hours_specification(WEEK)
    assert [
        (entry["dayOfWeek"].rsplit("/", 1)[1], entry["opens"], entry["closes"]) for entry in spec
    ] == [
        ("Monday", "08:00", "17:00"),
        ("Tuesday", "08:00", "17:00"),
        ("Wednesday", "08:00", "12:00"),
        ("Wednesday", "13:00", "17:00"),
        ("Thursday", "08:00", "17:00"),
        ("Friday", "08:00", "12:00"),
    ]
    assert all(entry["@type"] == "OpeningHoursSpecification" for entry in spec)
