"""Handout views (filled in by the handouts issue)."""

from django.http import Http404


def serve_public_handout(request, page):
    raise Http404("Handouts are not available yet.")
