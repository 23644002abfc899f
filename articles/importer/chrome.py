"""The old site's chrome (navigation, share buttons, footers) recognised line by line."""

from __future__ import annotations

import re

_CHROME_EXACT = {
    "top of page",
    "bottom of page",
    "phone",
    "email",
    "e-mail",
    "locations",
    "location",
    "contact",
    "contact us",
    "address",
    "follow us",
    "share",
    "share this post",
    "log in",
    "sign up",
    "menu",
    "skip to content",
    "skip to main content",
    "back to top",
}
_SOCIAL = r"(facebook|instagram|yelp(?: for business)?|twitter|x|linkedin|youtube|tiktok|pinterest)"
_CHROME_PATTERNS = [
    re.compile(r"^[\w\s,.&'’-]{0,60}\blogo\s*\d*$", re.I),  # "Clark Wellness Logo1"
    re.compile(
        r"^(?:phone|tel|call(?: us)?)?[:\s]*\+?1?[\s.-]*\(?\d{3}\)?[\s.-]*\d{3}[\s.-]?\d{4}$", re.I
    ),
    re.compile(r"^(?:email[:\s]*)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+$", re.I),
    re.compile(r"^(?:[•·*▪◦-]\s*)?" + _SOCIAL + r"$", re.I),
    re.compile(r"^(?:©|\(c\)|copyright\b)", re.I),
    re.compile(r"^©?\s*\d{4}\s+.*\b(?:pllc|llc|inc|all rights reserved)\b", re.I),
    re.compile(r"^\d+\s+min(?:ute)?s?\s+read$", re.I),
    # a street address with a state and ZIP code: "113 E Leslie Street. Hamilton, Texas 76531"
    re.compile(
        r"^\d{1,6}\s+[^.!?]{0,80}?(?:\.\s*)?[^.!?]{0,60}\b(?:texas|tx)\b[\s,-]*\d{5}(?:-\d{4})?$",
        re.I,
    ),
]


def is_chrome(line: str) -> bool:
    low = line.lower().strip(" .:")
    if low in _CHROME_EXACT:
        return True
    if len(line) > 160:
        return False
    return any(p.match(line) for p in _CHROME_PATTERNS)
