"""Staff tools: the reading-level panel, the sortable listing, the due-for-review report, the workflow."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from articles.models import ArticlePage, review_cutoff
from articles.reports import articles_due_for_review
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def test_editor_shows_the_reading_grade_with_the_target(admin_client):
    article = ArticlePage.objects.get(slug="leg-cramps")
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    panel = soup.select_one("[data-reading-level]")
    assert panel is not None
    assert panel.select_one("[data-reading-grade]").get_text() == f"{article.reading_grade:.1f}"
    text = panel.get_text(" ", strip=True)
    assert "target 8 or lower" in text
    assert "On target" in text
    assert f"about {article.reading_time} min" in text
    # The panel sits in the "Review" tab, with the dates and reviewer.
    assert soup.find(id="tab-label-review") is not None


def test_editor_flags_a_grade_above_target(admin_client, articles_index):
    hard = (
        "<p>Pharmacological interventions targeting neuromuscular hyperexcitability demonstrate "
        "inconsistent efficacy, necessitating individualized consideration of comorbidities.</p>"
    )
    article = ArticlePageFactory(
        parent=articles_index, title="Hard words", body=[{"type": "paragraph", "value": hard}]
    )
    soup = BeautifulSoup(
        admin_client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content,
        "html.parser",
    )
    assert "Above target" in soup.select_one("[data-reading-level]").get_text()


def grade_cells(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [float(cell.get_text()) for cell in soup.select("[data-reading-grade]")]


def test_listing_sorts_by_reading_grade(admin_client):
    url = reverse("article_listing:index")
    ascending = grade_cells(admin_client.get(url, {"ordering": "reading_grade"}))
    descending = grade_cells(admin_client.get(url, {"ordering": "-reading_grade"}))
    assert len(ascending) == 4
    assert ascending == sorted(ascending)
    assert descending == sorted(ascending, reverse=True)
    assert ascending != descending


def test_listing_is_in_the_admin_menu(admin_client):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("article_listing:index") in html


def test_due_for_review_selection(articles_index):
    today = datetime.date(2026, 11, 22)
    cutoff = review_cutoff(12, today)
    assert cutoff == datetime.date(2025, 11, 22)
    recent = ArticlePageFactory(
        parent=articles_index, title="Recently reviewed", last_reviewed=cutoff
    )
    old = ArticlePageFactory(
        parent=articles_index, title="Old review", last_reviewed=cutoff - datetime.timedelta(days=1)
    )
    never = ArticlePageFactory(parent=articles_index, title="Never reviewed", last_reviewed=None)
    draft = ArticlePageFactory(
        parent=articles_index, title="Draft never reviewed", last_reviewed=None, publish=False
    )
    due = list(articles_due_for_review(today))
    assert recent not in due
    assert {old, never, draft} <= set(due)
    # never-reviewed first, then the oldest review
    assert due.index(never) < due.index(old)


def test_review_cutoff_clamps_to_month_end():
    assert review_cutoff(1, datetime.date(2026, 3, 31)) == datetime.date(2026, 2, 28)
    assert review_cutoff(12, datetime.date(2024, 2, 29)) == datetime.date(2023, 2, 28)


def test_due_for_review_report_page(admin_client, articles_index):
    ArticlePageFactory(parent=articles_index, title="Never reviewed report", last_reviewed=None)
    ArticlePageFactory(
        parent=articles_index, title="Fresh review", last_reviewed=datetime.date.today()
    )
    response = admin_client.get(reverse("articles_due_for_review"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Articles due for medical review" in html
    assert "Never reviewed report" in html
    assert "Fresh review" not in html
    csv = admin_client.get(reverse("articles_due_for_review"), {"export": "csv"})
    assert csv.status_code == 200
    assert "Never reviewed report" in b"".join(csv.streaming_content).decode()


def test_review_interval_is_a_setting(articles_index):
    reviewed = datetime.date.today() - datetime.timedelta(days=100)
    article = ArticlePageFactory(
        parent=articles_index, title="Reviewed 100 days ago", last_reviewed=reviewed
    )
    assert article not in articles_due_for_review()
    with override_settings(ARTICLE_REVIEW_INTERVAL_MONTHS=3):
        assert article in articles_due_for_review()
        assert article.is_due_for_review


def test_report_is_in_the_reports_menu(admin_client):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("articles_due_for_review") in html


def test_report_refuses_users_without_page_permissions(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("viewer", password="pw-for-tests")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse("articles_due_for_review"))
    assert response.status_code in (302, 403)


def test_medical_review_workflow_exists_after_demo_load(articles_index):
    from wagtail.models import WorkflowPage

    from articles.models import ArticleIndexPage, MedicalReviewTask

    workflow = WorkflowPage.objects.get(page=articles_index).workflow
    assert workflow.name == "Medical review" and workflow.active
    tasks = [task.specific for task in workflow.tasks]
    assert len(tasks) == 1 and isinstance(tasks[0], MedicalReviewTask)
    assert [group.name for group in tasks[0].groups.all()] == ["Medical reviewers"]
    # Every article under either language's index is governed by it.
    for index in ArticleIndexPage.objects.all():
        assert WorkflowPage.objects.get(page=index).workflow == workflow, index.locale
    for article in ArticlePage.objects.filter(slug="leg-cramps"):
        assert article.get_workflow() == workflow, article.locale


def test_demo_load_is_idempotent(articles_index):
    from wagtail.models import Revision, Workflow

    from articles.models import ArticleReference, Practitioner

    def snapshot():
        return (
            list(
                ArticlePage.objects.order_by("pk").values_list(
                    "pk", "title", "latest_revision_id", "reading_grade"
                )
            ),
            Revision.objects.count(),
            ArticleReference.objects.count(),
            Practitioner.objects.count(),
            Workflow.objects.count(),
        )

    before = snapshot()
    call_command("load_demo_content", "--skip-index", verbosity=0)
    assert snapshot() == before


def test_demo_articles_have_the_required_parts():
    slugs = [
        "leg-cramps",
        "dream-recall-and-vitamin-b6",
        "waking-between-2-and-4-am",
        "muscle-soreness-after-exercise",
    ]
    articles = {a.slug: a for a in ArticlePage.objects.live().filter(slug__in=slugs)}
    assert set(articles) == set(slugs)
    for article in articles.values():
        types = {block.block_type for block in article.body}
        assert {"heading", "paragraph", "callout"} <= types, article.slug
        assert types & {"numbered_list", "bulleted_list"}, article.slug
        assert article.summary and article.last_reviewed and article.reviewed_by, article.slug
        assert article.topics.exists(), article.slug
        assert article.references.count() >= 3, article.slug
        for reference in article.references.all():
            assert reference.authors and reference.year and reference.title and reference.source, (
                reference
            )
    assert len(articles["leg-cramps"].table_of_contents) >= 3
    assert any(
        block.value["level"] == "h3"
        for block in articles["leg-cramps"].body
        if block.block_type == "heading"
    )
    # Long enough for a ~5-page handout; the others are shorter.
    assert articles["leg-cramps"].word_count >= 1800


def test_listing_shows_spanish_translation_status_and_staleness(admin_client):
    def status_of(title):
        soup = BeautifulSoup(
            admin_client.get(reverse("article_listing:index")).content, "html.parser"
        )
        row = next(tr for tr in soup.select("tbody tr") if title in tr.get_text())
        return row.get_text(" ", strip=True)

    translated = ArticlePage.objects.get(slug="muscle-soreness-after-exercise")
    assert "Up to date" in status_of(translated.title)
    assert "Not translated" in status_of("Leg cramps at night")
    # The English page gets a newly reviewed version after its Spanish translation's review.
    from articles.models import Practitioner
    from articles.review.records import record_approval

    revision = translated.save_revision()
    record_approval(revision, Practitioner.objects.first())
    revision.publish()
    assert "Out of date" in status_of(translated.title)
