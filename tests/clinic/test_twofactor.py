"""Two-factor authentication (clinic.security.twofactor, django-otp TOTP): staff with an authenticator app
must enter its code after the password; wrong codes are refused and throttled; superusers must set
one up where settings.OTP_REQUIRED_FOR_SUPERUSERS (production) says so."""

import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.clinic.test_settings import PRODUCTION_ENV, run_python

PASSWORD = "the-right-password-123"
VERIFY = reverse("clinic_2fa_verify")
SETUP = reverse("clinic_2fa_setup")


def code_for(device: TOTPDevice, offset_steps: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in(client, username):
    response = client.post(
        "/admin/login/",
        {"username": username, "password": PASSWORD, "next": "/admin/"},
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302, response.content[:300]
    return response


@pytest.fixture
def editor_with_app(db):
    user = get_user_model().objects.create_superuser("doc", "doc@example.org", PASSWORD)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user, device


@pytest.mark.django_db
class TestVerification:
    def test_the_admin_needs_the_code_after_the_password(self, client, editor_with_app):
        _, device = editor_with_app
        sign_in(client, "doc")
        admin = client.get("/admin/")
        assert admin.status_code == 302 and admin.url.startswith(VERIFY)
        assert client.get("/admin/pages/").url.startswith(VERIFY)
        form = client.get(admin.url)
        assert form.status_code == 200 and 'name="token"' in form.content.decode()

        done = client.post(VERIFY, {"token": code_for(device), "next": "/admin/pages/"})
        assert done.status_code == 302 and done.url == "/admin/pages/"
        assert client.get("/admin/").status_code == 200

    def test_a_wrong_code_is_refused_then_throttled(self, client, editor_with_app):
        _, device = editor_with_app
        sign_in(client, "doc")
        wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
        refused = client.post(VERIFY, {"token": wrong, "next": "/admin/"})
        assert refused.status_code == 200
        assert "That code is not right" in refused.content.decode()
        assert client.get("/admin/").status_code == 302
        # Right after a wrong code, django-otp refuses even the right one for a while.
        throttled = client.post(VERIFY, {"token": code_for(device), "next": "/admin/"})
        assert throttled.status_code == 200
        assert "Too many wrong codes" in throttled.content.decode()
        assert client.get("/admin/").status_code == 302
        device.refresh_from_db()
        assert device.throttling_failure_count >= 1

    def test_a_forged_next_does_not_leave_the_site(self, client, editor_with_app):
        _, device = editor_with_app
        sign_in(client, "doc")
        done = client.post(VERIFY, {"token": code_for(device), "next": "https://evil.example/"})
        assert done.status_code == 302 and done.url == "/admin/"

    def test_no_device_no_second_step_in_dev_and_test(self, client, db):
        get_user_model().objects.create_superuser("plain", "p@example.org", PASSWORD)
        sign_in(client, "plain")
        assert client.get("/admin/").status_code == 200


@pytest.fixture
def required(settings):
    settings.OTP_REQUIRED_FOR_SUPERUSERS = True


@pytest.mark.django_db
@pytest.mark.usefixtures("required")
class TestRequiredForSuperusers:
    def test_a_superuser_without_a_device_is_sent_to_setup(self, client, db):
        user = get_user_model().objects.create_superuser("boss", "b@example.org", PASSWORD)
        sign_in(client, "boss")
        admin = client.get("/admin/pages/")
        assert admin.status_code == 302 and admin.url.startswith(SETUP)
        page = client.get(admin.url)
        text = page.content.decode()
        assert page.status_code == 200 and "<svg" in text and "must use an authenticator" in text
        secret = re.search(r"<code>([A-Z2-7]+)</code>", text).group(1)
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        import base64

        padded = secret + "=" * (-len(secret) % 8)
        assert base64.b32decode(padded) == device.bin_key

        wrong = client.post(SETUP, {"token": "000000", "next": "/admin/pages/"})
        assert wrong.status_code == 200 and not TOTPDevice.objects.filter(confirmed=True)
        device.throttle_reset()
        done = client.post(SETUP, {"token": code_for(device), "next": "/admin/pages/"})
        assert done.status_code == 302 and done.url == "/admin/pages/"
        assert TOTPDevice.objects.get(user=user).confirmed
        assert client.get("/admin/").status_code == 200

    def test_other_staff_may_go_without(self, client, db):
        from django.contrib.auth.models import Permission

        user = get_user_model().objects.create_user("clerk", "c@example.org", PASSWORD)
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        sign_in(client, "clerk")
        assert client.get("/admin/").status_code == 200


def test_production_requires_it_for_superusers_and_dev_does_not():
    probe = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.OTP_REQUIRED_FOR_SUPERUSERS)"
    )
    production = run_python(probe, "clinic.settings.production", PRODUCTION_ENV)
    assert production.returncode == 0, production.stderr
    assert production.stdout.strip() == "True"
    dev = run_python(probe, "clinic.settings.dev")
    assert dev.stdout.strip() == "False"
