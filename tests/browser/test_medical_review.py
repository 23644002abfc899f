"""Issue 18, played end to end in a browser with the clinic's roles: an editor (not a superuser)
writes an article and can only submit it; a reviewer linked to a practitioner approves it; the
page and its handout say "Medically reviewed by … on …", the due report no longer lists it and its
history shows the approval. The editor translates it: nothing of it appears on /es/ (page, index,
search, feed, sitemap, handout) until the translation is complete and approved; then /es/ shows
it with its own review line."""

from __future__ import annotations

import re

from django.urls import reverse
from playwright.sync_api import expect

from tests.handouts.pdfs import ReadPdf

from .conftest import open_page

PASSWORD = "a-known-Pa55word-for-tests"
TITLE = "Magnesium and muscle cramps"
SUMMARY = "Magnesium helps some people with cramps. Ask us before you take a supplement."
REVIEW_LINE = "Medically reviewed by Dana Whitfield, FNP-C on"


def _users(django_user_model):
    from django.contrib.auth.models import Group

    from articles.models import Practitioner

    editor = django_user_model.objects.create_user("erin-editor", "erin@example.com", PASSWORD)
    editor.groups.add(Group.objects.get(name="Editors"))
    reviewer = django_user_model.objects.create_user("dana-reviewer", "dana@example.com", PASSWORD)
    reviewer.groups.add(Group.objects.get(name="Medical reviewers"))
    Practitioner.objects.filter(name="Dana Whitfield").update(user=reviewer)
    return editor, reviewer


def _login(page, username):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def _footer_menu(page):
    page.locator(
        "footer [data-w-dropdown-target='toggle'], footer .w-dropdown__toggle"
    ).first.click()


def _approve_on_dashboard(page, title):
    page.goto("/admin/")
    row = page.locator("tr", has_text=title).first
    row.get_by_role("button", name="Actions").click()
    with page.expect_navigation():
        row.get_by_role("button", name="Approve", exact=True).click()


def _translate_every_segment(spanish):
    """What the editor does segment by segment in wagtail-localize's editor (typed here: the
    segment editor itself is played in tests/browser/test_spanish.py)."""
    from wagtail_localize.models import StringSegment, Translation

    translation = Translation.objects.get(
        source__object_id=spanish.translation_key, target_locale=spanish.locale
    )
    for segment in StringSegment.objects.filter(source=translation.source).select_related(
        "string", "context"
    ):
        text = segment.string.data
        spanish_text = {
            TITLE: "Magnesio y calambres musculares",
            SUMMARY: "El magnesio ayuda.",
            "magnesium-and-muscle-cramps": "magnesio-y-calambres",
        }
        segment.string.translations.update_or_create(
            locale=spanish.locale,
            context=segment.context,
            defaults={
                "data": spanish_text.get(text, f"Texto en español {segment.order}"),
                "translation_type": "manual",
            },
        )
    translation.save_target(publish=False)


def test_an_article_goes_live_in_both_languages_only_through_medical_review(
    browser, page, live_server, django_user_model
):
    from articles.models import ArticleIndexPage, ArticlePage

    _editor_user, _reviewer_user = _users(django_user_model)
    index = ArticleIndexPage.objects.get(locale__language_code="en")

    # --- The editor writes the article and can only submit it. --------------------------------
    _login(page, "erin-editor")
    page.goto(f"/admin/pages/add/articles/articlepage/{index.pk}/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill(SUMMARY)
    expect(page.locator("button[name='action-publish']")).to_have_count(0)
    _footer_menu(page)
    page.get_by_role("button", name=re.compile("Submit to Medical review")).click()
    expect(page.locator(".messages")).to_contain_text("submitted")
    article = ArticlePage.objects.get(title=TITLE)
    assert not article.live and article.workflow_in_progress
    page.goto(f"/admin/pages/{article.pk}/edit/")
    expect(page.locator("button[name='action-publish']")).to_have_count(0)

    with open_page(browser, live_server.url) as patient:
        assert patient.goto("/articles/magnesium-and-muscle-cramps/").status == 404

    # --- The reviewer approves it. -------------------------------------------------------------
    with open_page(browser, live_server.url) as reviewer:
        _login(reviewer, "dana-reviewer")
        _approve_on_dashboard(reviewer, TITLE)
        article.refresh_from_db()
        assert article.live and article.reviewed_by.name == "Dana Whitfield"

        # The due report does not list it (and does list an article that is due).
        reviewer.goto(reverse("articles_due_for_review"))
        expect(reviewer.locator("main")).to_contain_text("Sore muscles after exercise")
        expect(reviewer.locator("main")).not_to_contain_text(TITLE)

        # The history shows the approval.
        reviewer.goto(reverse("medical_review_history", args=[article.pk]))
        history = reviewer.locator("main table")
        expect(history).to_contain_text("Approved")
        expect(history).to_contain_text("Dana Whitfield, FNP-C")
        expect(history).to_contain_text(f"v{article.live_revision_id}")

    # --- Patients read the review line on the page and the handout. --------------------------
    with open_page(browser, live_server.url) as patient:
        patient.goto(article.url)
        expect(patient.locator("main")).to_contain_text(REVIEW_LINE)
        handout = patient.request.get(article.url + "handout/")
        assert handout.ok
        pdf = ReadPdf(handout.body())
        assert REVIEW_LINE in pdf.text and f"Version v{article.live_revision_id}" in pdf.text

    # --- The editor translates it: a draft, invisible on /es/. --------------------------------
    page.goto(f"/admin/localize/submit/page/{article.pk}/")
    page.get_by_label("Español").check()
    page.get_by_role("button", name="Submit").click()
    expect(page.locator(".messages")).to_contain_text("submitted for translation into Español")
    spanish = ArticlePage.objects.get(
        translation_key=article.translation_key, locale__language_code="es"
    )
    assert not spanish.live

    def nothing_on_the_spanish_site(title):
        spanish.refresh_from_db()
        spanish_url = f"/es/articulos/{spanish.slug}/"
        with open_page(browser, live_server.url) as patient:
            assert patient.goto(spanish_url).status == 404
            assert patient.request.get(spanish_url + "handout/").status == 404
            patient.goto("/es/articulos/")
            expect(patient.locator("main")).not_to_contain_text(title)
            patient.goto("/es/search/?q=magnesio")
            expect(patient.locator("main")).not_to_contain_text(title)
            for url in ("/es/feed/", "/sitemap.xml"):
                body = patient.request.get(url).text()
                assert title not in body and spanish_url not in body, url

    nothing_on_the_spanish_site(TITLE)

    # Submitting it untranslated is refused, naming the segments.
    page.goto(reverse("medical_review_submit", args=[spanish.pk]))
    page.get_by_role("button", name="Submit to Medical review").click()
    expect(page.locator(".messages")).to_contain_text("untranslated segment")
    expect(page.locator(".messages")).to_contain_text(TITLE)
    spanish.refresh_from_db()
    assert not spanish.workflow_in_progress

    # Translated in full and submitted: still nothing on /es/ until the reviewer approves.
    _translate_every_segment(spanish)
    page.goto(reverse("medical_review_submit", args=[spanish.pk]))
    page.get_by_role("button", name="Submit to Medical review").click()
    expect(page.locator(".messages")).to_contain_text("submitted to Medical review")
    nothing_on_the_spanish_site("Magnesio y calambres musculares")

    with open_page(browser, live_server.url) as reviewer:
        _login(reviewer, "dana-reviewer")
        _approve_on_dashboard(reviewer, "Magnesio y calambres musculares")
    spanish.refresh_from_db()
    assert spanish.live and spanish.url == "/es/articulos/magnesio-y-calambres/"

    # --- /es/ shows it, with its own review line. ----------------------------------------------
    with open_page(browser, live_server.url) as patient:
        patient.goto(spanish.url)
        expect(patient.get_by_role("heading", level=1)).to_have_text(
            "Magnesio y calambres musculares"
        )
        expect(patient.locator("main")).to_contain_text("Revisado por Dana Whitfield, FNP-C el")
        patient.goto("/es/articulos/")
        expect(patient.locator("main")).to_contain_text("Magnesio y calambres musculares")
