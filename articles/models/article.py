"""An article: its fields, panels, serving, reading statistics and review dates. Its contents list and
plain text (contents.py) and its JSON-LD (structured_data.py) are mixins beside it."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from articles.blocks import ArticleBodyBlock
from articles.limits import limit
from articles.models.constants import INTRO_FEATURES
from articles.models.contents import ArticleContentsMixin
from articles.models.panels import MedicalReviewPanel, PlainLanguagePanel, ReadingLevelPanel
from articles.models.snippets import Practitioner, TopicName
from articles.models.structured_data import StructuredDataMixin
from clinic.editor_limits import RELATED_LINKS
from clinic.http.queries import without_view_restrictions
from clinic.models import RestrictionsOnceMixin


class ArticlePageTopic(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


# Extension points for apps above this one (handouts): they add sub-routes, preview modes and
# cached paths to article pages through Wagtail hooks, so that `articles` never imports them.
ROUTES_HOOK = "register_article_page_routes"  # fn() -> [django.urls.path(...), ...]
PREVIEW_MODES_HOOK = "register_article_preview_modes"  # fn(page) -> [(mode, label), ...]
SERVE_PREVIEW_HOOK = "serve_article_preview"  # fn(page, request, mode) -> response or None
CACHED_PATHS_HOOK = "register_article_cached_paths"  # fn(page) -> ["handout/", ...]


class ArticlePage(
    ArticleContentsMixin, StructuredDataMixin, RestrictionsOnceMixin, RoutablePageMixin, Page
):
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
        """Lists that show an article besides its ancestors (clinic.http.purge)."""
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
    # Set by the Medical review workflow on the revision it approves (articles.review), never
    # typed: read-only in the editor, not copied into a copy or a new translation, not
    # synchronised from the English page (each translation is reviewed on its own).
    last_reviewed = models.DateField(
        null=True,
        blank=True,
        editable=False,
        verbose_name="Last medically reviewed",
        help_text="When a practitioner approved this version in Medical review.",
    )
    reviewed_by = models.ForeignKey(
        Practitioner,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="reviewed_articles",
        help_text="The practitioner who approved this version in Medical review.",
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
    plain_score = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        editable=False,
        verbose_name="Plain-language score",
        help_text="Share of the computed plain-language checklist items (CDC Clear Communication "
        "Index, PEMAT-P) that pass, 0–100; items that need a person's judgement are not scored.",
    )

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
        PlainLanguagePanel(
            heading="Plain language",
            help_text="Hard sentences, words with plainer ones, passive voice, numbers and "
            "abbreviations in the text as it stands, and the checklist score. Updates as you write.",
        ),
        InlinePanel(
            "references",
            heading="References",
            label="Reference",
            max_num=limit("ARTICLE_MAX_REFERENCES"),
            help_text="Sources cited by the article, shown numbered in APA style (at most "
            f"{limit('ARTICLE_MAX_REFERENCES')}).",
        ),
    ]
    review_panels = [
        MultiFieldPanel(
            [
                FieldPanel("last_updated"),
                MedicalReviewPanel(heading="Medical review"),
                FieldPanel("author"),
            ],
            heading="Dates and review",
        ),
        FieldPanel("topics"),
        InlinePanel(
            "related_links",
            heading="Related articles",
            label="Related article",
            max_num=RELATED_LINKS,
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

    # A copy or a new translation has not been reviewed.
    exclude_fields_in_copy = ["last_reviewed", "reviewed_by"]
    medical_review_gate = True  # articles.review.gate.finish_workflow

    def publish(self, revision, user=None, **kwargs):
        """Every publish of an article passes the medical review gate (articles.review.gate)."""
        from articles.review.gate import check_publish

        check_publish(self, revision, user)
        return super().publish(revision, user=user, **kwargs)

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
        from clinic.i18n.languages import live_translations

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

    # --- derived content -------------------------------------------------------------------------

    @property
    def language_code(self) -> str:
        from clinic.i18n.languages import default_language

        locale = self.locale if self.locale_id else None
        return locale.language_code if locale else default_language()

    def update_reading_stats(self) -> None:
        """English: Flesch–Kincaid grade. Spanish: Szigriszt-Pazos / INFLESZ (English grade
        formulas do not carry over to Spanish); the other one is left empty."""
        from articles.readability import as_sentences, reading_stats
        from articles.readability_es import szigriszt_pazos, without_untranslated

        text = self.plain_text()
        stats = reading_stats(text)
        spanish = self.language_code == "es"
        self.reading_grade = None if spanish else stats.grade
        if spanish:
            # Only the translated words: untranslated segments are still English.
            spanish_text = without_untranslated(text, self.untranslated_segments())
            self.reading_ease_es = szigriszt_pazos(as_sentences(spanish_text)).score
        else:
            self.reading_ease_es = None
        self.reading_time = stats.minutes
        self.word_count = stats.words
        from articles.plain_language.checklist import page_checklist

        self.plain_score = page_checklist(self).score

    def untranslated_segments(self) -> list[str]:
        """A translation's segments not translated yet (their source text), else []."""
        if not self.pk or not self.locale_id:
            return []
        from articles.review.records import missing_segments

        return missing_segments(self)

    def clean(self):
        super().clean()
        from articles.limits import validate

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
                        "plain_score",
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
