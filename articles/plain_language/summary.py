"""Short summaries other screens can show: the reviewer's (level, checklist, findings of the
draft) and a one-line reading level for lists such as the visit-packet builder's (read from the
stored fields: no analysis, no query)."""

from __future__ import annotations


def reading_level(page) -> dict:
    """The stored level of an article, in its language's own measure:
    {"label": "Grade 6.2" | "INFLESZ 68 (fairly easy)" | "", "on_target": bool | None,
    "plain_score": int | None}. For the visit-packet builder: call it per article, or use
    the `reading_level` template filter."""
    from articles.models.constants import TARGET_READING_GRADE
    from articles.readability_es import TARGET_SCORE, inflesz_band

    grade = getattr(page, "reading_grade", None)
    ease = getattr(page, "reading_ease_es", None)
    score = getattr(page, "plain_score", None)
    if ease is not None and grade is None:
        return {
            "label": f"INFLESZ {ease:.0f} ({inflesz_band(ease)})",
            "on_target": ease >= TARGET_SCORE,
            "plain_score": score,
        }
    if grade is not None:
        return {
            "label": f"Grade {grade:.1f}",
            "on_target": grade <= TARGET_READING_GRADE,
            "plain_score": score,
        }
    return {"label": "", "on_target": None, "plain_score": score}


def review_summary(page) -> dict:
    """For the medical reviewer: the draft's level, checklist and number of findings."""
    from articles.plain_language.analyse import analyse_page
    from articles.plain_language.checklist import TARGET_SCORE, checklist

    analysis = analyse_page(page)
    result = checklist(analysis)
    findings = analysis.findings
    return {
        "level": analysis.reading_level(),
        "checklist": result,
        "target_score": TARGET_SCORE,
        "findings": len(findings),
        "hard_sentences": sum(1 for f in findings if f.kind.endswith("hard_sentence")),
        "words": sum(1 for f in findings if f.kind == "word"),
    }
