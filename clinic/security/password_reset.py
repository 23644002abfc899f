"""The admin's "forgot password" form, throttled and answering the same whether or not the account
exists.

Wagtail's view looked the address up and sent the email inside the request: an unknown address
answered in ~3 ms, a known one in ~40 ms (an account-existence oracle), and nothing limited how
often anyone could ask. Here the request only checks the throttles and queues one task with the
typed address — the same work, the same redirect, for every address — and the task (the worker,
in production) looks the account up and sends the email, if any.

Throttles (in the cache, shared by every app server; a cache that is down throttles nothing):

* per client address (`PASSWORD_RESET_PER_IP`, default 10 an hour) and per typed email address
  (`PASSWORD_RESET_PER_EMAIL`, default 3 an hour): over either, the lockout page (429) —
  the same for an address with or without an account;
* per account, in the task: at most one email per `PASSWORD_RESET_ACCOUNT_MINUTES` (default 15)
  to an account, however its address is spelled.

Email addresses are kept only as keyed hashes in the cache, and never logged.
"""

from __future__ import annotations

import hashlib
import hmac
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponseRedirect
from django_tasks import task
from wagtail.admin.views.account import PasswordResetView

from clinic.security.throttle import client_ip, lockout_response

logger = logging.getLogger(__name__)

HOUR = 60 * 60


def _digest(value: str) -> str:
    secret = settings.SECRET_KEY.encode()
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:32]


def _over(key: str, limit: int, seconds: int) -> bool:
    """Count one more request under `key`; whether it goes over `limit`."""
    try:
        if cache.add(key, 1, seconds):
            return limit < 1
        return cache.incr(key) > limit
    except Exception:
        logger.warning("Password reset throttle: cache unavailable.", exc_info=True)
        return False


class ThrottledPasswordResetView(PasswordResetView):
    def form_valid(self, form):
        request = self.request
        email = form.cleaned_data["email"].strip().lower()
        per_ip = int(getattr(settings, "PASSWORD_RESET_PER_IP", 10))
        per_email = int(getattr(settings, "PASSWORD_RESET_PER_EMAIL", 3))
        over_ip = _over(f"pwreset:ip:{_digest(client_ip(request))}", per_ip, HOUR)
        over_email = _over(f"pwreset:email:{_digest(email)}", per_email, HOUR)
        if over_ip or over_email:
            return lockout_response(request, context={"password_reset": True})
        send_password_reset.enqueue(email, request.get_host(), request.is_secure())
        return HttpResponseRedirect(self.get_success_url())


@task()
def send_password_reset(email: str, domain: str, use_https: bool) -> None:
    """Email a reset link to each active account with `email` (none: nothing), at most once per
    PASSWORD_RESET_ACCOUNT_MINUTES per account."""
    from wagtail.admin.views.account import get_password_reset_form

    form = get_password_reset_form()(data={"email": email})
    if not form.is_valid():
        return
    minutes = int(getattr(settings, "PASSWORD_RESET_ACCOUNT_MINUTES", 15))
    users = [
        user
        for user in form.get_users(form.cleaned_data["email"])
        if cache.add(f"pwreset:account:{user.pk}", 1, minutes * 60)
    ]
    if not users:
        return
    form.get_users = lambda _email: users
    form.save(
        domain_override=domain,
        use_https=use_https,
        subject_template_name=PasswordResetView.subject_template_name,
        email_template_name=PasswordResetView.email_template_name,
    )
