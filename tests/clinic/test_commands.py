import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_ensure_admin_uses_admin_password(monkeypatch, capsys, client):
    monkeypatch.setenv("ADMIN_PASSWORD", "a-known-password-123")
    call_command("ensure_admin")
    out = capsys.readouterr().out
    assert "user:     admin" in out
    assert "a-known-password-123" in out
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.is_staff
    assert client.login(username="admin", password="a-known-password-123")
    assert client.get("/admin/").status_code == 200


def test_ensure_admin_generates_and_prints_a_password_and_updates_existing(
    monkeypatch, capsys, client
):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    call_command("ensure_admin")
    first = capsys.readouterr().out.split("password: ")[1].split()[0]
    call_command("ensure_admin")
    second = capsys.readouterr().out.split("password: ")[1].split()[0]
    assert len(first) >= 12 and first != second
    assert get_user_model().objects.filter(username="admin").count() == 1
    assert not client.login(username="admin", password=first)
    assert client.login(username="admin", password=second)
