"""The visit packet builder in the Wagtail admin (Visit packet in the menu).

GET shows the form (optionally started from a care collection: ?collection=<id>); POST prints.
The POST body carries the provider's instructions and the patient's name: the view is wrapped in
`sensitive_post_parameters` (Django's error reports and 500 e-mails show stars instead), the
response is `Cache-Control: no-store`, and a failed render is logged by its exception type only.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from wagtail.models import Site

from . import desk, packets, render
from .forms import PacketForm, article_options
from .models import CareCollection

logger = logging.getLogger(__name__)
SENSITIVE_FIELDS = ("note", "patient_name")


def can_print_packets(user) -> bool:
    """Staff who may edit or publish any page, or who were given "Can print visit packets"."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    if not user.is_active:
        return False
    if user.is_superuser or user.has_perm("handouts.print_packets"):
        return True
    return PagePermissionPolicy().user_has_any_permission(user, {"add", "change", "publish"})


def _selected_rows(selected, options):
    """The chosen articles as the list shows them: id, title, and the languages they print in."""
    by_id = {option["id"]: option for option in options}
    rows = []
    for page in selected:
        option = by_id.get(page.id)
        languages = option["languages"] if option else [page.locale.language_code]
        rows.append(
            {
                "id": page.id,
                "title": page.title,
                "languages": languages,
                "key": str(page.translation_key),
            }
        )
    return rows


def _current_collection(form):
    """The care collection this packet started from (its id), for the form to carry along."""
    if form.is_bound:
        raw = form.data.get("collection", "")
        return int(raw) if raw.isdigit() and len(raw) < 18 else None
    return form.initial.get("collection")


def _render_form(request, form, selected, *, status=200):
    from locations.models import live_locations

    options = article_options()
    response = TemplateResponse(
        request,
        "handouts/admin/packet_builder.html",
        {
            "form": form,
            "selected": selected,
            "selected_rows": _selected_rows(selected, options),
            "choices": options,
            "collections": CareCollection.objects.all(),
            "current_collection": _current_collection(form),
            "locations": live_locations(),
            "max_articles": render.MAX_PACKET_ARTICLES,
            "idle_seconds": idle_seconds(),
            "idle_minutes": max(1, round(idle_seconds() / 60)),
            "topics": desk.topics(form["language"].value() or "en"),
            "header_title": "Visit packet",
            "page_title": "Visit packet",
            "header_icon": "doc-full-inverse",
        },
        status=status,
    )
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True)
    return response


def idle_seconds() -> int:
    """After this long without a key press or click, the builder forgets the packet (the
    PACKET_DESK_IDLE_SECONDS setting; 5 minutes by default: see README, "Visit packets")."""
    from django.conf import settings

    return int(getattr(settings, "PACKET_DESK_IDLE_SECONDS", 300))


def packet_search(request):
    """The builder's search as you type: an HTML fragment of results (handouts.desk). Staff only;
    never cached. Any query, topic or language gives a normal answer."""
    if not can_print_packets(request.user):
        raise PermissionDenied
    language = request.GET.get("language", "en")
    language = language if language in render.LANGUAGES else "en"
    found = desk.search(request.GET.get("q", ""), request.GET.get("topic", ""), language)
    response = TemplateResponse(
        request,
        "handouts/admin/includes/desk_results.html",
        {"found": found, "language": language},
    )
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True)
    return response


def _initial_from_collection(request):
    collection = None
    raw = request.GET.get("collection", "")
    if raw.isdigit() and len(raw) < 18:
        collection = CareCollection.objects.filter(pk=int(raw)).first()
    if collection is None:
        return {}, []
    pages = [item.article for item in collection.items.select_related("article__locale")]
    selected = [page for page in pages if page.live]
    initial = {
        "collection": collection.pk,
        "note": collection.default_note,
        "practitioner": collection.practitioner_id,
    }
    return initial, selected


@sensitive_post_parameters(*SENSITIVE_FIELDS)
@sensitive_variables("form", "packet", "printed")
def packet_builder(request):
    if not can_print_packets(request.user):
        raise PermissionDenied
    if request.method != "POST":
        initial, selected = _initial_from_collection(request)
        return _render_form(request, PacketForm(initial=initial), selected)

    form = PacketForm(request.POST)
    packet = form.build(request.POST.getlist("articles"))
    if packet is None:
        return _render_form(request, form, form.articles, status=400)
    site = Site.find_for_request(request) or Site.objects.get(is_default_site=True)
    try:
        printed = packets.print_packet(packet, site)
    except render.UnknownLocation:
        form.add_error("location", "That clinic location is no longer published.")
        return _render_form(request, form, form.articles, status=400)
    except Exception as error:  # noqa: BLE001 - the message could quote the document
        logger.error("A visit packet could not be rendered (%s).", type(error).__name__)
        form.add_error(None, "The packet could not be printed. Please try again.")
        return _render_form(request, form, form.articles, status=503)
    response = HttpResponse(printed.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{printed.filename}"'
    response["X-Handout-Pages"] = str(printed.pages)
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    return response
