"""The editor's plain-language endpoint (admin only): the page editor posts the form as it stands
(nothing is saved) and gets the findings and checklist back as JSON; the translation editor posts
one segment's text. Bad input gets a 400 with a message, never a 500."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from articles.plain_language.analyse import analyse_parts, analyse_text
from articles.plain_language.checklist import checklist
from articles.plain_language.text import parts_of
from articles.plain_language.wordlists import LANGUAGES

logger = logging.getLogger(__name__)
MAX_CHARACTERS = 400_000  # far above the article size limit (articles.limits)


def _language(request) -> str | None:
    language = (request.POST.get("plain_language") or "").strip().lower()[:2]
    return language if language in LANGUAGES else None


def _bad(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


def analysis_json(analysis, with_checklist: bool = True) -> dict:
    data = {
        "language": analysis.language,
        "level": analysis.reading_level(),
        "words": analysis.words,
        "parts": [part.as_dict() for part in analysis.parts if part.findings],
        "count": len(analysis.findings),
    }
    if with_checklist:
        data["checklist"] = checklist(analysis).as_dict()
    return data


@require_POST
def analyse_form(request):
    """The page editor's form, as posted by plain_language.js (the same fields as a save)."""
    from articles.models import ArticlePage

    language = _language(request)
    if language is None:
        return _bad("Unknown language: send plain_language=en or es.")
    fields = ArticlePage.get_edit_handler().get_form_class().base_fields
    try:
        introduction = fields["introduction"].widget.value_from_datadict(
            request.POST, request.FILES, "introduction"
        )
        body = (
            fields["body"].widget.value_from_datadict(request.POST, request.FILES, "body")
            if "body-count" in request.POST
            else []  # no body field posted: nothing to check there
        )
        parts = parts_of(request.POST.get("summary", ""), introduction, body)
    except (KeyError, ValueError, TypeError, ValidationError, AttributeError) as error:
        logger.warning("Plain language: the posted form could not be read (%r)", error)
        return _bad("The form could not be read: reload the editor and try again.")
    if sum(len(part.text) for part in parts) > MAX_CHARACTERS:
        return _bad("The article is too long to check.")
    return JsonResponse(analysis_json(analyse_parts(parts, language)))


@require_POST
def analyse_segment(request):
    """One piece of text (a segment in wagtail-localize's translation editor)."""
    language = _language(request)
    if language is None:
        return _bad("Unknown language: send plain_language=en or es.")
    text = request.POST.get("text", "")
    if len(text) > MAX_CHARACTERS:
        return _bad("The text is too long to check.")
    return JsonResponse(analysis_json(analyse_text(text, language), with_checklist=False))
