"""Hours rows for the hours tests (English and Spanish): anything with the LocationHours fields."""

import datetime as dt
from types import SimpleNamespace

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def row(weekday, opens=None, closes=None, closed=False, note=""):
    return SimpleNamespace(
        weekday=weekday,
        opens=dt.time(*opens) if opens else None,
        closes=dt.time(*closes) if closes else None,
        closed=closed,
        note=note,
    )


# Mon, Tue, Thu 8–5; Wed 8–12 and 1–5 (lunch); Fri 8–12; Sat a "closed" row; Sun no row at all.
WEEK = [
    row(MON, (8,), (17,)),
    row(TUE, (8,), (17,)),
    row(WED, (8,), (12,), note="Lunch 12–1"),
    row(WED, (13,), (17,)),
    row(THU, (8,), (17,)),
    row(FRI, (8,), (12,)),
    row(SAT, closed=True),
]
