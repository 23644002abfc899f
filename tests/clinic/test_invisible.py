"""Invisible characters that change how text reads (clinic.invisible): which are refused, which
are kept (issue 19)."""

import pytest

from clinic.invisible import line_breaks, misleading_characters, problem

REFUSED = [
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200e",
    "\u200f",
    "\u061c",
    "\u206e",
    "\ufff9",
]
KEPT = [
    "Take 1–2 tablets once daily.",
    "שלום, קח כדור אחד ביום",  # Hebrew
    "تناول قرصًا واحدًا يوميًا",  # Arabic
    "Sleep well 😴 👩‍⚕️ 👨‍👩‍👧",  # emoji, ZWJ sequences
    "🏴󠁧󠁢󠁥󠁮󠁧󠁿 flag",  # tag characters inside a subdivision flag
    "می‌خواهم",  # Persian with ZERO WIDTH NON-JOINER
    "hy\u00adphen, \ufeffBOM, zero\u200bwidth",
    "line one\u2028line two",
]


@pytest.mark.parametrize("char", REFUSED)
def test_direction_controls_are_found_and_named(char):
    text = f"Take 1{char}-2 tablets"
    assert misleading_characters(text) == [(6, char)]
    message = problem(text, "the instructions")
    assert f"U+{ord(char):04X}" in message
    assert "in the instructions" in message and "after “…Take 1”" in message


@pytest.mark.parametrize("text", KEPT)
def test_other_languages_and_emoji_are_kept(text):
    assert misleading_characters(text) == []
    assert problem(text, "the instructions") is None


def test_the_reported_override_is_refused():
    message = problem("\u202eylliad ecno\u202c", "the instructions")
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in message and "at the start" in message
    assert "2 such characters" in message


def test_line_separators_become_line_breaks():
    assert line_breaks("a\r\nb\rc\u2028d\u2029e") == "a\nb\nc\nd\ne"
