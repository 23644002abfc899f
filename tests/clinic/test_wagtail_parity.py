"""Wagtail pinned: each place where the site re-implements a piece of Wagtail is compared here with
Wagtail's own answer, so that a Wagtail upgrade that changes the original fails these tests instead
of changing the site silently.

* clinic.http.queries.without_view_restrictions  vs  PageQuerySet.public()
* clinic.models.ClinicSettings.for_request       vs  BaseSiteSetting.for_request
* clinic.security.twofactor.ALWAYS_ALLOWED       vs  the URL names of Wagtail's admin urlconf
(The handout fast path's skipped serve hooks: tests/handouts/test_fastpath_parity.py.)"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory, override_settings
from django.urls import resolve, reverse
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page, PageViewRestriction

from articles.models import ArticleIndexPage, ArticlePage
from clinic.http.queries import without_view_restrictions
from clinic.models import ClinicSettings
from clinic.security import twofactor
from locations.models import LocationPage

pytestmark = pytest.mark.django_db


# --- without_view_restrictions vs .public() --------------------------------------------------------


def restrict(page, kind: str) -> None:
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="pw-123" if kind == "password" else ""
    )
    if kind == "groups":
        restriction.groups.add(Group.objects.get_or_create(name="Front desk")[0])


def querysets(home):
    return {
        "every page": Page.objects.all(),
        "live pages": Page.objects.live(),
        "live articles": ArticlePage.objects.live(),
        "article indexes": ArticleIndexPage.objects.all(),
        "locations under home": LocationPage.objects.descendant_of(home),
        "Spanish pages": Page.objects.filter(locale__language_code="es"),
    }


def assert_same_pages(home):
    for name, queryset in querysets(home).items():
        ours = set(without_view_restrictions(queryset).values_list("id", flat=True))
        wagtails = set(queryset.public().values_list("id", flat=True))
        assert ours == wagtails, name


def test_no_restriction_hides_nothing(home):
    assert_same_pages(home)
    assert without_view_restrictions(Page.objects.all()).count() == Page.objects.count()


@pytest.mark.parametrize("kind", ["password", "login", "groups"])
def test_each_kind_on_a_page_and_on_a_subtree(home, articles_index, locations_index, kind):
    article = ArticlePage.objects.child_of(articles_index).first()
    restrict(article, kind)
    restrict(locations_index, kind)  # an ancestor: every location under it too
    assert_same_pages(home)
    hidden = set(Page.objects.values_list("id", flat=True)) - set(
        without_view_restrictions(Page.objects.all()).values_list("id", flat=True)
    )
    assert article.id in hidden and locations_index.id in hidden
    under = set(LocationPage.objects.descendant_of(locations_index).values_list("id", flat=True))
    assert under and under <= hidden


def test_all_kinds_together_and_on_the_home_page(home, articles_index):
    articles = list(ArticlePage.objects.child_of(articles_index)[:3])
    for page, kind in zip(articles, ["password", "login", "groups"], strict=True):
        restrict(page, kind)
    assert_same_pages(home)
    restrict(home, "login")
    assert_same_pages(home)


def test_a_sibling_whose_path_starts_alike_is_not_hidden(home, articles_index):
    """Paths are fixed-width steps: a restriction on 000100010002 hides 0001000100020001, never
    0001000100021 (there is none) nor a sibling 000100010003."""
    first, second = ArticlePage.objects.child_of(articles_index)[:2]
    restrict(first, "password")
    visible = set(without_view_restrictions(Page.objects.all()).values_list("id", flat=True))
    assert second.id in visible and first.id not in visible
    assert_same_pages(home)


# --- ClinicSettings.for_request vs BaseSiteSetting.for_request --------------------------------------


def wagtails_for_request(request):
    return BaseSiteSetting.for_request.__func__(ClinicSettings, request)


def fields(instance) -> dict:
    return {
        field.attname: getattr(instance, field.attname)
        for field in ClinicSettings._meta.concrete_fields
    }


@override_settings(PAGE_CACHE_ENABLED=True, ALLOWED_HOSTS=["*"])
@pytest.mark.parametrize("host", ["localhost", "unknown.example"])
def test_clinic_settings_for_request_agrees_with_wagtail(
    clinic_settings, host, django_capture_on_commit_callbacks
):
    factory = RequestFactory()
    ours = ClinicSettings.for_request(factory.get("/", HTTP_HOST=host))
    wagtails = wagtails_for_request(factory.get("/", HTTP_HOST=host))
    assert fields(ours) == fields(wagtails)
    with django_capture_on_commit_callbacks(execute=True):
        clinic_settings.phone = "(555) 010-0199"
        clinic_settings.save()
    ours = ClinicSettings.for_request(factory.get("/", HTTP_HOST=host))
    assert ours.phone == "(555) 010-0199"
    assert fields(ours) == fields(wagtails_for_request(factory.get("/", HTTP_HOST=host)))


def test_clinic_settings_use_wagtails_request_attribute(clinic_settings):
    """Wagtail's template tags and its for_request read the same per-request attribute."""
    request = RequestFactory().get("/")
    ours = ClinicSettings.for_request(request)
    assert getattr(request, ClinicSettings.get_cache_attr_name()) is ours
    assert wagtails_for_request(request) is ours
    assert ours._request is request  # Wagtail's shortcut for page URLs in settings


# --- the admin URL names two-factor authentication lets through ------------------------------------


def test_every_name_let_through_is_a_url_of_the_admin():
    for name in twofactor.ALWAYS_ALLOWED:
        url = reverse(name)
        assert url.startswith("/admin/"), name
        assert resolve(url).url_name == name


def test_wagtails_own_names_come_from_its_admin_urlconf():
    from wagtail.admin import urls as admin_urls

    def names(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from names(pattern.url_patterns)
            elif pattern.name:
                yield pattern.name

    wagtails = set(names(admin_urls.urlpatterns))
    ours = {twofactor.VERIFY_URL_NAME, twofactor.SETUP_URL_NAME}
    assert twofactor.ALWAYS_ALLOWED - ours <= wagtails


def test_everything_the_login_page_loads_from_the_admin_is_let_through(client):
    """A Wagtail upgrade that makes the login page load another admin URL (a new sprite, a
    translation catalogue) must add it to ALWAYS_ALLOWED, or a second step would break sign-in."""
    html = client.get(reverse("wagtailadmin_login")).content.decode()
    loaded = r"""(?:<link\b[^>]*?\shref|\ssrc|\sdata-[\w-]+-url-value)=["'](/admin/[^"'?#]*)"""
    urls = set(re.findall(loaded, html))
    assert urls, "the login page loads nothing from /admin/?"
    for url in urls:
        name = resolve(url).url_name
        assert name in twofactor.ALWAYS_ALLOWED, (url, name)
