"""Invisible characters that change how text reads: refused wherever staff type text that prints.

A packet note typed (or pasted) as "\\u202eylliad ecno\\u202c" shows and prints as "once dailly"
while it says something else; a right-to-left mark between "1" and "-2" can show "take 1-2" as
"take 2-1". For dosing instructions that is a patient-safety risk, so text that prints
— a packet's instructions and the patient's name (handouts.forms), a care collection's default
note, an article's title, introduction and body (articles.limits) — is refused, with a message
naming the character and where it is, when it holds any of:

* the bidirectional embeddings and overrides U+202A–U+202E and the isolates U+2066–U+2069
  (the "Trojan Source" controls, CVE-2021-42574): they reorder whole runs of text;
* the bidirectional marks U+200E (LRM), U+200F (RLM) and U+061C (Arabic letter mark): they reorder
  numbers and punctuation around them ("1-2" → "2-1");
* the deprecated format characters U+206A–U+206F (symmetric swapping, Arabic form shaping,
  national digit shapes: digits can show as other digits);
* the interlinear annotation characters U+FFF9–U+FFFB (text between them may show, or not, as an
  annotation).

Refused rather than removed: removing an override turns what staff saw ("once dailly") into what
they typed ("ylliad ecno") without their noticing; a message makes them retype it. Arabic, Hebrew
and other right-to-left text needs none of these (the Unicode bidirectional algorithm orders it
on its own, on screen and in WeasyPrint), so it prints as typed.

Kept, because they never reorder or hide text: U+200D ZERO WIDTH JOINER (emoji sequences such as
👩‍⚕️, and Arabic and Indic shaping) and U+200C ZERO WIDTH NON-JOINER (Persian), the tag characters
U+E0020–U+E007F (subdivision flags such as 🏴󠁧󠁢󠁥󠁮󠁧󠁿), U+00AD SOFT HYPHEN (shows as a hyphen where a
line breaks), U+FEFF and U+200B (zero-width spaces: at most a different line break), and
U+2028/U+2029 (line and paragraph separators: a packet note prints them as the line breaks they are).
"""

from __future__ import annotations

import re
import unicodedata

MISLEADING = (
    "\u061c\u200e\u200f"  # bidirectional marks
    "\u202a-\u202e"  # embeddings and overrides
    "\u2066-\u2069"  # isolates
    "\u206a-\u206f"  # deprecated format characters
    "\ufff9-\ufffb"  # interlinear annotation
)
_MISLEADING = re.compile(f"[{MISLEADING}]")
CONTEXT_CHARS = 12


def misleading_characters(text: str) -> list[tuple[int, str]]:
    """(position, character) of each character of `text` that changes how it reads."""
    return [(match.start(), match.group()) for match in _MISLEADING.finditer(text or "")]


def describe(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE'."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'FORMAT CHARACTER')}"


def problem(text: str, what: str) -> str | None:
    """A message for staff when `text` holds a character that changes how it reads, else None.
    `what` names the field within a sentence ("the instructions", "block 3 (paragraph)")."""
    found = misleading_characters(text)
    if not found:
        return None
    position, char = found[0]
    before = _MISLEADING.sub("", text[max(0, position - CONTEXT_CHARS) : position]).strip()
    where = f" after “…{before}”" if before else " at the start"
    kinds = sorted({describe(c) for _, c in found})
    more = f" ({len(found)} such characters in all: {', '.join(kinds)})" if len(found) > 1 else ""
    return (
        f"There is an invisible character that changes the order in which text reads in {what} "
        f"({describe(char)}){where}{more}. What prints must read as it was typed: delete that "
        "part and type it again (Arabic, Hebrew and emoji need no such characters)."
    )


def line_breaks(text: str) -> str:
    """Line and paragraph separators (U+2028, U+2029) and CR/CRLF as plain line breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\u2028", "\n").replace("\u2029", "\n")
