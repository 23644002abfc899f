"""Shared fixtures. The demo content is loaded once per test database (per xdist worker); tests
run inside transactions that roll back, so each one starts from the same demo site."""

import pytest
from django.core.management import call_command
from wagtail.models import Site


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo_content", verbosity=0)


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home(site):
    return site.root_page.specific


@pytest.fixture
def clinic_settings(site):
    from clinic.models import ClinicSettings

    return ClinicSettings.for_site(site)


@pytest.fixture
def articles_index(home):
    from articles.models import ArticleIndexPage

    return ArticleIndexPage.objects.child_of(home).get(slug="articles")


@pytest.fixture
def locations_index(home):
    from locations.models import LocationIndexPage

    return LocationIndexPage.objects.child_of(home).get()


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser("staff-admin", "staff@example.com", "pw-for-tests")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client
