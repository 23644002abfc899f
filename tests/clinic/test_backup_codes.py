"""2FA backup codes (issue 19, django-otp's static device): shown once, each works once at the
verify step, a new set replaces the old, and used codes are shown as used."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.clinic.test_twofactor import PASSWORD, code_for, sign_in

pytestmark = pytest.mark.django_db

VERIFY = "/admin/2fa/verify/"
BACKUP = "/admin/2fa/backup-codes/"


@pytest.fixture
def staff():
    user = get_user_model().objects.create_user("nurse", "nurse@example.org", PASSWORD)
    user.is_staff = True  # may use the admin
    user.save()
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user, device


def verified_client(device) -> Client:
    client = Client()
    sign_in(client, device.user.username)
    client.post(VERIFY, {"token": code_for(device), "next": "/admin/"})
    assert client.get("/admin/").status_code == 200
    return client


def make_codes(client) -> list[str]:
    response = client.post(BACKUP)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    return re.findall(r"<code>(\w{4}-\w{4})</code>", response.content.decode())


def sign_in_with_backup(code: str, username="nurse") -> bool:
    client = Client()
    sign_in(client, username)
    client.post(VERIFY, {"token": code, "next": "/admin/"})
    return client.get("/admin/").status_code == 200


def test_codes_are_shown_once_and_each_works_once(staff):
    _user, device = staff
    client = verified_client(device)
    codes = make_codes(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    page = client.get(BACKUP).content.decode()
    assert not any(code in page or code.replace("-", "") in page for code in codes)

    assert sign_in_with_backup(codes[0])  # a lost phone: the backup code lets staff in
    assert sign_in_with_backup(codes[1].upper().replace("-", " "))  # typed loosely
    assert not sign_in_with_backup(codes[0])  # but each only once

    rows = client.get(BACKUP).content.decode()
    assert rows.count(">Used<") == 2 and rows.count("Not used yet") == 8
    assert f"…{codes[0][-4:]}" in rows


def test_a_new_set_replaces_the_old(staff):
    _user, device = staff
    client = verified_client(device)
    old = make_codes(client)
    new = make_codes(client)
    assert not set(old) & set(new)
    assert sign_in_with_backup(new[2])
    assert not sign_in_with_backup(old[2])


def test_a_wrong_backup_code_is_refused(staff):
    _user, device = staff
    make_codes(verified_client(device))
    assert not sign_in_with_backup("abcd-efgh")


def test_only_a_verified_user_with_an_app_may_make_codes(staff, django_user_model):
    _user, device = staff
    client = Client()
    sign_in(client, "nurse")  # password only, not verified yet
    response = client.post(BACKUP)
    assert response.status_code == 302
    assert not device.user.staticdevice_set.exists()
