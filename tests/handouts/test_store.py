"""The store: hits never render, keys go stale on publish / settings / location changes, the
background render on publish, and concurrent requests render once (a lock shared by processes)."""

from __future__ import annotations

import threading
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from handouts import render, store
from handouts.models import StoredHandout

from .conftest import FakeRenderer


def get(page, site, **variant):
    return store.get_or_render(page, render.Variant(**variant), site)


@pytest.mark.django_db
def test_a_stored_hit_does_not_call_weasyprint(article, site):
    first = get(article, site)  # real render
    assert bytes(first.pdf).startswith(b"%PDF") and len(first.pdf) == first.size
    assert first.pages >= 4 and first.size > 10_000
    with mock.patch("weasyprint.HTML") as weasy, mock.patch("handouts.render.html_to_pdf") as fn:
        again = get(article, site)
    assert weasy.call_count == 0 and fn.call_count == 0
    assert again.id == first.id
    assert store.read_bytes(again) == store.read_bytes(first)


@pytest.mark.django_db
def test_variants_are_stored_separately(article, site, fake_render):
    keys = {
        get(article, site).key,
        get(article, site, large_print=True).key,
        get(article, site, location="waco").key,
    }
    assert len(keys) == 3 and fake_render.count == 3


@pytest.mark.django_db
def test_publishing_makes_the_old_handout_stale_and_prunes_it(article, site, fake_render):
    old = get(article, site)
    article.title = "Sleep well: second edition"
    article.save_revision().publish()
    article.refresh_from_db()
    new = get(article, site)
    assert new.key != old.key and fake_render.count == 2
    assert "Sleep well: second edition" in fake_render.calls[-1]
    assert not StoredHandout.objects.filter(id=old.id).exists()


@pytest.mark.django_db
def test_saving_clinic_settings_makes_handouts_stale(article, site, clinic_settings, fake_render):
    old = get(article, site)
    clinic_settings.phone = "(254) 555-0100"
    clinic_settings.save()
    new = get(article, site)
    assert new.key != old.key and fake_render.count == 2
    assert "(254) 555-0100" in fake_render.calls[-1]


@pytest.mark.django_db
def test_publishing_a_location_makes_handouts_stale(article, site, fake_render):
    from locations.models import LocationPage

    old = get(article, site)
    waco = LocationPage.objects.get(slug="waco", locale__language_code="en")
    waco.street = "1 New Street"
    waco.save_revision().publish()
    new = get(article, site)
    assert new.key != old.key and fake_render.count == 2
    assert "1 New Street" in fake_render.calls[-1]


@pytest.mark.django_db
def test_settings_save_prunes_stale_files_in_the_background(
    article, site, clinic_settings, fake_render, django_capture_on_commit_callbacks
):
    old = get(article, site)
    with django_capture_on_commit_callbacks(execute=True):
        clinic_settings.save()
    assert not StoredHandout.objects.filter(id=old.id).exists()


@pytest.mark.django_db
@override_settings(HANDOUTS_RENDER_ON_PUBLISH=True)
def test_publish_renders_the_standard_handout_in_the_background(
    article, site, fake_render, django_capture_on_commit_callbacks
):
    article.title = "Sleep well: published now"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    article.refresh_from_db()
    stored = StoredHandout.objects.get(page_id=article.id)
    assert stored.revision_id == article.live_revision_id
    assert stored.variant == "std"
    assert fake_render.count == 1
    get(article, site)  # a request now hits the store
    assert fake_render.count == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_render_once(settings):
    """Six threads (each with its own database connection and its own lock file handle, exactly as
    separate processes would have) ask for the same missing handout at once."""
    from django.db import connections
    from wagtail.models import Site

    from articles.models import ArticlePage

    call_command("load_demo_content", verbosity=0, skip_index=True)
    page = ArticlePage.objects.live().order_by("path").first()
    site = Site.objects.get(is_default_site=True)
    slow = FakeRenderer(delay=0.3)
    barrier = threading.Barrier(6)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            stored = store.get_or_render(
                ArticlePage.objects.get(id=page.id), render.Variant(), site
            )
            results.append(store.read_bytes(stored))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    with mock.patch("handouts.render.html_to_pdf", slow):
        threads = [threading.Thread(target=worker) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not errors, errors
    assert slow.count == 1
    assert len(results) == 6 and len(set(results)) == 1
    assert StoredHandout.objects.filter(page_id=page.id).count() == 1


@pytest.mark.django_db
def test_sqlite_lock_excludes_a_second_holder(settings, tmp_path):
    """The SQLite lock is an flock on a file: a second open of the same key must wait."""
    if connection.vendor != "sqlite":
        pytest.skip("file lock is the SQLite path")
    import fcntl
    import os

    settings.HANDOUT_LOCK_DIR = str(tmp_path)
    with store.render_lock("some-key"):
        (lock_file,) = tmp_path.iterdir()
        fd = os.open(lock_file, os.O_RDWR)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(fd)
    fd = os.open(lock_file, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free again
    os.close(fd)


@pytest.mark.django_db
def test_editing_the_reviewer_forgets_the_handouts_that_name_them(
    article, site, fake_render, django_capture_on_commit_callbacks
):
    old = get(article, site)
    assert "Jane Tester" in fake_render.calls[-1]
    reviewer = article.reviewed_by
    reviewer.name = "Jane Tester-Clark"
    with django_capture_on_commit_callbacks(execute=True):
        reviewer.save()
    assert not StoredHandout.objects.filter(id=old.id).exists()
    new = get(article, site)
    assert "Medically reviewed by Jane Tester-Clark" in fake_render.calls[-1]
    assert new.id != old.id


@pytest.mark.django_db
def test_editing_another_practitioner_keeps_the_handout(
    article, site, fake_render, django_capture_on_commit_callbacks
):
    from articles.models import Practitioner

    old = get(article, site)
    with django_capture_on_commit_callbacks(execute=True):
        Practitioner.objects.create(name="Someone Else")
    assert get(article, site).id == old.id and fake_render.count == 1


@pytest.mark.django_db
def test_deleting_the_reviewer_forgets_the_handout(
    article, site, fake_render, django_capture_on_commit_callbacks
):
    old = get(article, site)
    with django_capture_on_commit_callbacks(execute=True):
        article.reviewed_by.delete()
    assert not StoredHandout.objects.filter(id=old.id).exists()
    article.refresh_from_db()
    get(article, site)
    assert "Medically reviewed by" not in fake_render.calls[-1]


@pytest.mark.django_db
def test_a_new_site_hostname_makes_handouts_stale(article, site, fake_render):
    """The QR code and short link carry the site's address: after the hostname is set for launch,
    no handout with the old address is served."""
    old = get(article, site)
    site.hostname = "www.clarkwellness.example"
    site.port = 443
    site.save()
    article = type(article).objects.get(pk=article.pk)  # as a new request loads it
    new = get(article, site)
    assert new.key != old.key and fake_render.count == 2
    assert "clarkwellness.example/" in fake_render.calls[-1]
    assert "clarkwellness.example" not in fake_render.calls[0]


def _replace_file(image, color):
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (900, 500), color).save(buffer, format="PNG")
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name="replaced.png")
    image.save()
    image.renditions.all().delete()  # as Wagtail's image form does when the file changes


@pytest.mark.django_db
def test_replacing_an_image_file_forgets_the_handouts_that_print_it(
    articles_index, site, fake_render, django_capture_on_commit_callbacks
):
    from tests.factories import HandoutArticleFactory, ImageFactory, long_body

    image = ImageFactory()
    with_image = HandoutArticleFactory(
        parent=articles_index, slug="with-image", body=long_body(image)
    )
    without = HandoutArticleFactory(parent=articles_index, slug="without-image")
    old, kept = get(with_image, site), get(without, site)
    assert image.file.name.split("/")[-1].split(".")[0] in fake_render.calls[0]

    with django_capture_on_commit_callbacks(execute=True):
        image.save(
            update_fields=["file_size"]
        )  # Wagtail's lazy bookkeeping: nothing printed changed
    assert StoredHandout.objects.filter(id=old.id).exists()

    with django_capture_on_commit_callbacks(execute=True):
        _replace_file(image, (200, 40, 40))
    assert not StoredHandout.objects.filter(id=old.id).exists()
    assert StoredHandout.objects.filter(id=kept.id).exists()
    get(type(with_image).objects.get(pk=with_image.pk), site)  # as the next request loads it
    assert fake_render.count == 3
    assert "replaced" in fake_render.calls[-1]  # the rendition of the new file


@pytest.mark.django_db
def test_replacing_the_clinic_logo_forgets_every_handout(
    article, site, clinic_settings, fake_render, django_capture_on_commit_callbacks
):
    from tests.factories import ImageFactory

    logo = ImageFactory(title="Logo")
    clinic_settings.logo = logo
    clinic_settings.save()
    old = get(article, site)
    with django_capture_on_commit_callbacks(execute=True):
        _replace_file(logo, (10, 90, 80))
    assert not StoredHandout.objects.filter(id=old.id).exists()
