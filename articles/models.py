"""The clinic's health library: the articles index, articles, their references and the practitioners."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    Panel,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, Site, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from clinic.i18n import SCHEMA_LANGUAGES
from clinic.models import RestrictionsOnceMixin
from clinic.queries import without_view_restrictions

from .blocks import ArticleBodyBlock

INTRO_FEATURES = ["bold", "italic", "link"]
TOC_MIN_HEADINGS = 3
TARGET_READING_GRADE = 8


class ReadingLevelPanel(Panel):
    """Read-only panel in the editor: the stored Flesch–Kincaid grade against the target, reading time
    and word count. The numbers are those of the last saved draft (they are recomputed on every save)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "articles/admin/reading_level_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            from .readability_es import TARGET_SCORE, inflesz_band

            page = self.instance
            grade = getattr(page, "reading_grade", None)
            ease = getattr(page, "reading_ease_es", None)
            locale = getattr(page, "locale", None) if getattr(page, "locale_id", None) else None
            context.update(
                {
                    "spanish": bool(locale and locale.language_code == "es"),
                    "ease": ease,
                    "ease_band": inflesz_band(ease),
                    "ease_target": TARGET_SCORE,
                    "ease_on_target": ease is not None and ease >= TARGET_SCORE,
                    "grade": grade,
                    "target": TARGET_READING_GRADE,
                    "on_target": grade is not None and grade <= TARGET_READING_GRADE,
                    "reading_time": getattr(page, "reading_time", None),
                    "word_count": getattr(page, "word_count", None),
                    "is_new": not getattr(page, "pk", None),
                }
            )
            return context


@register_snippet
class Practitioner(index.Indexed, models.Model):
    """A clinician who writes or medically reviews articles."""

    name = models.CharField(max_length=120, help_text="Full name, e.g. 'Jane Clark'.")
    credentials = models.CharField(
        max_length=60,
        blank=True,
        help_text="Degrees and licences after the name, e.g. 'FNP-C' or 'MD'.",
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional head-and-shoulders photo.",
    )
    bio = models.TextField(blank=True, help_text="Two or three sentences about the practitioner.")

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("credentials")]),
        FieldPanel("photo"),
        FieldPanel("bio"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


@register_snippet
class TopicName(TranslatableMixin, models.Model):
    """How a topic reads to patients in one language. Staff tag articles with one set of topics
    (``sleep``, ``nutrition``), shared by an article and its translations; a topic name gives the
    words patients see for it in a language: the index's and the search page's topic chips, the
    topic page's heading, the article's keywords and the feed's categories. A topic without a
    name in the page's language reads as the tag itself. Translate the English names into Spanish
    with "Translate", or add a Spanish one directly."""

    topic = models.ForeignKey(
        Tag,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The topic, as articles are tagged with it.",
    )
    name = models.CharField(
        max_length=100,
        help_text="The topic as patients read it in this language, e.g. 'sueño' for 'sleep'.",
    )

    panels = [FieldPanel("topic"), FieldPanel("name")]

    class Meta(TranslatableMixin.Meta):
        unique_together = [("translation_key", "locale"), ("topic", "locale")]
        ordering = ["name"]
        verbose_name = "topic name"

    def __str__(self):
        return self.name


def with_topic_labels(tags, locale_id):
    """Tags (a queryset) with ``label``: their TopicName in the locale, or their own name. One
    query, whatever the number of tags."""
    names = TopicName.objects.filter(topic=OuterRef("pk"), locale_id=locale_id).values("name")[:1]
    return tags.annotate(label=Coalesce(Subquery(names), F("name")))


class RememberedCountPaginator(Paginator):
    """A paginator whose total (a COUNT over every live article) is remembered until content
    changes (clinic.cache.remember)."""

    def __init__(self, object_list, per_page, *, count_key: str, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        from clinic.cache import remember

        return remember(self.count_key, lambda: Paginator.count.func(self))


class ArticleIndexPage(RestrictionsOnceMixin, RoutablePageMixin, Page):
    """Lists the live articles, newest first, filterable by topic."""

    intro = RichTextField(
        features=INTRO_FEATURES,
        blank=True,
        help_text="A short introduction shown above the list of articles.",
    )
    per_page = 12

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["clinic.HomePage"]
    subpage_types = ["articles.ArticlePage"]

    class Meta:
        verbose_name = "Article index"

    def route(self, request, path_components):
        """Find the article in one query (Wagtail's default takes two: the child, then its specific
        row) — every article page and handout request comes through here."""
        if path_components:
            article = ArticlePage.objects.child_of(self).filter(slug=path_components[0]).first()
            if article is not None:
                article._cached_parent_obj = self
                return article.route(request, path_components[1:])
        return super().route(request, path_components)

    def live_articles(self):
        """Live articles under this index that anyone may read, newest first (one query: the
        view-restriction test is a NOT EXISTS subquery, not Wagtail's separate look-up)."""
        return without_view_restrictions(
            ArticlePage.objects.child_of(self).live().select_related("reviewed_by", "author")
        ).order_by("-last_updated", "-first_published_at", "-pk")

    def topics(self):
        """The topics of the live, public articles, by name: the index's topic chips. Kept in the
        cache under the content generation (any publish forgets it), since it reads every live
        article's topics."""
        from clinic.cache import remember

        def build():
            return list(
                with_topic_labels(
                    Tag.objects.filter(
                        articles_articlepagetopic_items__content_object__in=self.live_articles()
                        .order_by()
                        .values("pk")
                    ).distinct(),
                    self.locale_id,
                ).order_by("label")
            )

        return remember(f"article-topics:{self.pk}", build)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The listing shows title, summary, date and reading time: leave the bodies in the database.
        articles = self.live_articles().defer("body", "introduction")
        topics = self.topics()
        topic = request.GET.get("topic", "").strip()
        if topic:
            tagged = ArticlePageTopic.objects.filter(tag__slug=topic).values("content_object_id")
            articles = articles.filter(pk__in=tagged)  # a subquery: no DISTINCT over whole rows
            context["topic"] = (
                next((tag for tag in topics if tag.slug == topic), None)
                or with_topic_labels(Tag.objects.filter(slug=topic), self.locale_id).first()
            )
        paginator = RememberedCountPaginator(
            articles,
            self.per_page,
            count_key=f"article-count:{self.pk}:{hashlib.sha256(topic.encode('utf-8', 'surrogateescape')).hexdigest()[:32]}",
        )
        page_obj = paginator.get_page(request.GET.get("page"))  # clamps bad or out-of-range numbers
        context["articles"] = page_obj
        context["paginator"] = paginator
        context["page_range"] = list(
            paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
        )
        query = {"topic": topic} if topic else {}
        context["query_prefix"] = urlencode(query) + "&" if query else ""
        if page_obj.number > 1:
            query["page"] = page_obj.number
        context["canonical_url"] = self.get_full_url(request) + (
            "?" + urlencode(query) if query else ""
        )
        context["topics"] = topics
        return context


class ArticlePageTopic(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


@dataclass(frozen=True)
class TocEntry:
    text: str
    anchor: str
    level: str
    children: tuple = ()


# Extension points for apps above this one (handouts): they add sub-routes, preview modes and
# cached paths to article pages through Wagtail hooks, so that `articles` never imports them.
ROUTES_HOOK = "register_article_page_routes"  # fn() -> [django.urls.path(...), ...]
PREVIEW_MODES_HOOK = "register_article_preview_modes"  # fn(page) -> [(mode, label), ...]
SERVE_PREVIEW_HOOK = "serve_article_preview"  # fn(page, request, mode) -> response or None
CACHED_PATHS_HOOK = "register_article_cached_paths"  # fn(page) -> ["handout/", ...]


class ArticlePage(RestrictionsOnceMixin, RoutablePageMixin, Page):
    """A health article for patients. Rendered on the web and, through `handouts`, as a PDF."""

    @classmethod
    def get_subpage_urls(cls):
        """The routes apps above this one register (each view takes the page, then the request),
        ahead of this class's own. Read once per class, when Wagtail first routes to an article."""
        extra = [route for fn in hooks.get_hooks(ROUTES_HOOK) for route in fn()]
        return (*extra, *super().get_subpage_urls())

    @property
    def preview_modes(self):
        modes = [("", "Web page")]
        for fn in hooks.get_hooks(PREVIEW_MODES_HOOK):
            modes.extend(fn(self))
        return modes

    def serve_preview(self, request, mode_name):
        for fn in hooks.get_hooks(SERVE_PREVIEW_HOOK):
            response = fn(self, request, mode_name)
            if response is not None:
                return response
        return super().serve_preview(request, mode_name)

    def get_cached_paths(self):
        paths = list(super().get_cached_paths())
        for fn in hooks.get_hooks(CACHED_PATHS_HOOK):
            paths.extend(fn(self))
        return paths

    @staticmethod
    def purge_also_paths():
        """Lists that show an article besides its ancestors (clinic.purge)."""
        from django.urls import reverse

        return [reverse("articles_feed"), reverse("search")]

    summary = models.TextField(
        verbose_name="Key points",
        help_text="Two to four plain sentences: what a patient should take away. Shown in the "
        "summary box, in listings and search results, and as the page description.",
    )
    introduction = RichTextField(
        features=INTRO_FEATURES,
        blank=True,
        help_text="Optional opening paragraph shown before the body.",
    )
    body = StreamField(
        ArticleBodyBlock(),
        blank=True,
        help_text="The article. Use section headings (three or more make a table of contents), "
        "short paragraphs, lists and callouts.",
    )
    last_updated = models.DateField(
        default=datetime.date.today,
        help_text="When the content last changed meaningfully. Shown to patients as 'Updated …'.",
    )
    last_reviewed = models.DateField(
        null=True,
        blank=True,
        verbose_name="Last medically reviewed",
        help_text="When a practitioner last checked this article for medical accuracy.",
    )
    reviewed_by = models.ForeignKey(
        Practitioner,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_articles",
        help_text="The practitioner who did the last medical review.",
    )
    author = models.ForeignKey(
        Practitioner,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authored_articles",
        help_text="Who wrote the article (optional).",
    )
    topics = ClusterTaggableManager(
        through=ArticlePageTopic,
        verbose_name="Topics",
        blank=True,
        help_text="Topics such as 'sleep' or 'nutrition'. Patients filter the library by them; "
        "articles sharing topics are suggested as related.",
    )
    disclaimer_override = RichTextField(
        features=["bold", "italic", "link"],
        blank=True,
        verbose_name="Disclaimer (override)",
        help_text="Leave blank to use the clinic's standard disclaimer from Settings → Clinic settings.",
    )

    # Computed on save: staff see them while editing, the listing sorts by them.
    reading_grade = models.FloatField(
        null=True,
        blank=True,
        editable=False,
        verbose_name="Reading grade",
        help_text="Flesch–Kincaid grade level of the text (aim for 8 or lower).",
    )
    reading_ease_es = models.FloatField(
        null=True,
        blank=True,
        editable=False,
        verbose_name="Reading ease (Spanish)",
        help_text="Spanish articles: Szigriszt-Pazos score on the INFLESZ scale (aim for 55 or "
        "higher; higher is easier).",
    )
    reading_time = models.PositiveSmallIntegerField(
        default=1, editable=False, help_text="Estimated minutes to read."
    )
    word_count = models.PositiveIntegerField(default=0, editable=False)

    # Set by the importer of the old website's articles.
    source_fingerprint = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        editable=False,
        help_text="Identifies the imported source text, so a re-import updates this page.",
    )
    needs_title = models.BooleanField(
        default=False,
        help_text="Set by the importer when the source had no title: write one, untick, then publish.",
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("introduction"),
        index.SearchField("body"),
        index.FilterField("last_updated"),
        index.RelatedFields("topics", [index.SearchField("name")]),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("introduction"),
        FieldPanel("body"),
        InlinePanel(
            "references",
            heading="References",
            label="Reference",
            help_text="Sources cited by the article, shown numbered in APA style.",
        ),
    ]
    review_panels = [
        MultiFieldPanel(
            [
                FieldPanel("last_updated"),
                FieldRowPanel([FieldPanel("last_reviewed"), FieldPanel("reviewed_by")]),
                FieldPanel("author"),
            ],
            heading="Dates and review",
        ),
        FieldPanel("topics"),
        InlinePanel(
            "related_links",
            heading="Related articles",
            label="Related article",
            help_text="Chosen articles shown at the end. Without any, articles sharing topics are shown.",
        ),
        FieldPanel("disclaimer_override"),
        FieldPanel("needs_title"),
    ]
    review_panels.insert(
        0,
        ReadingLevelPanel(
            heading="Reading level",
            help_text="Computed from the summary, introduction and body each time the page is saved.",
        ),
    )

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(review_panels, heading="Review"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings", classname="settings"),
        ]
    )

    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "Article"
        # Lists show the newest first: the index and the home page read a page of them from here
        # instead of sorting every article.
        indexes = [models.Index(fields=["-last_updated"], name="article_last_updated_idx")]

    # --- serving ---------------------------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_articles"] = self.get_related_articles()
        context["structured_data"] = self.structured_data(request)
        context["print_translations"] = self.print_translations()
        return context

    def print_translations(self) -> list:
        """This article's live, public translations into the site's other languages: each one's
        handout is offered beside this one's ("Imprimir en español"). Drafts, private
        translations and aliases never are. The same query as the language switcher's, asked
        once."""
        from clinic.i18n import live_translations

        return [
            page
            for page in live_translations(self).values()
            if page.pk != self.pk and page.alias_of_id is None  # an alias shows the source's words
        ]

    @property
    def meta_description(self) -> str:
        """The page's description for search engines and link previews: promote tab, else the summary."""
        text = (self.search_description or self.summary or "").strip()
        return " ".join(text.split())

    def get_sitemap_urls(self, request=None):
        # The date patients see ("Updated …") is the meaningful last-modified date, not the last publish.
        # A datetime (not a date): the sitemap compares lastmod values across all pages.
        lastmod = timezone.make_aware(
            datetime.datetime.combine(self.last_updated, datetime.time.min)
        )
        return [{"location": self.get_full_url(request), "lastmod": lastmod}]

    def structured_data(self, request=None) -> dict:
        """schema.org MedicalWebPage for this article (rendered with the `json_ld` filter)."""
        from clinic.models import ClinicSettings

        # With a request, both come from the request's cache (the page template reads them too).
        site = Site.find_for_request(request) if request is not None else self.get_site()
        clinic = (
            ClinicSettings.for_request(request)
            if request is not None
            else (ClinicSettings.for_site(site) if site else None)
        )
        url = self.get_full_url(request)
        publisher = {
            "@type": "MedicalClinic",
            "name": clinic.clinic_name if clinic else "Clark Wellness",
        }
        if clinic and clinic.phone:
            publisher["telephone"] = clinic.phone
        if site:
            publisher["url"] = site.root_url + "/"
        data = {
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "headline": self.title,
            "name": self.seo_title or self.title,
            "description": self.meta_description,
            "url": url,
            "mainEntityOfPage": url,
            "inLanguage": SCHEMA_LANGUAGES.get(self.language_code, self.language_code),
            "dateModified": self.last_updated.isoformat() if self.last_updated else None,
            "author": _person(self.author) if self.author else publisher,
            "publisher": publisher,
            "audience": {"@type": "PeopleAudience", "audienceType": "Patient"},
        }
        if self.first_published_at:
            data["datePublished"] = timezone.localtime(self.first_published_at).date().isoformat()
        if self.last_reviewed:
            data["lastReviewed"] = self.last_reviewed.isoformat()
        if self.reviewed_by:
            data["reviewedBy"] = _person(self.reviewed_by)
        topics = self.topic_labels
        if topics:
            data["keywords"] = ", ".join(topics)
        citations = [reference.as_schema() for reference in self.references.all()]
        if citations:
            data["citation"] = citations
        return {key: value for key, value in data.items() if value not in (None, "", [])}

    # --- derived content -------------------------------------------------------------------------

    def heading_anchors(self) -> list[tuple[object, str]]:
        """(heading block, unique anchor) for each heading in the body, in order."""
        seen: dict[str, int] = {}
        result = []
        for block in self.body:
            if block.block_type != "heading":
                continue
            base = block.block.get_anchor(block.value)
            count = seen.get(base, 0)
            seen[base] = count + 1
            result.append((block, base if count == 0 else f"{base}-{count + 1}"))
        return result

    def body_with_anchors(self) -> list[tuple[object, str | None]]:
        anchors = {id(block): anchor for block, anchor in self.heading_anchors()}
        return [(block, anchors.get(id(block))) for block in self.body]

    @cached_property
    def table_of_contents(self) -> list[TocEntry]:
        """Sections (h2) with their sub-sections (h3); empty below three headings."""
        headings = self.heading_anchors()
        if len(headings) < TOC_MIN_HEADINGS:
            return []
        entries: list[TocEntry] = []
        for block, anchor in headings:
            entry = TocEntry(text=block.value["text"], anchor=anchor, level=block.value["level"])
            if entry.level == "h3" and entries and entries[-1].level == "h2":
                parent = entries[-1]
                entries[-1] = TocEntry(
                    parent.text, parent.anchor, parent.level, parent.children + (entry,)
                )
            else:
                entries.append(entry)
        return entries

    def plain_text(self) -> str:
        """The article's readable text, for readability scores and search snippets."""
        parts = [self.summary or "", strip_tags(self.introduction or "")]
        for block in self.body:
            parts.append(_block_text(block.block_type, block.value))
        return "\n\n".join(p.strip() for p in parts if p and p.strip())

    @property
    def language_code(self) -> str:
        from clinic.i18n import default_language

        locale = self.locale if self.locale_id else None
        return locale.language_code if locale else default_language()

    def update_reading_stats(self) -> None:
        """English: Flesch–Kincaid grade. Spanish: Szigriszt-Pazos / INFLESZ (English grade
        formulas do not carry over to Spanish); the other one is left empty."""
        from .readability import as_sentences, reading_stats
        from .readability_es import szigriszt_pazos

        text = self.plain_text()
        stats = reading_stats(text)
        spanish = self.language_code == "es"
        self.reading_grade = None if spanish else stats.grade
        self.reading_ease_es = szigriszt_pazos(as_sentences(text)).score if spanish else None
        self.reading_time = stats.minutes
        self.word_count = stats.words

    def clean(self):
        super().clean()
        from .limits import validate

        validate(self)  # size, blocks, nesting, image pixels: what a handout can lay out in time
        self.update_reading_stats()

    def save(self, *args, **kwargs):
        self.update_reading_stats()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = list(
                dict.fromkeys(
                    [
                        *update_fields,
                        "reading_grade",
                        "reading_ease_es",
                        "reading_time",
                        "word_count",
                    ]
                )
            )
        return super().save(*args, **kwargs)

    @property
    def disclaimer_html(self):
        """The article's own disclaimer, else None (templates fall back to the site default)."""
        return self.disclaimer_override or None

    def get_related_articles(self, limit: int = 3):
        chosen = [
            link.page.specific
            for link in self.related_links.select_related("page")
            if link.page and link.page.live and link.page.id != self.id
        ]
        chosen = [
            page
            for page in chosen
            if isinstance(page, ArticlePage) and page.locale_id == self.locale_id
        ]
        public_ids = set(
            without_view_restrictions(ArticlePage.objects.live())
            .filter(id__in=[p.id for p in chosen])
            .values_list("id", flat=True)
        )
        chosen = [page for page in chosen if page.id in public_ids]
        if chosen:
            return chosen[:limit]
        topic_ids = list(self.topics.values_list("id", flat=True))
        if not topic_ids:
            return []
        return list(
            without_view_restrictions(ArticlePage.objects.live())
            .filter(topics__id__in=topic_ids, locale_id=self.locale_id)
            .exclude(id=self.id)
            .annotate(shared=models.Count("topics", distinct=True))
            .order_by("-shared", "-last_updated")[:limit]
        )

    @cached_property
    def topic_labels(self) -> list[str]:
        """The article's topics as patients read them in its language (see TopicName). Read from
        the page in hand, so that a preview shows the draft's topics."""
        tags = list(self.topics.all())
        ids = [tag.pk for tag in tags if tag.pk]
        names = (
            dict(
                TopicName.objects.filter(locale_id=self.locale_id, topic_id__in=ids).values_list(
                    "topic_id", "name"
                )
            )
            if ids
            else {}
        )
        return [names.get(tag.pk, tag.name) for tag in tags]

    @property
    def is_due_for_review(self) -> bool:
        from django.conf import settings

        if not self.last_reviewed:
            return True
        months = settings.ARTICLE_REVIEW_INTERVAL_MONTHS
        return self.last_reviewed < review_cutoff(months)


def review_cutoff(months: int, today: datetime.date | None = None) -> datetime.date:
    """The date `months` months before today (clamped to the month's last day)."""
    today = today or timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    import calendar

    day = min(today.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


def _person(practitioner: Practitioner) -> dict:
    person = {"@type": "Person", "name": practitioner.name}
    if practitioner.credentials:
        person["honorificSuffix"] = practitioner.credentials
    return person


def _block_text(block_type: str, value) -> str:
    if block_type == "heading":
        return value["text"]
    if block_type == "paragraph":
        return strip_tags(value.source)
    if block_type in ("numbered_list", "bulleted_list"):
        lines = []
        for item in value["items"]:
            title = item.get("title") or ""
            text = strip_tags(item["text"].source) if item.get("text") else ""
            line = f"{title}. {text}" if title and text else (title or text)
            lines.append(line)
        return "\n".join(lines)
    if block_type == "callout":
        return strip_tags(value["text"].source)
    if block_type == "quote":
        return value["text"]
    if block_type == "image":
        return value.get("caption") or ""
    return ""


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
