"""Hostile content: the renderer must open no network connection and read no file outside the
project's static and media files — and still produce the PDF."""

from __future__ import annotations

import base64
import os
import socket
import sys
from unittest import mock

import pytest
from django.conf import settings
from django.test import override_settings

from handouts import render
from handouts.fetcher import FetchRefused, HandoutURLFetcher
from tests.factories import HandoutArticleFactory

from .pdfs import ReadPdf

BASE = "http://localhost/"

EVIL_SVG = base64.b64encode(
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="40">'
    b'<image href="http://169.254.169.254/latest/meta-data/x.png" width="10" height="10"/>'
    b'<image xlink:href="file:///etc/passwd" width="10" height="10"/>'
    b'<use href="https://evil.example/sprite.svg#icon"/>'
    b'<style>@import url("https://evil.example/svg.css");</style>'
    b'<rect width="40" height="40" fill="#1d5c57"/></svg>'
).decode()

HOSTILE_HTML = (
    "<p>Hostile paragraph starts.</p>"
    '<img src="http://169.254.169.254/latest/meta-data/iam/security-credentials/" alt="x">'
    '<img src="file:///etc/passwd" alt="x">'
    '<img src="/static/../../../../etc/passwd" alt="x">'
    '<img src="/media/%2e%2e/%2e%2e/%2e%2e/etc/passwd" alt="x">'
    '<img src="ftp://evil.example/a.png" alt="x">'
    '<img src="https://evil.example/static/clinic/img/mark.svg" alt="x">'
    f'<img src="data:image/svg+xml;base64,{EVIL_SVG}" alt="an svg with external references">'
    '<link rel="stylesheet" href="https://evil.example/evil.css">'
    '<style>@import url("https://evil.example/import.css"); '
    'p { background: url("file:///etc/shadow"); } '
    '@font-face { font-family: Evil; src: url("http://169.254.169.254/font.woff"); }</style>'
    '<object data="http://169.254.169.254/obj"></object>'
    '<iframe src="http://169.254.169.254/frame"></iframe>'
    "<p>Hostile paragraph ends.</p>"
)


@pytest.fixture
def fetcher():
    return HandoutURLFetcher(BASE)


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "https://evil.example/static/handouts/handout.css",
        "file:///etc/passwd",
        "file:///work/main/clinic/static/clinic/img/mark.svg",
        "ftp://evil.example/x",
        "http://localhost/admin/",
        "http://localhost/static/../../etc/passwd",
        "http://localhost/static/%2e%2e/%2e%2e/etc/passwd",
        "http://localhost/media/..%2f..%2fetc/passwd",
        "http://localhost/static/clinic//img/mark.svg",
        "http://localhost:8080/static/clinic/img/mark.svg",
        "http://localhost/static/no/such/file.css",
    ],
)
def test_fetcher_refuses(fetcher, url):
    with pytest.raises(FetchRefused):
        fetcher.fetch(url)
    assert fetcher.log == [("refused", url)]


def test_fetcher_serves_static_media_and_data(fetcher, tmp_path):
    response = fetcher.fetch("http://localhost/static/clinic/img/mark.svg")
    assert b"<svg" in response.read()
    assert response.content_type == "image/svg+xml"
    media = settings.MEDIA_ROOT / "handout-test.txt"
    media.write_text("hello")
    assert fetcher.fetch("http://localhost/media/handout-test.txt").read() == b"hello"
    data = fetcher.fetch("data:text/plain;base64," + base64.b64encode(b"inline").decode())
    assert data.read() == b"inline"
    assert fetcher.fetch("data:,plain%20text").read() == b"plain text"


def test_fetcher_refuses_symlinks_out_of_media(fetcher):
    link = settings.MEDIA_ROOT / "sneaky.txt"
    if not link.exists():
        os.symlink("/etc/passwd", link)
    with pytest.raises(FetchRefused):
        fetcher.fetch("http://localhost/media/sneaky.txt")


REMOTE = "https://media.example.test/bucket/"


@pytest.fixture
def object_storage():
    """Media on object storage (as with S3): a storage that is not on local disk, with its own
    base URL."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.test import override_settings

    config = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.InMemoryStorage",
            "OPTIONS": {"base_url": REMOTE},
        },
    }
    with override_settings(STORAGES=config):  # Django resets default_storage on this change
        default_storage.save("images/photo.png", ContentFile(b"\x89PNG fake"))
        yield default_storage


def test_media_on_object_storage_are_read_through_the_storage_api(fetcher, object_storage):
    response = fetcher.fetch(REMOTE + "images/photo.png")
    assert response.read() == b"\x89PNG fake" and response.content_type == "image/png"
    for url in (
        REMOTE + "images/missing.png",
        REMOTE + "images/../../etc/passwd",
        REMOTE + "images/%2e%2e/%2e%2e/secret",
        "https://media.example.test/other-bucket/images/photo.png",
        "https://evil.example/bucket/images/photo.png",
    ):
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)


@pytest.mark.django_db
@override_settings(HANDOUT_RENDER_ISOLATION=False)
@mock.patch("clinic.templatetags.richtext_tags.sanitise", lambda html: html)
def test_hostile_article_renders_without_network_or_foreign_files(articles_index, site):
    """Rich text stored directly in the database (as an importer or a compromised account could)
    names remote and local resources; the PDF still renders and nothing is fetched. The sanitiser
    (clinic.richtext) would strip most of it first: it is switched off here, so that this proves
    the fetcher's own refusal, the second line of defence."""
    body = [
        ("heading", {"text": "Hostile section", "level": "h2"}),
        ("paragraph", HOSTILE_HTML),
    ]
    page = HandoutArticleFactory(
        parent=articles_index, slug="hostile", title="Hostile article", body=body
    )
    page.introduction = '<p><img src="http://169.254.169.254/intro.png" alt="x">Intro</p>'
    page.disclaimer_override = '<p>Custom disclaimer.<img src="file:///etc/hostname" alt=""></p>'
    page.save_revision().publish()
    page.refresh_from_db()

    # Warm the per-thread fonts and stylesheet with a harmless article (not the hostile one: its
    # failed images would be remembered by the image cache and not asked for again).
    harmless = HandoutArticleFactory(
        parent=articles_index, slug="harmless", body=[("paragraph", "<p>Hi</p>")]
    )
    render.render_pdf(harmless, render.Variant(), site)

    network, opened = [], []

    def audit(event, args):
        if event in (
            "socket.connect",
            "socket.getaddrinfo",
            "socket.gethostbyname",
            "urllib.Request",
        ):
            network.append((event, args))
        elif event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
            opened.append(os.fsdecode(args[0]))

    def refuse_connection(*args, **kwargs):
        network.append(("connect", args))
        raise AssertionError("network connection attempted")

    fetcher = HandoutURLFetcher(render.site_root_url(site))
    active = [True]
    # In this process: the audit hook and the fetcher's log see what the layout asks for (a
    # bounded render would do the same in a child, where neither is visible).
    sys.addaudithook(lambda event, args: audit(event, args) if active[0] else None)
    try:
        with (
            mock.patch.object(socket.socket, "connect", refuse_connection),
            mock.patch.object(socket, "create_connection", refuse_connection),
        ):
            pdf = ReadPdf(render.render_pdf(page, render.Variant(), site, fetcher=fetcher))
    finally:
        active[0] = False

    assert network == []
    # Python's own files may be read (a logged traceback reads its source lines), and here the
    # interpreter itself may live under /root (pyenv); nothing else under these roots may be.
    allowed_roots = (str(settings.BASE_DIR), str(settings.MEDIA_ROOT), sys.prefix, sys.base_prefix)
    forbidden = [
        path
        for path in opened
        if path.startswith(("/etc", "/proc", "/root")) and not path.startswith(allowed_roots)
    ]
    assert not forbidden, forbidden
    unexpected = [p for p in opened if os.path.isabs(p) and not p.startswith(allowed_roots)]
    assert not unexpected, unexpected
    refused = {url for status, url in fetcher.log if status == "refused"}
    served = {url for status, url in fetcher.log if status == "served"}
    assert "http://169.254.169.254/latest/meta-data/iam/security-credentials/" in refused
    assert "file:///etc/passwd" in refused
    assert "http://localhost/static/../../../../etc/passwd" in refused or (
        "http://localhost/etc/passwd" in refused  # urljoin removed the dot segments
    )
    assert "https://evil.example/import.css" in refused
    assert "https://evil.example/evil.css" not in served
    for url in served:
        assert url.startswith("data:") or url.startswith(
            (f"http://localhost{settings.STATIC_URL}", f"http://localhost{settings.MEDIA_URL}")
        ), url
    assert "Hostile paragraph starts." in pdf.text and "Hostile paragraph ends." in pdf.text
    assert "Custom disclaimer." in pdf.text
    assert "root:x:0:0" not in pdf.text
