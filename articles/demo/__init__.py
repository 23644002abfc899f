"""Demo content for the health library: practitioners, four articles written for this project (one
module each under content/, written with the builders in blocks.py), the "Medical review"
workflow, the topics' Spanish names (topics.py), the Spanish translations (es.py) and generated
articles for load tests (generate.py). The loader is `manage.py load_demo_content` (handouts)."""

from articles.demo.generate import generate, index_generated
from articles.demo.loader import approve_for_demo, ensure_medical_review_workflow, load
from articles.demo.topics import ensure_topic_names

__all__ = [
    "approve_for_demo",
    "ensure_medical_review_workflow",
    "ensure_topic_names",
    "generate",
    "index_generated",
    "load",
]
