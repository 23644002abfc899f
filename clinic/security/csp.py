"""Content Security Policy (django-csp 4).

Public pages get settings.CONTENT_SECURITY_POLICY: this site's own scripts, styles, images and
fonts only, no inline script or style, `frame-ancestors 'self'`. The site's templates need no
inline code: JSON-LD blocks (`<script type="application/ld+json">`) are data, which browsers
never run and CSP does not govern, so they carry no nonce.

A template may still use `request.csp_nonce`; the policy then names that nonce. A nonce is only
worth anything if it is new for every response, so such a response is marked private: neither
the site's page cache (clinic.http.cache) nor Varnish or a CDN replays it, with its nonce, to anyone
else. Responses without a nonce are kept with their header, which is the same for everyone.

The Wagtail admin (everything under /admin/, previews included) gets settings.CSP_ADMIN: its
templates and widgets have inline scripts and styles.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.urls import reverse
from django.utils.cache import patch_cache_control


def admin_prefix() -> str:
    return reverse("wagtailadmin_home")


class ClinicCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(admin_prefix())
        ):
            parts.config = dict(settings.CSP_ADMIN)
        return parts

    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith("application/pdf"):
            # Handouts: a browser shows a PDF in its own viewer, which Chromium embeds as a plugin
            # in the PDF's document; `object-src 'none'` would leave that page blank.
            response._csp_exempt = True
        response = super().process_response(request, response)
        if isinstance(getattr(request, "_csp_nonce", None), str):
            # This response's policy names a nonce that only it may use: never share it.
            patch_cache_control(response, private=True)
        return response
