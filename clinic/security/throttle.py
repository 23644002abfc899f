"""Throttling of password guesses.

* Admin logins: django-axes (settings AXES_*), which counts failures in the database per username
  and per client address; `client_ip` tells it the address.
* Page and document passwords (Wagtail's view restrictions): `throttle_password_form` wraps
  Wagtail's own views. After AXES_FAILURE_LIMIT wrong passwords for one restriction from one
  address, that address gets the lockout page (429) for AXES_COOLOFF_MINUTES after its last wrong
  password, without the password being checked. The counters live in the default cache (Redis or
  the database in production: shared by every app server); the address is kept only as a keyed
  hash. `reset_password_form_throttles()` (Reports → Login lockouts) lifts them all at once.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import uuid

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from clinic.http.cache import token

logger = logging.getLogger(__name__)

GENERATION_KEY = "pwthrottle:generation"


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or with TRUSTED_PROXY_COUNT = N > 0 (N reverse proxies
    in front that each append the address they saw to X-Forwarded-For), the N-th address from the
    right of X-Forwarded-For. Addresses further left were written by the client and are ignored."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        # Fewer hops than configured: reached without the proxies (or a misconfiguration).
        return forwarded[0] if forwarded else remote
    return forwarded[-count]


class AxesBackend(AxesStandaloneBackend):
    """django-axes' backend for every login that comes with a request (the admin's login form,
    any web form); a login from code without a request (a management command, the test
    client's `login()`) has no address to count and passes on to the next backend.

    It authenticates nobody itself, but it is first in AUTHENTICATION_BACKENDS, and tools that
    log a user in with "the first backend" (Wagtail's page test utilities, `force_login`) store
    it in the session: it finds the session's user as Django's ModelBackend does."""

    def get_user(self, user_id):
        from django.contrib.auth.backends import ModelBackend

        return ModelBackend().get_user(user_id)

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def failure_limit() -> int:
    return int(getattr(settings, "AXES_FAILURE_LIMIT", 5))


def cooloff_seconds() -> int:
    return int(getattr(settings, "AXES_COOLOFF_MINUTES", 15)) * 60


def lockout_response(request, *, context: dict | None = None):
    """The site's lockout page: what happened, when to try again, whom to call (status 429)."""
    context = {
        "cooloff_minutes": cooloff_seconds() // 60,
        "failure_limit": failure_limit(),
        **(context or {}),
    }
    response = render(request, "clinic/lockout.html", context, status=429)
    response["Retry-After"] = str(cooloff_seconds())
    response["Cache-Control"] = "no-store"
    return response


def axes_lockout(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the same page for a locked admin login."""
    return lockout_response(request, context={"admin_login": True})


def _key(scope: str, restriction_id, request) -> str:
    secret = settings.SECRET_KEY.encode()
    address = hmac.new(secret, client_ip(request).encode(), hashlib.sha256).hexdigest()[:32]
    return f"pwthrottle:{token(GENERATION_KEY)}:{scope}:{restriction_id}:{address}"


def reset_password_form_throttles() -> None:
    """Forget every page- and document-password counter (a new generation in the keys)."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def _failures(key: str) -> int:
    try:
        return int(cache.get(key) or 0)
    except Exception:
        logger.warning("Password throttle: cache unavailable.", exc_info=True)
        return 0


def _record_failure(key: str) -> int:
    try:
        try:
            count = cache.incr(key)
        except ValueError:  # no counter yet
            count = 1
            if not cache.add(key, 1, cooloff_seconds()):
                count = cache.incr(key)
        cache.touch(key, cooloff_seconds())  # the cool-off runs from the last failure
        return count
    except Exception:
        logger.warning("Password throttle: cache unavailable.", exc_info=True)
        return 0


def throttle_password_form(scope: str, id_kwarg: str):
    """Wrap a Wagtail password-form view (GET shows the form, POST checks it: a redirect means the
    password was right, a 200 re-showing the form means it was wrong)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method != "POST":
                return view(request, *args, **kwargs)
            try:
                key = _key(scope, kwargs.get(id_kwarg), request)
            except Exception:  # a cache that is down throttles nothing, takes nothing down
                logger.warning("Password throttle: cache unavailable.", exc_info=True)
                return view(request, *args, **kwargs)
            if _failures(key) >= failure_limit():
                return lockout_response(request, context={"password_form": True})
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                count = _record_failure(key)
                if count == failure_limit():
                    logger.warning(
                        "Wrong %s password %d times for restriction %s from one address: "
                        "locked for %d minutes.",
                        scope,
                        count,
                        kwargs.get(id_kwarg),
                        cooloff_seconds() // 60,
                    )
            elif 300 <= response.status_code < 400:
                try:
                    cache.delete(key)
                except Exception:
                    logger.warning("Password throttle: cache unavailable.", exc_info=True)
            return response

        return wrapped

    return decorator
