"""Settings of the health library that the editor, pages and handouts share."""

from __future__ import annotations

INTRO_FEATURES = ["bold", "italic", "link"]
TOC_MIN_HEADINGS = 3
TARGET_READING_GRADE = 8
