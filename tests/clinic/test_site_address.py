"""The demo's own addresses: after `load_demo_content --site-url` (what `make run` passes), every
absolute URL the site prints — sitemap, feed, canonical, Open Graph, JSON-LD, the handout's QR code
and short link — names the address the site is served on; a hostname staff have set is kept; and
`check --deploy` warns while the default Site is still a placeholder."""

import json
import re
import urllib.request
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.core import checks
from django.core.management import CommandError, call_command
from wagtail.models import Site

from articles.models import ArticlePage
from locations.models import LocationPage
from tests.handouts.pdfs import ReadPdf, squash

pytestmark = pytest.mark.django_db

SERVED = "http://127.0.0.1:8123"


def load_demo(url):
    call_command("load_demo_content", "--site-url", url, "--skip-index", verbosity=0)


def default_site():
    return Site.objects.get(is_default_site=True)


def json_ld(soup):
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


def urls_in(value):
    """Every http(s) string anywhere in a JSON value."""
    if isinstance(value, dict):
        return [u for v in value.values() for u in urls_in(v)]
    if isinstance(value, list):
        return [u for v in value for u in urls_in(v)]
    return [value] if isinstance(value, str) and value.startswith("http") else []


PLACEHOLDERS = {"localhost", "127.0.0.1", "testserver", "example.com"}


def own_urls(urls):
    """The URLs that name this site (references and social links name other sites)."""
    return [u for u in urls if urlsplit(u).hostname in PLACEHOLDERS]


@pytest.fixture
def served(db):
    load_demo(SERVED + "/")
    return default_site()


def test_the_demo_site_takes_the_served_address(served):
    assert (served.hostname, served.port) == ("127.0.0.1", 8123)
    assert served.root_url == SERVED


def test_sitemap_and_feed_name_the_served_address(client, served):
    sitemap = client.get("/sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.fromstring(sitemap.content)  # noqa: S314 - our own sitemap
    locs = [e.text for e in root.findall(".//s:loc", ns)]
    assert len(locs) >= 5  # home, two indexes, locations, articles
    assert all(loc.startswith(SERVED + "/") for loc in locs), locs

    feed = ElementTree.fromstring(client.get("/feed/").content)  # noqa: S314 - our own feed
    links = [e.text for e in feed.findall("./channel/item/link")]
    guids = [e.text for e in feed.findall("./channel/item/guid")]
    assert links and all(link.startswith(SERVED + "/articles/") for link in links), links
    assert guids == links
    assert feed.findtext("./channel/link").startswith(SERVED + "/")


def test_article_canonical_open_graph_and_json_ld_name_the_served_address(client, served):
    article = ArticlePage.objects.live().public().first()
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    expected = f"{SERVED}{article.url}"
    assert soup.find("link", rel="canonical")["href"] == expected
    assert soup.find("meta", property="og:url")["content"] == expected
    (data,) = json_ld(soup)
    assert data["url"] == data["mainEntityOfPage"] == expected
    assert data["publisher"]["url"] == SERVED + "/"
    urls = own_urls(urls_in(data))
    assert urls and all(u.startswith(SERVED + "/") for u in urls), urls


def test_location_and_home_json_ld_name_the_served_address(client, served):
    location = LocationPage.objects.live().first()
    (data,) = json_ld(BeautifulSoup(client.get(location.url).content, "html.parser"))
    assert data["url"] == f"{SERVED}{location.url}"
    home = json_ld(BeautifulSoup(client.get("/").content, "html.parser"))
    urls = own_urls(urls_in(home))
    assert urls and all(u.startswith(SERVED + "/") for u in urls), urls


def test_handout_qr_code_and_short_link_name_the_served_address(client, served):
    from handouts import render

    article = ArticlePage.objects.live().public().first()
    expected = f"{SERVED}{article.url}"
    html = render.render_html(article, render.Variant(), served)
    assert render.qr_data_uri(expected) in html  # the QR code encodes exactly this address
    pdf = ReadPdf(render.render_pdf(article, render.Variant(), served))
    printed = squash(pdf.text.replace("\n", " "))
    assert f"127.0.0.1:8123{article.url}" in printed.replace(" ", "")
    assert "localhost" not in printed
    links = [
        annot.get_object()["/A"]["/URI"]
        for page in pdf.reader.pages
        for annot in page.get("/Annots") or []
        if "/A" in annot.get_object() and "/URI" in annot.get_object()["/A"]
    ]
    assert expected in links


def test_a_second_run_with_the_same_address_changes_nothing(served, capsys):
    before = list(Site.objects.values_list("pk", "hostname", "port", "root_page_id"))
    call_command("load_demo_content", "--site-url", SERVED + "/", "--skip-index")
    assert list(Site.objects.values_list("pk", "hostname", "port", "root_page_id")) == before
    assert "now answers" not in capsys.readouterr().out


def test_the_demo_follows_its_own_earlier_address_to_a_new_port(served):
    load_demo("http://127.0.0.1:9000/")
    assert default_site().root_url == "http://127.0.0.1:9000"
    load_demo("http://localhost/")
    assert (default_site().hostname, default_site().port) == ("localhost", 80)


def test_a_hostname_staff_have_set_is_never_overwritten(capsys):
    site = default_site()
    site.hostname, site.port = "www.clarkwellness.com", 443
    site.save()
    call_command("load_demo_content", "--site-url", SERVED + "/", "--skip-index")
    site.refresh_from_db()
    assert (site.hostname, site.port) == ("www.clarkwellness.com", 443)
    assert "keeps its address https://www.clarkwellness.com/" in capsys.readouterr().out


def test_without_an_address_the_site_is_left_as_it_is(served):
    call_command("load_demo_content", "--skip-index", verbosity=0)
    assert default_site().root_url == SERVED


@pytest.mark.parametrize(
    "url",
    [
        "127.0.0.1:8000",
        "ftp://127.0.0.1/",
        "http://127.0.0.1:8000/articles/",
        "http://127.0.0.1:99999/",
        "http://0.0.0.0:8000/",
        "http:///",
    ],
)
def test_a_bad_address_is_a_clear_error_and_changes_nothing(url):
    before = default_site().root_url
    with pytest.raises(CommandError, match="--site-url"):
        load_demo(url)
    assert default_site().root_url == before


# --- check --deploy ---------------------------------------------------------------------------


def deploy_warnings():
    return [
        m.id
        for m in checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.sites])
        if m.id.startswith("clinic.")
    ]


@pytest.mark.parametrize("hostname", ["localhost", "127.0.0.1", "example.com", "LOCALHOST"])
def test_deploy_check_warns_while_the_site_is_a_placeholder(hostname):
    Site.objects.filter(is_default_site=True).update(hostname=hostname)
    assert deploy_warnings() == ["clinic.W001"]
    # only a deployment check: `manage.py check` and runserver stay quiet in development
    assert not [m for m in checks.run_checks(tags=[checks.Tags.sites]) if m.id == "clinic.W001"]


def test_deploy_check_is_quiet_for_a_real_hostname():
    Site.objects.filter(is_default_site=True).update(hostname="www.clarkwellness.com", port=443)
    assert deploy_warnings() == []


# --- the real server ---------------------------------------------------------------------------


def get(url):
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - the live server
        return response.status, response.read()


@pytest.mark.django_db(transaction=True)
def test_every_sitemap_and_feed_url_answers_on_the_served_address(live_server):
    """The demo loaded with the live server's address: every URL the sitemap and the feed give
    a search engine or a feed reader is fetched from that server and answers 200."""
    load_demo(live_server.url + "/")
    status, body = get(live_server.url + "/sitemap.xml")
    assert status == 200
    locs = re.findall(rb"<loc>([^<]+)</loc>", body)
    status, feed = get(live_server.url + "/feed/")
    assert status == 200
    links = re.findall(rb"<link>([^<]+)</link>", feed)
    urls = sorted({u.decode() for u in locs + links})
    assert len(locs) >= 5 and len(links) >= 2
    assert all(u.startswith(live_server.url + "/") for u in urls), urls
    answers = {u: get(u)[0] for u in urls}
    assert answers == dict.fromkeys(urls, 200)
