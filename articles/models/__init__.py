"""The clinic's health library: the articles index, articles, their references and the practitioners,
one module per concern."""

from articles.models.article import (
    CACHED_PATHS_HOOK,
    PREVIEW_MODES_HOOK,
    ROUTES_HOOK,
    SERVE_PREVIEW_HOOK,
    ArticlePage,
    ArticlePageTopic,
    review_cutoff,
)
from articles.models.constants import INTRO_FEATURES, TARGET_READING_GRADE, TOC_MIN_HEADINGS
from articles.models.contents import TocEntry
from articles.models.index import ArticleIndexPage, RememberedCountPaginator
from articles.models.panels import ReadingLevelPanel
from articles.models.references import ArticleReference, ArticleRelatedLink
from articles.models.snippets import Practitioner, TopicName, with_topic_labels
from articles.plain_language.models import PlainWord
from articles.review.models import MedicalReviewTask, ReviewRecord

__all__ = [
    "CACHED_PATHS_HOOK",
    "INTRO_FEATURES",
    "PREVIEW_MODES_HOOK",
    "ROUTES_HOOK",
    "SERVE_PREVIEW_HOOK",
    "TARGET_READING_GRADE",
    "TOC_MIN_HEADINGS",
    "ArticleIndexPage",
    "ArticlePage",
    "ArticlePageTopic",
    "ArticleReference",
    "ArticleRelatedLink",
    "MedicalReviewTask",
    "PlainWord",
    "Practitioner",
    "ReadingLevelPanel",
    "RememberedCountPaginator",
    "ReviewRecord",
    "TocEntry",
    "TopicName",
    "review_cutoff",
    "with_topic_labels",
]
