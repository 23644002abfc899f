"""On a phone-sized screen: nothing moves while the page loads (the web fonts never swap in after
the first paint), the web fonts are the ones used, and each link's accessible name includes its
visible text (WCAG 2.5.3, axe-core's label-content-name-mismatch rule)."""

import pytest
from playwright.sync_api import expect

from .conftest import format_violations

PAGES = ["/", "/articles/leg-cramps/", "/locations/waco/"]

LAYOUT_SHIFT = """() => {
  // Buffered entries are in the observer's buffer as soon as observe() returns.
  const observer = new PerformanceObserver(() => {});
  observer.observe({type: "layout-shift", buffered: true});
  const entries = observer.takeRecords();
  observer.disconnect();
  return entries.filter(e => !e.hadRecentInput).reduce((sum, e) => sum + e.value, 0);
}"""

MOVE_SOMETHING = """async () => {
  // A shift is a change between two drawn frames: on a busy machine the page may not have been
  // drawn yet when "load" fires, so let a frame with the old layout be drawn first.
  const twoFrames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  await twoFrames();
  const block = document.createElement("div");
  block.style.height = "300px";
  document.querySelector("main").prepend(block);
  await twoFrames();
}"""


@pytest.fixture
def phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    return page


@pytest.mark.parametrize("path", PAGES)
def test_on_a_phone_nothing_moves_and_link_names_include_their_text(phone, path):
    from axe_playwright_python.sync_playwright import Axe

    phone.goto(path, wait_until="load")
    phone.evaluate("document.fonts.ready")
    assert phone.evaluate(LAYOUT_SHIFT) == 0
    assert phone.evaluate(
        "document.fonts.check(\"700 19px 'Atkinson Hyperlegible Next'\") && "
        "document.fonts.check(\"400 19px 'Atkinson Hyperlegible Next'\")"
    )
    results = Axe().run(
        phone, options={"runOnly": {"type": "rule", "values": ["label-content-name-mismatch"]}}
    )
    violations = results.response["violations"]
    assert not violations, format_violations(violations)
    expect(phone.locator("header a.brand")).to_have_accessible_name(
        "Clark Wellness Functional medicine in Waco and Hamilton, Texas – home page"
    )


def test_the_layout_shift_probe_sees_a_shift(phone):
    phone.goto("/", wait_until="load")
    phone.evaluate(MOVE_SOMETHING)
    # The layout-shift entry is queued after the frame is drawn: give a busy machine time.
    phone.wait_for_function(f"() => ({LAYOUT_SHIFT})() > 0.05", timeout=10_000)
