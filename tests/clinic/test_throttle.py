"""Login throttling: the admin login (django-axes) and Wagtail's page-password form
(clinic.security.throttle) refuse even the right password after repeated failures, until the cool-off
passes or an admin lifts the lock; the client address honours only trusted proxies."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from clinic.security.throttle import client_ip, reset_password_form_throttles

PASSWORD = "the-right-password-123"
LOGIN = "/admin/login/"


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("editor", "editor@example.org", PASSWORD)
    user.is_staff = True
    user.save()
    return user


def login(client, username, password, ip="203.0.113.7"):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=ip
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
class TestAdminLogin:
    def test_thirty_wrong_passwords_then_the_right_one_is_refused(self, client, editor):
        for _ in range(30):
            response = login(client, "editor", "wrong")
            assert not logged_in(client)
        response = login(client, "editor", PASSWORD)
        assert response.status_code == 429
        assert not logged_in(client)
        text = response.content.decode()
        assert "Too many attempts" in text
        assert "Try again in 15 minutes" in text
        assert response["Retry-After"] == "900"
        assert "no-store" in response["Cache-Control"]

    def test_a_few_wrong_passwords_do_not_lock(self, client, editor):
        for _ in range(4):
            assert login(client, "editor", "wrong").status_code == 200
        response = login(client, "editor", PASSWORD)
        assert response.status_code == 302 and logged_in(client)

    def test_locked_by_username_from_any_address(self, client, editor):
        for n in range(5):
            login(client, "editor", "wrong", ip=f"198.51.100.{n + 1}")
        response = login(client, "editor", PASSWORD, ip="192.0.2.50")
        assert response.status_code == 429 and not logged_in(client)

    def test_locked_by_address_whatever_the_username(self, client, editor):
        for n in range(5):
            login(client, f"someone{n}", "wrong", ip="203.0.113.9")
        response = login(client, "editor", PASSWORD, ip="203.0.113.9")
        assert response.status_code == 429 and not logged_in(client)
        # Another address may still sign in as the same user.
        assert login(client, "editor", PASSWORD, ip="192.0.2.1").status_code == 302

    def test_the_lock_ends_after_the_cool_off(self, client, editor):
        for _ in range(6):
            login(client, "editor", "wrong")
        assert login(client, "editor", PASSWORD).status_code == 429
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
        response = login(client, "editor", PASSWORD)
        assert response.status_code == 302 and logged_in(client)

    def test_an_admin_sees_the_lockout_and_lifts_it(self, client, editor, django_user_model):
        for _ in range(6):
            login(client, "editor", "wrong")
        admin = django_user_model.objects.create_superuser("boss", "boss@example.org", "x")
        staff = django_user_model.objects.create_user("clerk", "c@example.org", "x", is_staff=True)
        staff.user_permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        report = reverse("clinic_login_lockouts")

        client.force_login(staff)
        denied = client.get(report)  # Wagtail turns PermissionDenied into a redirect home
        assert denied.status_code == 302 and denied.url == "/admin/"

        client.force_login(admin)
        page = client.get(report)
        assert page.status_code == 200
        text = page.content.decode()
        assert "editor" in text and "Locked out" in text and "203.0.113.7" in text
        attempt = AccessAttempt.objects.get(username="editor")
        assert client.post(report, {"attempt": attempt.pk}).status_code == 302
        client.logout()

        response = login(client, "editor", PASSWORD)
        assert response.status_code == 302 and logged_in(client)

    def test_the_lockout_page_looks_like_the_site(self, client, editor):
        for _ in range(6):
            login(client, "editor", "wrong")
        text = login(client, "editor", PASSWORD).content.decode()
        assert 'class="site-header"' in text and "clinic/css/site.css" in text


class TestClientAddress:
    factory = RequestFactory()

    def test_forwarded_for_is_ignored_without_trusted_proxies(self):
        request = self.factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
        assert client_ip(request) == "127.0.0.1"

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_nginx_alone_the_last_forwarded_address(self):
        request = self.factory.get(
            "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5"
        )
        assert client_ip(request) == "203.0.113.5"

    @override_settings(TRUSTED_PROXY_COUNT=2)
    def test_nginx_and_varnish_a_spoofed_first_entry_is_ignored(self):
        request = self.factory.get(
            "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5, 127.0.0.1"
        )
        assert client_ip(request) == "203.0.113.5"


@pytest.fixture
def protected_article(db):
    from articles.models import ArticlePage

    article = ArticlePage.objects.live().first()
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )
    return article


def page_password(client, article, password, ip="203.0.113.7"):
    restriction = PageViewRestriction.objects.get(page=article)
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, article.pk])
    return client.post(url, {"password": password, "return_url": article.url}, REMOTE_ADDR=ip)


@pytest.mark.django_db
class TestPagePassword:
    def test_thirty_wrong_passwords_then_the_right_one_is_refused(self, client, protected_article):
        assert client.get(protected_article.url).status_code == 200  # the password form
        for _ in range(30):
            response = page_password(client, protected_article, "wrong")
            assert response.status_code in (200, 429)
        response = page_password(client, protected_article, PASSWORD)
        assert response.status_code == 429
        assert "Too many attempts" in response.content.decode()
        # Not let in: the page still asks for its password.
        page = client.get(protected_article.url)
        assert 'name="password"' in page.content.decode()

    def test_a_few_wrong_passwords_then_the_right_one_lets_in(self, client, protected_article):
        for _ in range(4):
            assert page_password(client, protected_article, "wrong").status_code == 200
        response = page_password(client, protected_article, PASSWORD)
        assert response.status_code == 302

    def test_the_lock_is_per_address_and_lifted_by_a_reset(self, client, protected_article):
        for _ in range(5):
            page_password(client, protected_article, "wrong")
        assert page_password(client, protected_article, PASSWORD).status_code == 429
        other = page_password(client, protected_article, PASSWORD, ip="192.0.2.1")
        assert other.status_code == 302
        reset_password_form_throttles()
        assert page_password(client, protected_article, PASSWORD).status_code == 302

    def test_a_cache_that_is_down_lets_the_form_work(self, client, protected_article, monkeypatch):
        import clinic.security.throttle

        class DownCache:
            def __getattr__(self, name):
                def broken(*args, **kwargs):
                    raise ConnectionError("cache down")

                return broken

        monkeypatch.setattr(clinic.security.throttle, "cache", DownCache())
        assert page_password(client, protected_article, "wrong").status_code == 200
        assert page_password(client, protected_article, PASSWORD).status_code == 302
