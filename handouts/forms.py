"""The visit packet form (admin builder) — one place that turns staff input into a render.Packet,
with a clear message for each kind of bad input. The command line uses the same checks."""

from __future__ import annotations

from django import forms
from django.views.decorators.debug import sensitive_variables

from clinic import invisible
from clinic.http.queries import without_view_restrictions

from . import render
from .models import NOTE_MAX_CHARS, CareCollection


class PacketInputError(ValueError):
    """Bad packet input; str() is the message to show staff."""


# For staff (the admin speaks English): the packet languages, by name.
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}
LANGUAGE_CHOICES = [(code, LANGUAGE_NAMES[code]) for code in render.LANGUAGES]


def live_articles(refs, language: str | None = None) -> list:
    """The live, public articles named by `refs` (ids or slugs), in the order given, without
    repeats. Raises PacketInputError naming the first that is unknown, unpublished or private.
    With `language`, a slug that names articles in two languages means the one in `language`
    (see in_language() for printing them in it)."""
    from articles.models import ArticlePage

    refs = [str(ref).strip()[:255] for ref in refs if str(ref).strip()]
    if not refs:
        raise PacketInputError("Choose at least one article.")
    ordered = list(dict.fromkeys(refs))
    if len(refs) > render.MAX_PACKET_ARTICLES:
        raise PacketInputError(
            f"A packet holds at most {render.MAX_PACKET_ARTICLES} articles; "
            f"{len(refs)} were chosen. Remove one to add another."
        )
    ids = [int(ref) for ref in ordered if ref.isdigit() and len(ref) < 18]
    slugs = [ref for ref in ordered if not ref.isdigit()]
    found = ArticlePage.objects.filter(id__in=ids) | ArticlePage.objects.filter(slug__in=slugs)
    found = list(found.select_related("reviewed_by", "locale"))
    found.sort(key=lambda page: page.locale.language_code != language)  # stable
    by_ref = {}
    for page in found:
        by_ref[str(page.id)] = page
        by_ref.setdefault(page.slug, page)
    ids_found = [page.id for page in found]
    public = set(
        without_view_restrictions(ArticlePage.objects.filter(id__in=ids_found).live()).values_list(
            "id", flat=True
        )
    )
    pages = []
    for ref in ordered:
        page = by_ref.get(ref)
        if page is None:
            raise PacketInputError(f"There is no article {ref!r}.")
        if page.id not in public:
            raise PacketInputError(
                f"“{page.title}” is not published on the website (or is private), so it "
                "cannot be printed for a patient."
            )
        pages.append(page)
    refuse_repeats([by_ref[ref] for ref in refs])
    return pages


def refuse_repeats(pages) -> None:
    """One article once: the same article twice, or an article and its translation (they share a
    translation key), is refused with a message naming it (the builder refuses it too)."""
    seen: dict = {}
    for page in pages:
        first = seen.get(page.translation_key)
        if first is None:
            seen[page.translation_key] = page
        else:
            also = f" (as “{first.title}”)" if first.id != page.id else ""
            raise PacketInputError(
                f"“{page.title}” is already in the packet{also}: an article and its "
                "translation count as one. Remove one of them."
            )


def in_language(pages, language: str) -> list:
    """`pages` as they print in a packet in `language`: each one itself when it is in that
    language, else its live, public translation into it (a care collection holds English
    articles; a Spanish packet prints their Spanish translations). Order kept, no repeats.
    Raises PacketInputError naming EVERY article that has no such translation: a packet never
    prints an article in another language than the one staff chose."""
    from articles.models import ArticlePage

    others = [page for page in pages if page.locale.language_code != language]
    translations = {
        page.translation_key: page
        for page in without_view_restrictions(ArticlePage.objects.live())
        .filter(
            translation_key__in=[page.translation_key for page in others],
            locale__language_code=language,
        )
        .select_related("reviewed_by", "locale")
    }
    missing = [page for page in others if page.translation_key not in translations]
    if missing:
        name = LANGUAGE_NAMES.get(language, language)
        other = " or ".join(LANGUAGE_NAMES[code] for code in render.LANGUAGES if code != language)
        titles = ", ".join(f"“{page.title}”" for page in missing)
        raise PacketInputError(
            f"Not published in {name}: {titles}. A {name} packet prints every article in "
            f"{name}: remove {'it' if len(missing) == 1 else 'them'}, or print the packet in "
            f"{other}."
        )
    chosen = [
        page if page.locale.language_code == language else translations[page.translation_key]
        for page in pages
    ]
    return list(dict.fromkeys(chosen))


def article_options() -> list[dict]:
    """What the builder's search offers: every live, public article, each with its language and
    the languages its translation group has live and public ({"id", "title", "language",
    "languages"}), English first, then by title. One query."""
    from articles.models import ArticlePage

    rows = list(
        without_view_restrictions(ArticlePage.objects.live()).values_list(
            "id", "title", "translation_key", "locale__language_code"
        )
    )
    languages: dict = {}
    for _id, _title, key, code in rows:
        languages.setdefault(key, set()).add(code)
    order = {code: n for n, code in enumerate(render.LANGUAGES)}
    options = [
        {
            "id": page_id,
            "title": title,
            "language": code,
            "languages": sorted(languages[key], key=lambda c: order.get(c, 99)),
        }
        for page_id, title, key, code in rows
    ]
    options.sort(key=lambda o: (order.get(o["language"], 99), o["title"].casefold()))
    return options


def location_slug(slug: str) -> str:
    from locations.models import live_locations_queryset

    slug = (slug or "").strip()
    if slug and not live_locations_queryset().filter(slug=slug).exists():
        raise PacketInputError(f"There is no clinic location {slug!r}.")
    return slug


def readable(text: str, what: str) -> str:
    """`text`, or a ValidationError when it holds an invisible character that reorders it (a
    dosing instruction must print as it was typed: clinic.invisible)."""
    message = invisible.problem(text, what)
    if message:
        raise forms.ValidationError(message, code="misleading")
    return text


class PacketForm(forms.Form):
    """Everything but the article list, which comes in the order staff arranged it
    (`articles`, repeated), checked by live_articles()."""

    collection = forms.ModelChoiceField(
        CareCollection.objects.all(),
        required=False,
        empty_label="— none —",
        help_text="Start from a saved set of articles; you can still add, remove and reorder.",
    )
    language = forms.ChoiceField(
        choices=LANGUAGE_CHOICES,
        initial="en",
        help_text="The language of the cover and of every article: a Spanish packet prints each "
        "article's published Spanish translation (articles marked ES have one).",
    )
    location = forms.CharField(required=False, help_text="Which clinic's address to print.")
    large_print = forms.BooleanField(
        required=False, help_text="17 pt text instead of 12 pt, for patients who read small print."
    )
    practitioner = forms.ModelChoiceField(
        None,
        required=False,
        empty_label="— none —",
        help_text="Printed on the cover as “From …”.",
    )
    note = forms.CharField(
        label="Instructions from your provider",
        required=False,
        max_length=NOTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"Plain text, line breaks kept, up to {NOTE_MAX_CHARS:,} characters. Printed on "
        "the cover and never saved anywhere.",
        error_messages={
            "max_length": "The instructions are %(show_value)d characters long; the limit is "
            "%(limit_value)d. Please shorten them."
        },
    )
    patient_name = forms.CharField(
        label="Patient's first name",
        required=False,
        max_length=render.MAX_NAME_CHARS,
        help_text="Optional, for “Prepared for …” on the cover. Never saved anywhere.",
    )

    def __init__(self, *args, **kwargs):
        from articles.models import Practitioner

        super().__init__(*args, **kwargs)
        self.fields["practitioner"].queryset = Practitioner.objects.order_by("name")
        self.articles: list = []

    def clean_note(self):
        return readable(
            invisible.line_breaks(self.cleaned_data.get("note", "")), "the instructions"
        )

    def clean_patient_name(self):
        return readable(self.cleaned_data.get("patient_name", ""), "the patient's name")

    def clean_location(self):
        try:
            return location_slug(self.cleaned_data.get("location", ""))
        except PacketInputError as error:
            raise forms.ValidationError(str(error)) from None

    @sensitive_variables("data", "note")
    def build(self, article_refs) -> render.Packet | None:
        """The packet, or None with the form's errors set (articles' under "articles")."""
        valid = self.is_valid()
        language = self.cleaned_data.get("language")
        try:
            self.articles = live_articles(article_refs, language)
            if language:
                # On an error the articles stay as chosen, for staff to remove or keep.
                self.articles = in_language(self.articles, language)
        except PacketInputError as error:
            self.add_error(None, str(error))
            return None
        if not valid:
            return None
        data = self.cleaned_data
        note = data["note"]
        collection = data.get("collection")
        shared = bool(collection) and note.strip() == collection.default_note.strip()
        return render.Packet(
            pages=tuple(self.articles),
            variant=render.Variant(large_print=data["large_print"], location=data["location"]),
            language=data["language"],
            practitioner=data.get("practitioner"),
            note=note,
            patient_name=data["patient_name"].strip(),
            note_is_shared=shared,
        )
