"""An article's related links and references."""

from __future__ import annotations

from django.db import models
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
)
from wagtail.models import Orderable

from articles.models.article import ArticlePage


class ArticleRelatedLink(Orderable):
    article = ParentalKey(ArticlePage, related_name="related_links", on_delete=models.CASCADE)
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Another article to suggest at the end of this one.",
    )

    panels = [FieldPanel("page")]

    def __str__(self):
        return str(self.page)


class ArticleReference(Orderable):
    """One cited source, rendered in APA 7 style. `raw` keeps an imported citation that did not parse."""

    article = ParentalKey(ArticlePage, related_name="references", on_delete=models.CASCADE)
    authors = models.CharField(
        max_length=500,
        blank=True,
        help_text="As in APA: 'Garrison, S. R., & Allan, G. M.' (surname, initials; '&' before the last).",
    )
    year = models.CharField(max_length=20, blank=True, help_text="Year of publication, or 'n.d.'.")
    title = models.CharField(
        max_length=500, blank=True, help_text="Title of the article, chapter or book."
    )
    source = models.CharField(
        max_length=300,
        blank=True,
        verbose_name="Source or journal",
        help_text="Journal, book or website, e.g. 'Canadian Family Physician'.",
    )
    volume = models.CharField(max_length=20, blank=True, help_text="Journal volume, e.g. '58'.")
    issue = models.CharField(max_length=20, blank=True, help_text="Journal issue, e.g. '8'.")
    pages = models.CharField(max_length=40, blank=True, help_text="Page range, e.g. '839–840'.")
    doi = models.CharField(
        max_length=200,
        blank=True,
        verbose_name="DOI",
        help_text="e.g. 10.1056/NEJMcp060300 (no https://).",
    )
    pmid = models.CharField(
        max_length=20, blank=True, verbose_name="PMID", help_text="PubMed ID (optional)."
    )
    url = models.URLField(
        blank=True, verbose_name="URL", help_text="Web address when there is no DOI."
    )
    raw = models.TextField(
        blank=True,
        verbose_name="Citation as text",
        help_text="Used only when the structured fields are empty (e.g. an imported citation that "
        "could not be split into parts).",
    )

    panels = [
        FieldPanel("authors"),
        FieldRowPanel([FieldPanel("year"), FieldPanel("title")]),
        FieldPanel("source"),
        FieldRowPanel([FieldPanel("volume"), FieldPanel("issue"), FieldPanel("pages")]),
        FieldRowPanel([FieldPanel("doi"), FieldPanel("pmid"), FieldPanel("url")]),
        FieldPanel("raw"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "reference"

    def __str__(self):
        return strip_tags(self.apa_html())

    @property
    def is_structured(self) -> bool:
        return bool(self.authors or self.title)

    @property
    def doi_url(self) -> str:
        if not self.doi:
            return ""
        doi = self.doi.strip()
        for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"):
            if doi.lower().startswith(prefix):
                doi = doi[len(prefix) :]
        return f"https://doi.org/{doi}"

    def as_schema(self):
        """A schema.org CreativeWork (or the raw citation text) for the article's JSON-LD `citation`."""
        if not self.is_structured:
            return " ".join(self.raw.split())
        work = {
            "@type": "ScholarlyArticle" if self.volume or self.doi else "CreativeWork",
            "name": self.title,
        }
        if self.authors:
            work["author"] = self.authors
        if self.year and self.year.strip().lower() != "n.d.":
            work["datePublished"] = self.year
        if self.source:
            work["isPartOf"] = {
                "@type": "Periodical" if self.volume else "CreativeWork",
                "name": self.source,
            }
        if self.doi:
            work["sameAs"] = self.doi_url
        if self.doi_url or self.url:
            work["url"] = self.doi_url or self.url
        if self.pmid:
            work["identifier"] = f"PMID:{self.pmid}"
        return work

    def apa_html(self):
        """APA 7: Authors (Year). Title. <i>Source</i>, <i>Volume</i>(Issue), pages. https://doi.org/…"""
        if not self.is_structured:
            return format_html("{}", self.raw)
        parts = []
        if self.authors:
            authors = self.authors.strip()
            parts.append(format_html("{} ", authors if authors.endswith(".") else authors + "."))
        parts.append(format_html("({}). ", self.year or "n.d."))
        if self.title:
            title = self.title.strip()
            parts.append(format_html("{} ", title if title[-1] in ".?!" else title + "."))
        if self.source:
            source = format_html("<i>{}</i>", self.source.strip())
            if self.volume:
                source = format_html("{}, <i>{}</i>", source, self.volume)
                if self.issue:
                    source = format_html("{}({})", source, self.issue)
            if self.pages:
                source = format_html("{}, {}", source, self.pages)
            parts.append(format_html("{}. ", source))
        if self.doi:
            parts.append(format_html('<a href="{0}">{0}</a>', self.doi_url))
        elif self.url and self.url.split(":", 1)[0].strip().lower() in ("http", "https"):
            parts.append(format_html('<a href="{0}">{0}</a>', self.url))
        elif self.url:  # written around the form's URL check (shell, import): text, never a link
            parts.append(format_html("{}", self.url))
        if self.pmid:
            parts.append(format_html(" PMID: {}", self.pmid))
        return mark_safe("".join(str(p) for p in parts).strip())  # noqa: S308 - parts are escaped
