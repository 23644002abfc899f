"""The four demo articles, written for this project."""

from articles.demo.content.dream_recall import DREAM_RECALL
from articles.demo.content.leg_cramps import LEG_CRAMPS
from articles.demo.content.muscle_soreness import MUSCLE_SORENESS
from articles.demo.content.waking_at_night import WAKING_AT_NIGHT

ARTICLES = [LEG_CRAMPS, DREAM_RECALL, WAKING_AT_NIGHT, MUSCLE_SORENESS]

__all__ = ["ARTICLES", "DREAM_RECALL", "LEG_CRAMPS", "MUSCLE_SORENESS", "WAKING_AT_NIGHT"]
