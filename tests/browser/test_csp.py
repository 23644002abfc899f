"""Chromium under the site's Content Security Policy: no `securitypolicyviolation` event and no
CSP console error on public pages (strict policy) or in the admin (its own policy); the header is
there and strict; and the collector does catch a violation when there is one."""

import re

import pytest
from playwright.sync_api import expect

from tests.clinic.test_csp import STRICT, directives

COLLECT = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push({directive: e.violatedDirective, blocked: e.blockedURI,
                     source: e.sourceFile, line: e.lineNumber, sample: e.sample});
});
"""


@pytest.fixture
def csp_page(page):
    """The browser page, recording CSP violations (events and console errors)."""
    console = []
    page.add_init_script(COLLECT)
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    page.csp_console = console
    return page


def violations(page) -> list:
    """Every frame's violations (the admin's preview is a frame) and the console's CSP errors."""
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # events are queued as tasks: let them arrive
    found = []
    for frame in page.frames:
        try:
            found += frame.evaluate("window.__csp || []")
        except Exception:  # noqa: BLE001, S112 - a frame being replaced as we look
            continue
    return found + list(page.csp_console)


def visit(page, path, status=200):
    response = page.goto(path)
    assert response.status == status, path
    policy = directives(response.header_value("content-security-policy") or "")
    for name, value in STRICT.items():
        assert policy.get(name) == value, (path, name, policy)
    found = violations(page)
    assert not found, f"CSP violations on {path}: {found}"
    page.csp_console.clear()


def public_paths():
    from articles.models import ArticleIndexPage, ArticlePage
    from locations.models import LocationPage

    article = ArticlePage.objects.live().get(slug="leg-cramps")
    return [
        "/",
        ArticleIndexPage.objects.live().first().url,
        article.url,
        LocationPage.objects.live().first().url,
        "/search/?q=sleep",
    ]


def test_public_pages_raise_no_csp_violation(csp_page):
    for path in public_paths():
        visit(csp_page, path)
    visit(csp_page, "/no-such-page/", status=404)
    # A patient follows the article's links (topics, the articles index, a location) too.
    from articles.models import ArticlePage

    article = ArticlePage.objects.live().get(slug="leg-cramps")
    csp_page.goto(article.url)
    hrefs = csp_page.eval_on_selector_all(
        "main a[href^='/']", "links => [...new Set(links.map(a => a.getAttribute('href')))]"
    )
    followed = 0
    for href in hrefs:
        if "/handout/" in href:
            # A PDF, shown by the browser's own viewer (an embedded plugin): no policy on it.
            answer = csp_page.request.get(href)
            assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
            assert "content-security-policy" not in answer.headers
            continue
        visit(csp_page, href)
        followed += 1
    assert followed >= 1


def test_the_collector_catches_an_inline_script(csp_page):
    csp_page.goto("/")
    csp_page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ran = 1'; document.body.appendChild(s); }"
    )
    found = violations(csp_page)
    assert any(
        v.get("directive", "").startswith("script-src") for v in found if isinstance(v, dict)
    )
    assert csp_page.evaluate("window.ran") is None


def test_json_ld_is_read_by_pages_under_the_policy(csp_page):
    """JSON-LD blocks are data: chromium neither blocks nor reports them under `script-src 'self'`."""
    from articles.models import ArticlePage

    csp_page.goto(ArticlePage.objects.live().get(slug="leg-cramps").url)
    data = csp_page.evaluate(
        "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)"
    )
    assert data["@type"]
    assert not violations(csp_page)


def test_the_admin_works_under_its_policy(csp_page, django_user_model):
    from articles.models import ArticlePage

    django_user_model.objects.create_superuser("cspadmin", "c@example.com", "pw-for-tests")
    csp_page.goto("/admin/login/")
    csp_page.get_by_label("Username").fill("cspadmin")
    csp_page.get_by_label("Password").fill("pw-for-tests")
    csp_page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(csp_page).to_have_url(re.compile(r"/admin/$"))
    assert not violations(csp_page)

    article = ArticlePage.objects.get(slug="leg-cramps")
    csp_page.goto(f"/admin/pages/{article.id}/edit/")
    expect(csp_page.locator("#id_title")).to_be_visible()
    # The preview panel renders the public template in a same-site frame.
    csp_page.get_by_role("button", name=re.compile("Toggle preview", re.I)).click()
    frame = csp_page.frame_locator("iframe#w-preview-iframe")
    expect(frame.get_by_role("heading", level=1)).to_be_visible(timeout=60_000)
    assert len(csp_page.frames) > 1
    assert not violations(csp_page)

    csp_page.goto("/admin/images/")
    assert not violations(csp_page)

    # A logged-in editor on a public page: the Wagtail userbar under the public policy.
    csp_page.goto(article.url)
    expect(csp_page.locator("wagtail-userbar")).to_be_attached()
    assert not violations(csp_page)
