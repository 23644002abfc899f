"""The clinic's locations: an index page and one page per clinic, with address, phone and hours."""

from __future__ import annotations

from urllib.parse import quote_plus

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from clinic.http.queries import (
    CompiledQuery,
    attach_locales,
    with_locale_code,
    without_view_restrictions,
)
from clinic.models import RestrictionsOnceMixin
from clinic.utils import tel_href

from . import hours as hours_logic

MAPS_SEARCH_URL = "https://www.google.com/maps/search/?api=1&query="

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]


class LocationIndexPage(RestrictionsOnceMixin, Page):
    purge_everything_on_publish = True  # locations are in every page's footer and every handout
    intro = RichTextField(
        features=["bold", "italic", "link"],
        blank=True,
        help_text="A short introduction shown above the list of locations.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["clinic.HomePage"]
    subpage_types = ["locations.LocationPage"]
    max_count = 1

    class Meta:
        verbose_name = "Location index"

    def get_meta_description(self, clinic=None) -> str:
        """The promote tab's description, else the introduction, else a plain sentence."""
        text = self.search_description.strip() or " ".join(strip_tags(self.intro).split())
        if text:
            return text
        if clinic is None:
            return gettext("Addresses, phone numbers and opening hours of our clinic's clinics.")
        return gettext("Addresses, phone numbers and opening hours of %(name)s's clinics.") % {
            "name": clinic.clinic_name
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        locations = live_locations()
        prefetch_related_objects(locations, "hours")  # one query for every card's status
        context["locations"] = locations
        return context


class LocationPageForm(WagtailAdminPageForm):
    """Checks the opening-hours rows together: no two rows of one day may overlap."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("hours")
        if formset is None:
            return cleaned_data
        seen: dict[int, list] = {}
        for form in formset.forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE") or not form.cleaned_data:
                continue
            data = form.cleaned_data
            weekday, opens, closes = data.get("weekday"), data.get("opens"), data.get("closes")
            if data.get("closed") or weekday is None or opens is None or closes is None:
                continue
            for other_opens, other_closes in seen.get(weekday, []):
                if opens < other_closes and other_opens < closes:
                    form.add_error(
                        "opens",
                        f"These hours overlap another {hours_logic.DAY_NAMES[weekday]} row.",
                    )
                    break
            seen.setdefault(weekday, []).append((opens, closes))
        return cleaned_data


class LocationPage(RestrictionsOnceMixin, Page):
    purge_everything_on_publish = True  # locations are in every page's footer and every handout
    street = models.CharField(
        max_length=150, help_text="Street address, e.g. '7524 Bosque Boulevard'."
    )
    suite = models.CharField(
        max_length=50, blank=True, help_text="Suite or unit, e.g. 'Suite D' (optional)."
    )
    city = models.CharField(max_length=80, help_text="City, e.g. 'Waco'.")
    state = models.CharField(
        max_length=40, default="Texas", help_text="State, written out, e.g. 'Texas'."
    )
    postal_code = models.CharField(max_length=10, verbose_name="ZIP code", help_text="e.g. 76708.")
    phone = models.CharField(
        max_length=30,
        blank=True,
        help_text="This clinic's own number, e.g. (254) 386-8149: shown on this location's page, "
        "its card in the locations list, its search-engine data and under its address on "
        "handouts. Leave empty to use the main number from Settings › Clinic settings (that one "
        "is on every page's header, the home page and the top and foot of every handout).",
    )
    fax = models.CharField(max_length=30, blank=True, help_text="Fax number (optional).")
    email = models.EmailField(blank=True, help_text="Email address for this location (optional).")
    services = models.TextField(
        blank=True,
        help_text="Services offered here, one per line (optional).",
    )
    directions = RichTextField(
        features=["bold", "italic", "link", "ul"],
        blank=True,
        verbose_name="Directions and parking",
        help_text="How to find the entrance and where to park (optional).",
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A photo of the building or entrance (optional).",
    )
    photo_alt = models.CharField(
        max_length=250,
        blank=True,
        verbose_name="Photo description",
        help_text="Required with a photo: what it shows, for readers who cannot see it.",
    )
    latitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True, help_text="Optional, e.g. 31.5493."
    )
    longitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True, help_text="Optional, e.g. -97.1467."
    )

    search_fields = Page.search_fields + [index.SearchField("city"), index.SearchField("street")]

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("street"), FieldPanel("suite")]),
                FieldRowPanel([FieldPanel("city"), FieldPanel("state"), FieldPanel("postal_code")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading="Address",
        ),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldRowPanel([FieldPanel("fax"), FieldPanel("email")])],
            heading="Contact",
        ),
        InlinePanel(
            "hours",
            heading="Opening hours",
            label="Opening hours",
            help_text="Leave empty to show 'Call for hours'.",
        ),
        FieldPanel("services"),
        FieldPanel("directions"),
        MultiFieldPanel([FieldPanel("photo"), FieldPanel("photo_alt")], heading="Photo"),
    ]

    base_form_class = LocationPageForm
    parent_page_types = ["locations.LocationIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "Location"

    def get_admin_display_title(self):
        """Staff see the city beside the title in the page explorer, e.g. 'Main clinic (Waco)'."""
        title = super().get_admin_display_title()
        if self.city and self.city.lower() not in title.lower():
            return f"{title} ({self.city})"
        return title

    def clean(self):
        super().clean()
        if self.photo_id and not self.photo_alt.strip():
            raise ValidationError(
                {"photo_alt": "Describe the photo for readers who cannot see it."}
            )
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude": "Give both latitude and longitude, or neither."})

    @cached_property
    def contact_phone(self) -> str:
        """The number patients call for this clinic: its own, else the clinic's main number."""
        if self.phone.strip():
            return self.phone.strip()
        from wagtail.models import Site

        from clinic.models import ClinicSettings

        site = self.get_site() or Site.objects.filter(is_default_site=True).first()
        return ClinicSettings.for_site(site).phone if site else ""

    @property
    def phone_href(self) -> str:
        return tel_href(self.contact_phone)

    @property
    def street_line(self) -> str:
        return f"{self.street} {self.suite}".strip() if self.suite else self.street

    @property
    def city_line(self) -> str:
        return f"{self.city}, {self.state} {self.postal_code}".strip()

    @property
    def address_one_line(self) -> str:
        return f"{self.street_line}, {self.city_line}"

    @property
    def services_list(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.services.splitlines() if line.strip(" -•\t")]

    @property
    def maps_url(self) -> str:
        """A plain maps search for the address: opens the maps app on phones; no embed, no script."""
        return MAPS_SEARCH_URL + quote_plus(self.address_one_line)

    @cached_property
    def opening_hours(self) -> list[LocationHours]:
        """The hours rows (one query, or none after prefetch_related("hours"))."""
        return list(self.hours.all())

    @property
    def has_hours(self) -> bool:
        return any(not row.closed and row.opens and row.closes for row in self.opening_hours)

    def status_at(self, when) -> hours_logic.Status | None:
        """Open or closed at `when`; None when no hours are known (the page says 'Call for hours').

        A response that shows it may be kept by shared caches only until the status next changes."""
        from clinic.http.cache import expires_within

        if not self.has_hours:
            return None
        expires_within(hours_logic.seconds_until_change(self.opening_hours, when))
        return hours_logic.status_at(self.opening_hours, when)

    @property
    def current_status(self) -> hours_logic.Status | None:
        # Computed on every access from the current time; caches keep the page only until it changes.
        return self.status_at(timezone.now())

    def get_meta_description(self, clinic=None) -> str:
        """The promote tab's description, else the address and phone, for search results."""
        if self.search_description.strip():
            return self.search_description.strip()
        parts = {
            "name": f"{clinic.clinic_name} – {self.title}" if clinic else self.title,
            "address": self.address_one_line,
            "phone": self.contact_phone,
        }
        if self.has_hours:
            return (
                gettext("%(name)s: %(address)s. Call %(phone)s. Directions, opening hours.") % parts
            )
        return (
            gettext("%(name)s: %(address)s. Call %(phone)s. Directions, how to book a visit.")
            % parts
        )

    def json_ld_data(self, clinic_name: str = "", url: str = "") -> dict:
        """schema.org MedicalClinic for this location."""
        data: dict = {
            "@context": "https://schema.org",
            "@type": "MedicalClinic",
            "name": f"{clinic_name} – {self.title}" if clinic_name else self.title,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": self.street_line,
                "addressLocality": self.city,
                "addressRegion": self.state,
                "postalCode": self.postal_code,
                "addressCountry": "US",
            },
            "telephone": self.phone_href.removeprefix("tel:") or self.contact_phone,
        }
        if url:
            data["url"] = url
        if self.fax:
            data["faxNumber"] = tel_href(self.fax).removeprefix("tel:") or self.fax
        if self.email:
            data["email"] = self.email
        spec = hours_logic.opening_hours_specification(self.opening_hours)
        if spec:
            data["openingHoursSpecification"] = spec
        if self.latitude is not None and self.longitude is not None:
            data["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(self.latitude),
                "longitude": float(self.longitude),
            }
        data["hasMap"] = self.maps_url
        return data

    def get_context(self, request, *args, **kwargs):
        from clinic.models import ClinicSettings

        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        status = self.status_at(now)
        today = now.astimezone(hours_logic.CLINIC_TZ).weekday()
        clinic = ClinicSettings.for_request(request)
        context["status"] = status
        context["week"] = (
            hours_logic.week_table(self.opening_hours, today) if self.has_hours else []
        )
        context["location_json_ld"] = self.json_ld_data(
            clinic_name=clinic.clinic_name, url=self.get_full_url(request=request)
        )
        return context


class LocationHours(Orderable):
    location = ParentalKey(LocationPage, related_name="hours", on_delete=models.CASCADE)
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS, help_text="Day of the week.")
    closed = models.BooleanField(default=False, help_text="Tick if the clinic is closed all day.")
    opens = models.TimeField(null=True, blank=True, help_text="Opening time, e.g. 08:00.")
    closes = models.TimeField(null=True, blank=True, help_text="Closing time, e.g. 17:00.")
    note = models.CharField(max_length=80, blank=True, help_text="Optional, e.g. 'Lunch 12–1'.")

    panels = [
        FieldRowPanel([FieldPanel("weekday"), FieldPanel("closed")]),
        FieldRowPanel([FieldPanel("opens"), FieldPanel("closes")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "opening hours"
        verbose_name_plural = "opening hours"

    def clean(self):
        super().clean()
        if self.closed:
            return
        if self.opens is None or self.closes is None:
            raise ValidationError("Give opening and closing times, or tick 'closed'.")
        if self.closes <= self.opens:
            raise ValidationError({"closes": "Closing time must be after opening time."})

    def __str__(self):
        day = self.get_weekday_display()
        if self.closed:
            return f"{day}: closed"
        return f"{day}: {self.opens:%H:%M}–{self.closes:%H:%M}"


def live_locations_queryset():
    """Live location pages not under a view restriction, in tree order (one query)."""
    return without_view_restrictions(LocationPage.objects.live()).order_by("path")


# Asked on every uncached page (the footer); compiled once per process, pinned to the ORM's
# answer by tests/clinic/test_compiled_queries.py.
LIVE_LOCATIONS = CompiledQuery(lambda: with_locale_code(live_locations_queryset()))


def live_locations():
    """The live, public location pages in tree order — for the footer, home page and handouts —
    each in the active language when translated (clinic.i18n.languages.prefer_active_language)."""
    from clinic.i18n.languages import prefer_active_language

    return prefer_active_language(attach_locales(LIVE_LOCATIONS.objects(LocationPage)))
