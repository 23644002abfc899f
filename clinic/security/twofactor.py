"""Two-factor authentication for staff: TOTP (an authenticator app) with django-otp.

* Any staff member may add an authenticator app: Account → Two-factor authentication
  (`/admin/2fa/setup/`) shows a QR code (segno, an inline SVG: nothing leaves the site) and asks
  for a code from the app before the device counts.
* Whoever has a confirmed device must enter a current code after the password
  (`/admin/2fa/verify/`) before any other page: `TwoFactorMiddleware` sends them there.
* With settings.OTP_REQUIRED_FOR_SUPERUSERS (production), a superuser without a device is sent to
  the setup page and can use nothing else until they have one.
* Wrong codes are throttled by django-otp (each failure doubles the wait before the next try)
  and logged by it on the device; the password step before them is throttled by django-axes.
"""

from __future__ import annotations

import base64
import logging

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

logger = logging.getLogger(__name__)

VERIFY_URL_NAME = "clinic_2fa_verify"
SETUP_URL_NAME = "clinic_2fa_setup"
BACKUP_URL_NAME = "clinic_2fa_backup_codes"
BACKUP_CODES = 10
USED_PREFIX = "used-"  # a used code keeps its last 4 characters after this (never a valid code)
# Reachable before the second step: signing in and out, the second step itself, and the admin's
# static helpers the login page loads.
ALWAYS_ALLOWED = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    VERIFY_URL_NAME,
}


def has_admin_access(user) -> bool:
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin"))
    )


def setup_required(user) -> bool:
    return bool(
        getattr(settings, "OTP_REQUIRED_FOR_SUPERUSERS", False)
        and user.is_superuser
        and not user_has_device(user, confirmed=True)
    )


class TwoFactorMiddleware:
    """After django_otp's OTPMiddleware (which gives request.user.is_verified())."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not has_admin_access(user):
            return None
        match = request.resolver_match
        name = match.url_name if match else None
        if name in ALWAYS_ALLOWED or user.is_verified():
            return None
        query = urlencode({"next": request.get_full_path()})
        if user_has_device(user, confirmed=True):
            return redirect(f"{reverse(VERIFY_URL_NAME)}?{query}")
        if setup_required(user) and name != SETUP_URL_NAME:
            return redirect(f"{reverse(SETUP_URL_NAME)}?{query}")
        return None


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app, or a backup code",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def check_token(device, form) -> bool:
    """Whether the form's code is right for the device; adds the reason to the form if not.
    django-otp refuses every code for a while after a wrong one (the wait doubles each time)."""
    allowed, extra = device.verify_is_allowed()
    if not allowed:
        failures = extra.get("failure_count", 0) if isinstance(extra, dict) else 0
        form.add_error(
            "token",
            f"Too many wrong codes ({failures}) in a row: wait a minute, then enter the newest "
            "code your app shows.",
        )
        return False
    if device.verify_token(form.cleaned_data["token"].replace(" ", "")):
        return True
    form.add_error("token", "That code is not right (or has expired). Try the newest one.")
    return False


@never_cache
@sensitive_post_parameters("token")
def verify(request):
    """The second step after the password, for a user with a confirmed device."""
    user = request.user
    if not user.is_authenticated:
        return redirect(reverse("wagtailadmin_login"))
    if user.is_verified() or not user_has_device(user, confirmed=True):
        return redirect(_next_url(request))
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # The device row is locked while its code and throttle counter are checked (PostgreSQL:
        # two requests at once cannot both use one code or both escape the throttle).
        with transaction.atomic():
            devices = list(devices_for_user(user, confirmed=True, for_verify=True))
            device = next((d for d in devices if isinstance(d, TOTPDevice)), None)
            backup = next((d for d in devices if isinstance(d, StaticDevice)), None)
            code = backup_code(form.cleaned_data["token"])
            if backup is not None and len(code) == BACKUP_LENGTH:
                device, ok = backup, use_backup_code(backup, code, form)
            else:
                ok = device is not None and check_token(device, form)
        if ok:
            otp_login(request, device)
            return redirect(_next_url(request))
        logger.warning("Wrong two-factor code for user %s.", user.pk)
    return render(
        request, "clinic/twofactor/verify.html", {"form": form, "next": _next_url(request)}
    )


class SetupForm(forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app",
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text="The six digits your app shows for Clark Wellness, after you scan the code.",
    )


def _pending_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, title="QR code for your authenticator app"
    )


@never_cache
@sensitive_post_parameters("token")
def setup(request):
    """Add an authenticator app: scan the QR code (or type the key), then prove it with a code."""
    user = request.user
    if not has_admin_access(user):
        return redirect(reverse("wagtailadmin_login"))
    confirmed = list(devices_for_user(user, confirmed=True))
    if confirmed and not user.is_verified():
        return redirect(f"{reverse(VERIFY_URL_NAME)}?{urlencode({'next': request.path})}")
    device = _pending_device(user)
    form = SetupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and check_token(device, form):
        # One app per person: the new one replaces any earlier one.
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        messages.success(request, "Two-factor authentication is on for your account.")
        return redirect(_next_url(request))
    context = {
        "form": form,
        "qr": mark_safe(qr_svg(device)),  # noqa: S308 - segno's own SVG markup
        "secret": base64.b32encode(device.bin_key).decode().rstrip("="),
        "has_device": bool(confirmed),
        "required": setup_required(user),
        "next": _next_url(request),
    }
    return render(request, "clinic/twofactor/setup.html", context)


# --- Backup codes (django-otp's static device) ---------------------------------------------------

BACKUP_LENGTH = 8  # StaticToken.random_token(): 8 base32 characters


def backup_code(text: str) -> str:
    """A typed backup code as stored: lowercase, without spaces or dashes."""
    return "".join(text.split()).replace("-", "").lower()


def use_backup_code(device: StaticDevice, code: str, form) -> bool:
    """Whether `code` is an unused backup code of the device; it is then marked used (kept, so
    that staff see which codes they have used). Wrong codes are throttled like app codes."""
    allowed, _extra = device.verify_is_allowed()
    if not allowed:
        form.add_error("token", "Too many wrong codes in a row: wait a minute, then try again.")
        return False
    token = StaticToken.objects.select_for_update().filter(device=device, token=code).first()
    if token is None:
        device.throttle_increment()
        form.add_error("token", "That backup code is not right, or has been used already.")
        return False
    token.token = USED_PREFIX + code[-4:]
    token.save(update_fields=["token"])
    device.throttle_reset()
    return True


def new_backup_codes(user) -> list[str]:
    """Replace the user's backup codes with BACKUP_CODES new ones; returns them (shown once)."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "Backup codes", "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def backup_code_rows(user) -> list[dict]:
    """Each backup code as staff may see it later: its last 4 characters and whether it is used."""
    rows = []
    for token in StaticToken.objects.filter(device__user=user).order_by("pk"):
        used = token.token.startswith(USED_PREFIX)
        rows.append({"hint": token.token[-4:], "used": used})
    return rows


@never_cache
def backup_codes(request):
    """See which backup codes are used; make a new set (shown once, to print or write down)."""
    user = request.user
    if not has_admin_access(user):
        return redirect(reverse("wagtailadmin_login"))
    if not user_has_device(user, confirmed=True) or not user.is_verified():
        return redirect(reverse(SETUP_URL_NAME))
    codes = None
    if request.method == "POST":
        with transaction.atomic():
            codes = new_backup_codes(user)
        logger.info("New backup codes for user %s.", user.pk)
    context = {"codes": codes, "rows": backup_code_rows(user)}
    response = render(request, "clinic/twofactor/backup_codes.html", context)
    response["Cache-Control"] = "no-store"
    return response


def urlpatterns():
    return [
        path("2fa/backup-codes/", backup_codes, name=BACKUP_URL_NAME),
        path("2fa/verify/", verify, name=VERIFY_URL_NAME),
        path("2fa/setup/", setup, name=SETUP_URL_NAME),
    ]
