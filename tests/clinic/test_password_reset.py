"""The admin's "forgot password" form (issue 19): the same answer and the same work whether or not
the account exists (one task queued either way), and throttled per address and per account."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core import mail
from django.test import override_settings

pytestmark = pytest.mark.django_db

URL = "/admin/password_reset/"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "reset-me", "reset.me@example.com", "pw-123-reset", is_staff=True
    )


def ask(client, email, ip="203.0.113.9"):
    return client.post(URL, {"email": email}, REMOTE_ADDR=ip)


def test_same_answer_and_same_task_whether_the_account_exists(client, staff):
    with mock.patch("clinic.security.password_reset.send_password_reset") as task:
        known = ask(client, "reset.me@example.com")
        unknown = ask(client, "nobody@example.com")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert known.content == unknown.content
    assert [call.args[0] for call in task.enqueue.call_args_list] == [
        "reset.me@example.com",
        "nobody@example.com",
    ]
    assert not mail.outbox  # nothing sent inside the request


def test_the_task_emails_only_an_existing_account(client, staff):
    ask(client, "nobody@example.com")  # ImmediateBackend in tests: the task runs now
    assert not mail.outbox
    ask(client, "Reset.Me@example.com")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["reset.me@example.com"]
    assert "/admin/password_reset/confirm/" in mail.outbox[0].body or "reset" in mail.outbox[0].body


@override_settings(PASSWORD_RESET_PER_EMAIL=100)
def test_one_email_per_account_per_cooloff(client, staff):
    for spelling in ("reset.me@example.com", "RESET.ME@example.com", "reset.me@EXAMPLE.com"):
        assert ask(client, spelling).status_code == 302
    assert len(mail.outbox) == 1


@override_settings(PASSWORD_RESET_PER_EMAIL=3, PASSWORD_RESET_PER_IP=100)
def test_throttled_per_email_the_same_for_known_and_unknown(client, staff):
    for email in ("reset.me@example.com", "nobody@example.com"):
        answers = [ask(client, email, ip=f"198.51.100.{n}").status_code for n in range(5)]
        assert answers == [302, 302, 302, 429, 429], email


@override_settings(PASSWORD_RESET_PER_IP=4, PASSWORD_RESET_PER_EMAIL=100)
def test_throttled_per_client_address(client, staff):
    answers = [ask(client, f"someone{n}@example.com").status_code for n in range(6)]
    assert answers == [302, 302, 302, 302, 429, 429]
    assert ask(client, "someone@example.com", ip="198.51.100.200").status_code == 302
