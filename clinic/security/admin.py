"""Reports → Login lockouts (superusers): django-axes' current failure counters (who is locked
out, by username and address), its log of failed and successful logins, and buttons that lift a
lockout (one, or all, with the page-password counters of clinic.security.throttle)."""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from wagtail.admin.menu import MenuItem

from clinic.security.throttle import reset_password_form_throttles

URL_NAME = "clinic_login_lockouts"
LOG_ROWS = 50


def _superuser(request) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def lockouts(request):
    _superuser(request)
    if request.method == "POST":
        if request.POST.get("attempt"):
            attempt = AccessAttempt.objects.filter(pk=request.POST["attempt"]).first()
            if attempt is not None:
                count = reset(ip=attempt.ip_address, username=attempt.username, ip_or_username=True)
                messages.success(request, f"Lifted the lockout ({count} record(s) cleared).")
        elif request.POST.get("all"):
            count = reset()
            reset_password_form_throttles()
            messages.success(
                request,
                f"Lifted every lockout ({count} record(s) cleared, page passwords included).",
            )
        return redirect(reverse(URL_NAME))
    limit = settings.AXES_FAILURE_LIMIT
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = [
        {
            "attempt": attempt,
            "locked": attempt.failures_since_start >= limit and attempt.attempt_time >= since,
        }
        for attempt in AccessAttempt.objects.order_by("-attempt_time")[:200]
    ]
    context = {
        "attempts": attempts,
        "failures": AccessFailureLog.objects.order_by("-attempt_time")[:LOG_ROWS],
        "logins": AccessLog.objects.order_by("-attempt_time")[:LOG_ROWS],
        "limit": limit,
        "cooloff_minutes": settings.AXES_COOLOFF_MINUTES,
    }
    return render(request, "clinic/security/lockouts.html", context)


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


def menu_item():
    return SuperuserMenuItem(
        "Login lockouts", reverse(URL_NAME), name="login-lockouts", icon_name="lock", order=1100
    )


def urlpatterns():
    return [path("login-lockouts/", lockouts, name=URL_NAME)]
