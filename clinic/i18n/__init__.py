"""Languages: the language middleware and helpers, translations through wagtail-localize, per-language search."""
