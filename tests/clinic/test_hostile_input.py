"""Bad input gets a 4xx or a normal page, never a 500, on SQLite (the `make run` default) and on
PostgreSQL (CI and production) alike: the issue's examples first, then hypothesis feeding arbitrary
text — NUL, quotes, search operators, any code point, raw bytes that are not UTF-8, escaped
surrogates, very long values — to every public route's parameters and path segments.

Run on both databases: `pytest -p no:xdist tests/clinic/test_hostile_input.py` (SQLite) and the
same with DATABASE_URL=postgresql://… (.ci/run does both)."""

from __future__ import annotations

from unittest import mock
from urllib.parse import quote_from_bytes

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.handouts.conftest import FakeRenderer

pytestmark = pytest.mark.django_db

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SPECIALS = [
    "\x00",
    "sleep\x00",
    '"',
    'sleep"',
    '"sleep',
    '""',
    '"leg cramps"',
    "'",
    "it's",
    "(",
    ")",
    "sleep)",
    "AND",
    "OR",
    "NOT",
    "sleep NOT",
    "NEAR",
    "NEAR(sleep cramps)",
    "sleep OR",
    "*",
    "sleep*",
    "-",
    "-sleep",
    ":",
    "title:sleep",
    "{title}:sleep",
    "^sleep",
    "+",
    "&",
    "|",
    "!",
    "<->",
    "sleep:*",
    "\\",
    "\\x00",
    "%",
    "%00",
    "_",
    "\u202e\ufeff",
    "ǅ🙂",
    "\ud800",  # a lone surrogate: sent as its (invalid) UTF-8 bytes, %ED%A0%80
    "x" * 5000,
    "sleep " * 400,
]

values = st.one_of(
    st.sampled_from(SPECIALS),
    st.text(max_size=40),  # every code point but surrogates; NUL included
    st.text(st.characters(codec="ascii"), max_size=20),
    st.binary(max_size=24),  # raw bytes, mostly not UTF-8
    st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3),
)


def encode(value: str | bytes) -> str:
    raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
    return quote_from_bytes(raw, safe="")


def get(client, path: str, **params: str | bytes):
    query = "&".join(f"{encode(k)}={encode(v)}" for k, v in params.items())
    response = client.get(path + ("?" + query if query else ""))
    assert response.status_code < 500, (path, params, response.status_code)
    return response


@pytest.fixture
def fast_client(client):
    """Handouts are rendered by a stand-in (the route and the store are what is tested)."""
    with mock.patch("handouts.render.html_to_pdf", FakeRenderer()):
        yield client


# --- The examples -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/articles/leg-cramps%00/handout/",
        "/articles/leg%00cramps/handout/",
        "/%00/handout/",
        "/articles/leg-cramps/handout/?size=%00",
        "/articles/leg-cramps/handout/?location=wa%00co",
        "/search/?q=%00",
        "/search/?q=sleep&page=%00",
        "/articles/?topic=%00",
        "/articles/?%00=sleep",
        "/locations/%00/",
    ],
)
def test_a_nul_anywhere_in_the_address_is_a_400(fast_client, url):
    response = fast_client.get(url)
    assert response.status_code == 400
    assert b"NUL" in response.content


@pytest.mark.parametrize("query", ['"', 'sleep"', '"sleep', 'leg "cramps', '""'])
def test_double_quotes_in_a_search_are_ignored(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert response.context["search_query"] == query  # the box shows what was typed
    if "sleep" in query or "cramps" in query:
        assert response.context["results"].object_list, "the words are still searched"


def test_a_quoted_search_finds_what_the_unquoted_one_finds(client):
    plain = client.get("/search/", {"q": "leg cramps"}).context["results"].object_list
    quoted = client.get("/search/", {"q": '"leg cramps"'}).context["results"].object_list
    assert plain and [p.pk for p in quoted] == [p.pk for p in plain]


# --- Properties: every public route, arbitrary parameters and path segments ------------------


@SETTINGS
@given(q=values, page=values)
@example(q="sleep\x00", page="\x00")
@example(q='sleep"', page="2")
@example(q="\ud800", page=b"\xff")
def test_search_never_fails(client, q, page):
    get(client, "/search/", q=q)
    get(client, "/search/", q=q, page=page)


@SETTINGS
@given(topic=values, page=values)
@example(topic="\x00", page="\x00")
@example(topic='"', page="-1")
@example(topic="\ud800", page=b"\xff")
def test_articles_index_never_fails(client, articles_index, topic, page):
    get(client, articles_index.url, topic=topic)
    get(client, articles_index.url, topic=topic, page=page)


@SETTINGS
@given(segment=values)
@example(segment="\x00")
@example(segment='"')
@example(segment="\ud800")
@example(segment=b"\xc3\x28")
def test_article_and_handout_paths_never_fail(fast_client, articles_index, segment):
    s = encode(segment)
    for path in (
        f"{articles_index.url}{s}/",
        f"{articles_index.url}{s}/handout/",
        f"{articles_index.url}leg-cramps/{s}/",
        f"/{s}/handout/",
        f"/{s}/",
        f"/{s}",
    ):
        get(fast_client, path)


@SETTINGS
@given(size=values, location=values, key=values)
@example(size="\x00", location="\x00", key="\x00")
@example(size='"', location='wa"co', key="\ud800")
def test_handout_parameters_never_fail(fast_client, size, location, key):
    path = "/articles/leg-cramps/handout/"
    get(fast_client, path, size=size)
    get(fast_client, path, location=location)
    get(fast_client, path, size=size, location=location)
    get(fast_client, path, **{"size": "large", "location": "waco", "x": key})


@SETTINGS
@given(segment=values, value=values)
@example(segment="\x00", value="\x00")
@example(segment='"', value="\ud800")
def test_locations_feed_sitemap_and_home_never_fail(client, locations_index, segment, value):
    get(client, f"{locations_index.url}{encode(segment)}/")
    get(client, locations_index.url, page=value)
    get(client, "/feed/", q=value)
    get(client, "/sitemap.xml", p=value)
    get(client, "/", q=value)
    get(client, "/robots.txt", x=value)
