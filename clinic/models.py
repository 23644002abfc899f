"""Site-wide models: the home page and the clinic's settings that staff edit in the admin."""

from django.db import models
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from clinic.utils import tel_href

DISCLAIMER_FEATURES = ["bold", "italic", "link"]
INTRO_FEATURES = ["bold", "italic", "link", "ul", "ol"]


@register_setting(icon="site")
class ClinicSettings(BaseSiteSetting):
    """The clinic's name, contact details and standard texts, shown on every page and handout."""

    clinic_name = models.CharField(
        max_length=100,
        default="Clark Wellness",
        help_text="The name patients know the clinic by, shown in the header and on handouts.",
    )
    legal_name = models.CharField(
        max_length=150,
        default="Clark Wellness, PLLC",
        help_text="The registered business name, used in the copyright line and handout metadata.",
    )
    tagline = models.CharField(
        max_length=150,
        blank=True,
        default="Functional medicine in Waco and Hamilton, Texas",
        help_text="A short line under the clinic's name (optional).",
    )
    phone = models.CharField(
        max_length=30,
        default="(254) 386-8149",
        help_text="The main phone number, written as patients should read it, e.g. (254) 386-8149. "
        "Used in every page's header and footer, on the home page, at the top, foot and closing "
        "card of every handout, in the language-help line and on error pages, and for each "
        "location that has no number of its own (a location's own number is set on its page).",
    )
    email = models.EmailField(
        blank=True,
        help_text="The clinic's public email address (optional).",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional. Without a logo the site and handouts use the clinic's built-in wordmark.",
    )
    facebook_url = models.URLField(
        blank=True, help_text="Full address of the clinic's Facebook page."
    )
    instagram_url = models.URLField(
        blank=True, help_text="Full address of the clinic's Instagram profile."
    )
    yelp_url = models.URLField(blank=True, help_text="Full address of the clinic's Yelp page.")
    disclaimer = RichTextField(
        features=DISCLAIMER_FEATURES,
        blank=True,
        help_text="The standard medical disclaimer shown under every article and on every handout. "
        "An article can replace it with its own.",
    )
    emergency_note = models.CharField(
        max_length=200,
        default="In an emergency, call 911.",
        help_text="Shown beside the disclaimer on articles and handouts.",
    )
    # Spanish pages and handouts print these instead (a site setting is not a translatable
    # snippet: the two short texts live beside their English originals). Blank: the English text.
    tagline_es = models.CharField(
        max_length=150,
        blank=True,
        verbose_name="Tagline (Spanish)",
        help_text="The tagline on Spanish pages and handouts, e.g. 'Medicina funcional en Waco y "
        "Hamilton, Texas'. Blank: the English tagline.",
    )
    disclaimer_es = RichTextField(
        features=DISCLAIMER_FEATURES,
        blank=True,
        verbose_name="Disclaimer (Spanish)",
        help_text="The standard disclaimer on Spanish articles and handouts. Have it translated "
        "and reviewed by a person; blank shows the English disclaimer.",
    )
    emergency_note_es = models.CharField(
        max_length=200,
        blank=True,
        verbose_name="Emergency note (Spanish)",
        help_text="e.g. 'En una emergencia, llame al 911.' Blank: the English note.",
    )
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("clinic_name"),
                FieldPanel("legal_name"),
                FieldPanel("tagline"),
                FieldPanel("logo"),
            ],
            heading="Identity",
        ),
        MultiFieldPanel([FieldPanel("phone"), FieldPanel("email")], heading="Contact"),
        MultiFieldPanel(
            [FieldPanel("facebook_url"), FieldPanel("instagram_url"), FieldPanel("yelp_url")],
            heading="Social links",
        ),
        MultiFieldPanel(
            [
                HelpPanel(
                    content="These texts appear on every article page and every printed handout."
                ),
                FieldPanel("disclaimer"),
                FieldPanel("emergency_note"),
            ],
            heading="Medical disclaimer",
        ),
        MultiFieldPanel(
            [
                FieldPanel("tagline_es"),
                FieldPanel("disclaimer_es"),
                FieldPanel("emergency_note_es"),
            ],
            heading="Spanish texts",
        ),
    ]

    class Meta:
        verbose_name = "Clinic settings"

    def __str__(self):
        return self.clinic_name

    @classmethod
    def for_request(cls, request):
        """The settings of the request's site, read on every page: remembered under the content
        generation (clinic.http.cache.remember), which saving the settings renews. The admin's edit
        view reads them with for_site, from the database."""
        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        from wagtail.models import Site

        from clinic.http.cache import remember

        site = Site.find_for_request(request)
        if site is None:
            return super().for_request(request)
        instance = remember(f"clinic-settings:{site.pk}", lambda: cls.for_site(site))
        instance._request = request
        setattr(request, attr_name, instance)
        return instance

    def _local(self, name: str) -> str:
        """The Spanish text of field `name` on a Spanish page (or handout), when there is one."""
        from django.utils import translation

        if (translation.get_language() or "").startswith("es"):
            spanish = getattr(self, f"{name}_es", "")
            if spanish:
                return spanish
        return getattr(self, name)

    @property
    def local_tagline(self) -> str:
        return self._local("tagline")

    @property
    def local_disclaimer(self) -> str:
        return self._local("disclaimer")

    @property
    def local_emergency_note(self) -> str:
        return self._local("emergency_note")

    @property
    def phone_href(self) -> str:
        """The phone number as a tel: URI with country code, e.g. tel:+12543868149."""
        return tel_href(self.phone)

    @cached_property
    def social_links(self) -> list[tuple[str, str]]:
        links = [
            ("Facebook", self.facebook_url),
            ("Instagram", self.instagram_url),
            ("Yelp", self.yelp_url),
        ]
        return [(label, url) for label, url in links if url]


class RestrictionsOnceMixin:
    """Wagtail's serve hooks (ours for caching, Wagtail's own check) and views ask a page for its
    view restrictions several times while serving one request: evaluate the query once per page
    instance and share the result (a queryset with its cache filled). Put before Page in the bases."""

    def get_view_restrictions(self):
        cached = self.__dict__.get("_view_restrictions")
        if cached is None:
            cached = (
                view_restrictions_on_path(self) if self.path else super().get_view_restrictions()
            )
            len(cached)  # evaluate now; the result cache answers later calls
            self.__dict__["_view_restrictions"] = cached
        return cached


def view_restrictions_on_path(page):
    """The view restrictions on `page` and its ancestors, in ONE query (Wagtail's own asks for the
    ancestors first, then for their restrictions). The ancestors' tree paths are prefixes of the
    page's own; an alias is checked through the page it copies (Coalesce(alias_of, id)), as in
    Wagtail's Page.get_view_restrictions."""
    from django.db.models.functions import Coalesce
    from wagtail.models import PageViewRestriction

    step = Page.steplen
    paths = [page.path[:end] for end in range(step, len(page.path) + 1, step)]
    checked = (
        Page.objects.filter(path__in=paths)
        .annotate(source_id=Coalesce("alias_of_id", "id"))
        .values("source_id")
    )
    return PageViewRestriction.objects.filter(page_id__in=checked)


class HomePage(RestrictionsOnceMixin, Page):
    """The clinic's front page: a hero, an introduction, the latest articles and the locations."""

    hero_heading = models.CharField(
        max_length=120,
        default="Care that looks for the root cause",
        help_text="The large heading at the top of the home page.",
    )
    hero_text = models.TextField(
        blank=True,
        help_text="One or two sentences under the heading.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional photo beside the heading. Its title is used as alternative text.",
    )
    intro_heading = models.CharField(
        max_length=120,
        default="About the clinic",
        help_text="Heading of the introduction section.",
    )
    intro = RichTextField(
        features=INTRO_FEATURES,
        blank=True,
        help_text="Who the clinic is and how it works with patients.",
    )
    latest_articles_count = models.PositiveSmallIntegerField(
        default=3,
        help_text="How many of the newest articles to show on the home page (0 hides the section).",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_heading"), FieldPanel("hero_text"), FieldPanel("hero_image")],
            heading="Hero",
        ),
        MultiFieldPanel([FieldPanel("intro_heading"), FieldPanel("intro")], heading="Introduction"),
        FieldPanel("latest_articles_count"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "Home page"

    def get_meta_description(self, clinic=None) -> str:
        """The promote tab's description, else the hero text."""
        return self.search_description.strip() or self.hero_text.strip()
