"""A checklist score from the items of the CDC Clear Communication Index (CCI) and AHRQ's PEMAT-P
that a machine can check on an article's text and structure. Items that need a person's judgement
(is the visual helpful, is the risk explained…) are listed as "person" and never scored: the score
is the share of the computed items that pass, 0–100.

The items are this project's operational readings of the instruments' questions (named in each
item's `source`); they are a help for writers, not a CCI or PEMAT rating, which stays a person's."""

from __future__ import annotations

from dataclasses import dataclass

PASS, FAIL, PERSON = "pass", "fail", "person"
TARGET_SCORE = 90  # the CCI's pass mark (90 of 100)

MAX_AVERAGE_WORDS = {"en": 15, "es": 20}
MAX_FIRST_SENTENCE_WORDS = {"en": 20, "es": 25}
MAX_JARGON_PER_100_WORDS = 1.0
MAX_PASSIVE_SHARE = 0.10
HEADINGS_FROM_WORDS = 300  # shorter articles need no headings
MIN_WORDS = 10


@dataclass(frozen=True)
class Item:
    key: str
    question: str
    source: str
    status: str  # pass, fail or person
    detail: str = ""


# Left to people: named so that the reviewer sees them, never scored.
PERSON_ITEMS = [
    (
        "visual_cue",
        "Is the main message emphasised with a visual cue (bold, a box, a heading)?",
        "CCI 3",
    ),
    ("visual_supports", "Does a picture or diagram support the main message?", "CCI 4 · PEMAT 15"),
    ("why_it_matters", "Does it explain why the recommended action matters?", "CCI 7"),
    (
        "risk_explained",
        "Are the nature of the risk, and its risks and benefits, explained?",
        "CCI 15–17",
    ),
    ("what_is_known", "Does it say what experts know and do not know?", "CCI 14"),
    ("purpose_evident", "Is the purpose completely evident?", "PEMAT 1"),
    ("no_distractions", "Is there no distracting or needless information?", "PEMAT 3"),
    ("terms_defined", "Are medical terms used only to familiarise, and then defined?", "PEMAT 6"),
    ("no_calculations", "Does the reader never have to do calculations?", "PEMAT 13"),
    ("informative_headings", "Are the headings informative?", "PEMAT 9"),
    ("tangible_tool", "Is there a tool (checklist, planner) to help the reader act?", "PEMAT 23"),
]


@dataclass(frozen=True)
class Checklist:
    items: tuple[Item, ...]

    @property
    def computed(self) -> list[Item]:
        return [item for item in self.items if item.status != PERSON]

    @property
    def passed(self) -> int:
        return sum(1 for item in self.items if item.status == PASS)

    @property
    def failed(self) -> int:
        return sum(1 for item in self.items if item.status == FAIL)

    @property
    def score(self) -> int | None:
        scored = self.passed + self.failed
        return round(100 * self.passed / scored) if scored else None

    def as_dict(self) -> dict:
        return {
            "score": self.score,
            "passed": self.passed,
            "failed": self.failed,
            "items": [item.__dict__ for item in self.items],
        }


def _words(text: str) -> int:
    from articles.plain_language.analyse import WORD_RE

    return len(WORD_RE.findall(text))


def _none_found(key, question, source, found: list[str], prefix: str, clean: str) -> Item:
    if found:
        return Item(key, question, source, FAIL, prefix + ", ".join(found[:5]))
    return Item(key, question, source, PASS, clean)


def checklist(analysis) -> Checklist:
    """The checklist of an ArticleAnalysis (analyse.analyse_page / analyse_parts)."""
    language = analysis.language
    parts = analysis.parts
    words = analysis.words
    sentences = analysis.sentences
    findings = analysis.findings
    by_key = {p.part.kind: p for p in parts if p.part.kind in ("summary", "introduction")}
    items = []

    # Key points (CCI 13 · PEMAT 11)
    summary = by_key.get("summary")
    summary_words = _words(summary.part.text) if summary else 0
    items.append(
        Item(
            "key_points",
            "Is the most important information summarised at the start (key points)?",
            "CCI 13 · PEMAT 11",
            PASS if summary_words >= 5 else FAIL,
            f"Key points: {summary_words} words." if summary_words else "No key points yet.",
        )
    )

    # Main message first (CCI 1–2): a short, plain first sentence in the key points
    status, detail = FAIL, "No key points, so no main message at the top."
    if summary and summary.result and summary.result.first_sentence:
        start, end = summary.result.first_sentence
        first = summary.part.text[start:end]
        count = _words(first)
        flagged = [
            f
            for f in summary.findings
            if f.start < end and f.kind in ("word", "hard_sentence", "very_hard_sentence")
        ]
        if count <= MAX_FIRST_SENTENCE_WORDS[language] and not flagged:
            status, detail = PASS, f"First sentence: {count} words, no hard words."
        else:
            status = FAIL
            detail = f"First sentence: {count} words" + (
                ", with hard words or a hard sentence." if flagged else ": make it shorter."
            )
    items.append(
        Item(
            "main_message_first",
            "Is the main message at the top, in one short plain sentence?",
            "CCI 1–2",
            status,
            detail,
        )
    )

    # Headings (PEMAT 9)
    headings = sum(1 for p in parts if p.part.kind == "heading" and p.part.text)
    if words < HEADINGS_FROM_WORDS:
        status, detail = PASS, f"Short article ({words} words): headings are optional."
    else:
        status = PASS if headings >= 2 else FAIL
        detail = f"{headings} heading(s) for {words} words (two or more break it into sections)."
    items.append(
        Item(
            "headings", "Is the text broken into sections with headings?", "PEMAT 9", status, detail
        )
    )

    # Lists for steps (PEMAT 22)
    lists = sum(
        1 for p in parts if p.part.kind in ("numbered_list", "bulleted_list") and p.part.text
    )
    cues = sum(
        p.result.step_cues
        for p in parts
        if p.result and p.part.kind not in ("numbered_list", "bulleted_list")
    )
    if lists:
        status, detail = PASS, f"{lists} list(s)."
    elif cues >= 2:
        status, detail = (
            FAIL,
            f"{cues} step words (first, then, next…) in paragraphs: use a numbered list.",
        )
    else:
        status, detail = (
            PERSON,
            "No lists and no steps found: is there an action to break into steps?",
        )
    items.append(
        Item(
            "lists_for_steps",
            "Are actions broken into steps, in lists?",
            "PEMAT 22",
            status,
            detail,
        )
    )

    # What the patient should do (CCI 5 · PEMAT 20)
    actions = sum(p.result.action_sentences for p in parts if p.result)
    items.append(
        Item(
            "patient_action",
            "Does it say at least one thing the patient can do?",
            "CCI 5 · PEMAT 20",
            PASS if actions else FAIL,
            f"{actions} sentence(s) tell the reader what to do."
            if actions
            else "No sentence starts with an action ('Call…', 'Take…') or says 'you can / should'.",
        )
    )

    enough = words >= MIN_WORDS

    # Sentence length
    average = words / sentences if sentences else 0
    limit = MAX_AVERAGE_WORDS[language]
    items.append(
        Item(
            "sentence_length",
            f"Are sentences short (on average {limit} words or fewer)?",
            "CCI 9 · PEMAT 4",
            (PASS if average <= limit else FAIL) if enough else PERSON,
            f"{average:.1f} words per sentence on average." if enough else "Not enough text yet.",
        )
    )

    # Reading level
    level = analysis.reading_level()
    if language == "es":
        value = level["ease"]
        status = PERSON if value is None else (PASS if level["on_target"] else FAIL)
        detail = (
            "Not enough text yet."
            if value is None
            else f"INFLESZ {value:.1f} ({level['band']}); aim for {level['target']} or more."
        )
    else:
        value = level["grade"]
        status = PERSON if value is None else (PASS if level["on_target"] else FAIL)
        detail = (
            "Not enough text yet."
            if value is None
            else f"Grade {value:.1f}; aim for {level['target']} or lower."
        )
    items.append(
        Item("reading_level", "Is the reading level on target?", "AMA · HHS · NIH", status, detail)
    )

    # Everyday words (CCI 9 · PEMAT 5)
    jargon = sum(1 for f in findings if f.kind == "word")
    density = 100 * jargon / words if words else 0
    items.append(
        Item(
            "everyday_words",
            "Does it use everyday words (at most 1 listed word per 100 words)?",
            "CCI 9 · PEMAT 5",
            (PASS if density <= MAX_JARGON_PER_100_WORDS else FAIL) if enough else PERSON,
            f"{jargon} word(s) with plainer alternatives: {density:.1f} per 100 words."
            if enough
            else "Not enough text yet.",
        )
    )

    # Active voice (CCI 10 · PEMAT 7)
    passive = sum(1 for f in findings if f.kind == "passive")
    share = passive / sentences if sentences else 0
    items.append(
        Item(
            "active_voice",
            "Does it use the active voice (passive in at most 1 sentence in 10)?",
            "CCI 10 · PEMAT 7",
            (PASS if share <= MAX_PASSIVE_SHARE else FAIL) if enough else PERSON,
            f"{passive} passive(s) in {sentences} sentences." if enough else "Not enough text yet.",
        )
    )

    # Numbers (CCI 11–12 · PEMAT 12), abbreviations (PEMAT 6), one language (Section 1557):
    # each passes when nothing of its kind was found.
    items.append(
        _none_found(
            "numbers_clear",
            "Are numbers written the way patients read them (counts, not percentages, ranges or "
            "decimals)?",
            "CCI 11–12 · PEMAT 12",
            [f.words for f in findings if f.kind == "number"],
            "To rewrite: ",
            "No percentages, ranges or decimals to rewrite.",
        )
    )
    items.append(
        _none_found(
            "abbreviations_defined",
            "Is every abbreviation spelled out the first time?",
            "PEMAT 6",
            [f.words for f in findings if f.kind == "abbreviation"],
            "Not spelled out: ",
            "All spelled out (or none).",
        )
    )
    items.append(
        _none_found(
            "page_language",
            "Is all of the text in the page's language?",
            "Section 1557",
            [p.part.label for p in parts if p.result and p.result.other_language],
            "In another language: ",
            "",
        )
    )

    items.extend(Item(key, question, source, PERSON) for key, question, source in PERSON_ITEMS)
    return Checklist(tuple(items))


def page_checklist(page) -> Checklist:
    from articles.plain_language.analyse import analyse_page

    return checklist(analyse_page(page))
