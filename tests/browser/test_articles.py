"""Patients read articles; staff edit one in the Wagtail editor and see the change live."""

import re

from playwright.sync_api import expect

STAFF_USER = "dana-editor"
STAFF_PASSWORD = "a-known-Pa55word-for-tests"


def test_patient_opens_the_index_an_article_and_a_toc_link(page):
    page.goto("/articles/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Health articles")
    page.get_by_role("link", name="Leg cramps at night: why they happen and what helps").click()
    expect(page).to_have_url(re.compile(r"/articles/leg-cramps/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Leg cramps at night: why they happen and what helps"
    )
    expect(page.get_by_role("region", name="Key points")).to_be_visible()

    toc = page.get_by_role("navigation", name="In this article")
    toc.get_by_role("link", name="What to do during a cramp").click()
    expect(page).to_have_url(re.compile(r"#what-to-do-during-a-cramp$"))
    target = page.locator("h2#what-to-do-during-a-cramp")
    expect(target).to_have_text("What to do during a cramp")
    expect(target).to_be_in_viewport()

    expect(page.get_by_role("link", name="Call (254) 386-8149").last).to_have_attribute(
        "href", "tel:+12543868149"
    )
    expect(page.get_by_role("link", name="Print handout (large print)")).to_have_attribute(
        "href", "/articles/leg-cramps/handout/?size=large"
    )


def test_patient_filters_by_topic_and_searches(page):
    page.goto("/articles/")
    page.get_by_role("link", name="Exercise", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?topic=exercise$"))
    expect(page.locator(".card-grid .card")).to_have_count(1)
    page.get_by_role("searchbox", name="Search articles").fill("dream")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=dream$"))
    expect(page.get_by_role("link", name="Dream recall and vitamin B6")).to_be_visible()


def test_index_has_no_wcag_violations(page, assert_accessible):
    page.goto("/articles/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


def test_article_has_no_wcag_violations(page, assert_accessible):
    page.goto("/articles/leg-cramps/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


def test_search_pages_have_no_wcag_violations(page, assert_accessible):
    page.goto("/search/?q=sleep")
    expect(page.locator(".search-result").first).to_be_visible()
    assert_accessible(page)
    page.goto("/search/?q=nothingmatchesthis")
    expect(page.get_by_text("Try these ideas")).to_be_visible()
    assert_accessible(page)


def test_staff_edit_an_article_publish_and_see_it_live(page, django_user_model):
    django_user_model.objects.create_superuser(STAFF_USER, "dana@example.com", STAFF_PASSWORD)
    from articles.models import ArticlePage

    article = ArticlePage.objects.get(slug="muscle-soreness-after-exercise")
    new_sentence = "Our clinic added this sentence in the editor today."

    page.goto("/admin/")
    page.get_by_label("Username").fill(STAFF_USER)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.goto(f"/admin/pages/{article.pk}/edit/")
    editor = page.locator("[data-contentpath='body'] .public-DraftEditor-content").first
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" " + new_sentence)
    # Draftail serialises into its hidden input shortly after typing; publish only once it has.
    page.wait_for_function(
        "text => [...document.querySelectorAll('form input[type=hidden]')].some(i => i.value.includes(text))",
        arg=new_sentence,
    )

    page.locator(
        "footer [data-w-dropdown-target='toggle'], footer .w-dropdown__toggle"
    ).first.click()
    page.get_by_role("button", name="Publish").click()
    # Publishing redirects to the articles index in the page explorer, with a confirmation.
    expect(page).to_have_url(re.compile(rf"/admin/pages/{article.get_parent().pk}/$"))
    expect(page.locator(".messages")).to_contain_text("published")

    page.goto(article.url)
    expect(page.locator(".article-body")).to_contain_text(new_sentence)
