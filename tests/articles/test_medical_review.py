"""Medical review (issue 18): the approval is the record, and no path publishes an article
around it. Each test plays one path with the role that would take it."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Revision

from articles.models import ArticlePage, ReviewRecord
from articles.reports import articles_due_for_review
from articles.review.gate import ReviewRequired
from tests.articles.review_helpers import link, make_user, submit, workflow_action_url
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    return make_user(django_user_model, "ed", "Editors")


@pytest.fixture
def reviewer(django_user_model):
    user = make_user(django_user_model, "rev", "Medical reviewers")
    link(user)
    return user


@pytest.fixture
def moderator(django_user_model):
    """Wagtail's default Moderators group may publish any page: not an article without review."""
    return make_user(django_user_model, "mod", "Moderators")


@pytest.fixture
def draft(articles_index):
    return ArticlePageFactory(parent=articles_index, title="Iron and tiredness", publish=False)


@pytest.fixture
def live_article(articles_index):
    page = ArticlePageFactory(parent=articles_index, title="Sleep and screens")
    return page


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def approve(client, page, reviewer, comment=""):
    task_state = submit(page, reviewer)
    client.force_login(reviewer)
    return client.post(workflow_action_url(page, "approve", task_state), {"comment": comment})


# --- 1. approval is the record ------------------------------------------------------------------


def test_approval_records_reviewer_and_date_on_the_live_revision(client, draft, reviewer):
    response = approve(client, draft, reviewer, comment="Checked the doses.")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live
    assert draft.last_reviewed == timezone.localdate()
    assert draft.reviewed_by.name == "Dana Whitfield"
    record = ReviewRecord.objects.get(page=draft)
    assert record.action == ReviewRecord.APPROVED
    assert record.revision_id == draft.live_revision_id
    assert record.user == reviewer and record.comment == "Checked the doses."
    assert record.practitioner_name == "Dana Whitfield, FNP-C"
    # The page, its JSON-LD and the due report read it.
    client.logout()
    html = client.get(draft.url).content.decode()
    assert "Medically reviewed by Dana Whitfield, FNP-C on" in html
    data = draft.structured_data()
    assert data["lastReviewed"] == timezone.localdate().isoformat()
    assert data["reviewedBy"]["name"] == "Dana Whitfield"
    assert draft not in articles_due_for_review()


def test_the_review_fields_are_not_in_the_editor_form(admin_client, live_article):
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[live_article.pk])).content
    html = html.decode()
    assert 'name="last_reviewed"' not in html and 'name="reviewed_by"' not in html
    assert "data-medical-review" in html and "Review history" in html


def test_a_posted_review_date_is_ignored(admin_client, live_article):
    """The form has no such fields: a crafted POST cannot type a review."""
    from articles.models.article import ArticlePage as Model

    form_class = Model.get_edit_handler().get_form_class()
    assert "last_reviewed" not in form_class.base_fields
    assert "reviewed_by" not in form_class.base_fields


def test_an_edit_after_review_needs_a_new_review(client, draft, reviewer, editor):
    approve(client, draft, reviewer)
    draft.refresh_from_db()
    live_revision = draft.live_revision_id
    reviewed_on = draft.last_reviewed
    # The editor changes the text: a new draft revision, the live page keeps its reviewed version.
    latest = draft.get_latest_revision_as_object()
    latest.summary = "A changed summary, not reviewed yet."
    latest.save_revision(user=editor)
    draft.refresh_from_db()
    assert draft.live_revision_id == live_revision and draft.last_reviewed == reviewed_on
    assert "A changed summary" not in client.get(draft.url).content.decode()
    with pytest.raises(ReviewRequired):
        draft.get_latest_revision().publish(user=editor)


# --- bad input ------------------------------------------------------------------------------------


def test_a_reviewer_not_linked_to_a_practitioner_cannot_approve(client, django_user_model, draft):
    unlinked = make_user(django_user_model, "rev2", "Medical reviewers")
    task_state = submit(draft, unlinked)
    client.force_login(unlinked)
    response = client.post(workflow_action_url(draft, "approve", task_state), follow=True)
    assert response.status_code == 200
    assert any("not linked to a practitioner" in m for m in messages_of(response))
    draft.refresh_from_db()
    assert not draft.live
    assert not ReviewRecord.objects.filter(page=draft).exists()
    task_state.refresh_from_db()
    assert task_state.status == task_state.STATUS_IN_PROGRESS


def test_unlinked_reviewer_approving_from_the_editor_is_refused(client, django_user_model, draft):
    unlinked = make_user(django_user_model, "rev3", "Medical reviewers")
    submit(draft, unlinked)
    client.force_login(unlinked)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[draft.pk]),
        {"action-workflow-action": "1", "workflow-action-name": "approve"},
        follow=True,
    )
    assert any("not linked to a practitioner" in m for m in messages_of(response))
    draft.refresh_from_db()
    assert not draft.live


def test_a_rejection_keeps_the_comment_and_changes_nothing_live(client, live_article, reviewer):
    live_revision = live_article.live_revision_id
    latest = live_article.get_latest_revision_as_object()
    latest.summary = "A risky new claim."
    latest.save_revision()
    task_state = submit(live_article, reviewer)
    client.force_login(reviewer)
    client.post(
        workflow_action_url(live_article, "reject", task_state), {"comment": "Cite a source."}
    )
    live_article.refresh_from_db()
    assert live_article.live_revision_id == live_revision
    assert "A risky new claim." not in client.get(live_article.url).content.decode()
    record = ReviewRecord.objects.get(page=live_article, action=ReviewRecord.REJECTED)
    assert record.comment == "Cite a source." and record.user == reviewer


# --- 3. every publishing path ---------------------------------------------------------------------


def test_the_editor_sees_submit_but_not_publish(client, editor, live_article):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[live_article.pk])).content.decode()
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html


def test_the_reviewer_sees_no_publish_button(client, reviewer, live_article):
    client.force_login(reviewer)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[live_article.pk])).content.decode()
    assert 'name="action-publish"' not in html


def test_publish_from_the_editor_without_review_is_refused(client, moderator, live_article):
    live_revision = live_article.live_revision_id
    client.force_login(moderator)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[live_article.pk]),
        {"action-publish": "1", "title": "Changed"},
        follow=True,
    )
    assert any("only through Medical review" in m for m in messages_of(response))
    live_article.refresh_from_db()
    assert live_article.live_revision_id == live_revision and live_article.title != "Changed"


def test_publish_from_the_create_view_without_review_is_refused(client, moderator, articles_index):
    client.force_login(moderator)
    url = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", articles_index.pk])
    response = client.post(url, {"action-publish": "1", "title": "New"}, follow=True)
    assert any("only through Medical review" in m for m in messages_of(response))
    assert not ArticlePage.objects.filter(title="New").exists()


def test_bulk_publish_without_review_is_refused(client, moderator, draft):
    client.force_login(moderator)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    response = client.post(f"{url}?id={draft.pk}", {"include_descendants": ""}, follow=True)
    assert any("only through Medical review" in m for m in messages_of(response))
    draft.refresh_from_db()
    assert not draft.live


def test_superuser_bulk_publish_is_recorded_as_unreviewed(admin_client, draft):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    admin_client.post(f"{url}?id={draft.pk}", {"include_descendants": ""})
    draft.refresh_from_db()
    assert draft.live
    record = ReviewRecord.objects.get(page=draft)
    assert record.action == ReviewRecord.UNREVIEWED and record.username == "staff-admin"


@pytest.mark.parametrize("role", ["editor", "reviewer", "moderator"])
def test_the_gate_refuses_every_non_superuser(request, role, live_article):
    user = request.getfixturevalue(role)
    live_revision = live_article.live_revision_id
    revision = live_article.save_revision(user=user)
    with pytest.raises(ReviewRequired):
        revision.publish(user=user)
    # wagtail-localize publishes "on commit" without a user: the revision's author is asked.
    with pytest.raises(ReviewRequired):
        revision.publish()
    live_article.refresh_from_db()
    assert live_article.live_revision_id == live_revision


def test_a_superuser_direct_publish_is_recorded_and_clears_the_review_line(
    client, admin_user, draft, reviewer
):
    approve(client, draft, reviewer)
    draft.refresh_from_db()
    assert draft.reviewed_by is not None
    revision = draft.get_latest_revision_as_object().save_revision(user=admin_user)
    revision.publish(user=admin_user)
    draft.refresh_from_db()
    assert draft.live_revision_id == revision.pk
    assert draft.reviewed_by is None and draft.last_reviewed is None
    record = ReviewRecord.objects.filter(page=draft).first()
    assert record.action == ReviewRecord.UNREVIEWED and record.user == admin_user
    assert draft in articles_due_for_review()


def test_scheduled_publishing_of_an_approved_revision_keeps_working(client, draft, reviewer):
    go_live = timezone.now() + datetime.timedelta(days=1)
    latest = draft.get_latest_revision_as_object()
    latest.go_live_at = go_live
    latest.save_revision()
    approve(client, draft, reviewer)
    draft.refresh_from_db()
    assert not draft.live  # scheduled
    revision = draft.get_latest_revision()
    assert revision.approved_go_live_at is not None
    # Time passes: the go-live moment is now behind us.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    Revision.objects.filter(pk=revision.pk).update(
        approved_go_live_at=past, content=revision.content
    )
    call_command("publish_scheduled", verbosity=0)
    draft.refresh_from_db()
    assert draft.live and draft.reviewed_by.name == "Dana Whitfield"


def test_scheduled_publishing_of_an_unapproved_revision_by_an_editor_is_refused(editor, draft):
    revision = draft.get_latest_revision()
    revision.user = editor
    revision.save()
    # An editor's revision with a go-live date but never approved: publish_scheduled would not
    # pick it (no approved_go_live_at) and publishing it as the editor is refused.
    with pytest.raises(ReviewRequired):
        revision.publish()


# --- 4. Spanish through the same gate ------------------------------------------------------------


@pytest.fixture
def spanish_draft(articles_index):
    """A Spanish translation started in wagtail-localize, nothing translated yet."""
    from wagtail_localize.models import Translation, TranslationSource

    from clinic.i18n.translation import spanish_locale

    english = ArticlePageFactory(parent=articles_index, title="Vitamin D basics")
    source, _ = TranslationSource.get_or_create_from_instance(english)
    translation = Translation.objects.create(source=source, target_locale=spanish_locale())
    translation.save_target(publish=False)
    return english.get_translation(spanish_locale()).specific


def test_a_new_translation_starts_as_a_draft(admin_client, articles_index):
    from clinic.i18n.translation import spanish_locale

    english = ArticlePageFactory(parent=articles_index, title="Hydration for older adults")
    response = admin_client.post(
        reverse("wagtail_localize:submit_page_translation", args=[english.pk]),
        {"locales": [spanish_locale().pk]},
    )
    assert response.status_code == 302
    spanish = english.get_translation(spanish_locale())
    assert not spanish.live
    assert spanish.specific.reviewed_by is None


def test_an_untranslated_translation_cannot_be_submitted(client, editor, spanish_draft):
    client.force_login(editor)
    response = client.post(reverse("medical_review_submit", args=[spanish_draft.pk]), follow=True)
    [message] = [m for m in messages_of(response) if "untranslated" in m]
    assert "Vitamin D basics" in message  # the missing segment is named
    spanish_draft.refresh_from_db()
    assert not spanish_draft.workflow_in_progress


def test_an_untranslated_translation_cannot_be_published_even_by_a_superuser(
    admin_client, admin_user, spanish_draft
):
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[spanish_draft.pk]),
        {"action": "publish"},
        follow=True,
    )
    assert any("untranslated segment" in m for m in messages_of(response))
    spanish_draft.refresh_from_db()
    assert not spanish_draft.live
    with pytest.raises(ReviewRequired):
        spanish_draft.get_latest_revision().publish(user=admin_user)


def test_localize_publish_button_refused_without_review(client, moderator, spanish_draft):
    _translate_everything(spanish_draft)
    client.force_login(moderator)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[spanish_draft.pk]),
        {"action": "publish"},
        follow=True,
    )
    assert any("only through Medical review" in m for m in messages_of(response))
    spanish_draft.refresh_from_db()
    assert not spanish_draft.live


def test_a_complete_translation_goes_through_review_with_its_own_line(
    client, spanish_draft, editor, reviewer
):
    _translate_everything(spanish_draft)
    client.force_login(editor)
    client.post(reverse("medical_review_submit", args=[spanish_draft.pk]))
    spanish_draft.refresh_from_db()
    task_state = spanish_draft.current_workflow_task_state
    assert task_state is not None
    client.force_login(reviewer)
    client.post(workflow_action_url(spanish_draft, "approve", task_state))
    spanish_draft.refresh_from_db()
    assert spanish_draft.live and spanish_draft.reviewed_by.name == "Dana Whitfield"
    english = Page.objects.get(pk=spanish_draft.get_translation(_english()).pk).specific
    assert english.reviewed_by is None  # each language's review is its own
    record = ReviewRecord.objects.get(page=spanish_draft)
    assert record.language_code == "es"


def _english():
    from wagtail.models import Locale

    return Locale.objects.get(language_code="en")


def _translate_everything(page, only=None):
    """Translate every segment of `page` (or the first `only`) and save the translation."""
    from wagtail_localize.models import StringSegment, Translation

    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=page.locale
    )
    segments = StringSegment.objects.filter(source=translation.source).select_related(
        "string", "context"
    )
    for segment in segments.order_by("order")[:only]:
        segment.string.translations.update_or_create(
            locale=page.locale,
            context=segment.context,
            defaults={
                "data": "La salud es buena para todos. Come bien y duerme mucho.",
                "translation_type": "manual",
            },
        )
    translation.save_target(publish=False)


# --- 2. history ------------------------------------------------------------------------------------


def test_history_csv_lists_the_approval(client, draft, reviewer):
    approve(client, draft, reviewer, comment="Fine, thanks.")
    draft.refresh_from_db()
    response = client.get(reverse("medical_review_history", args=[draft.pk]) + "?export=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode() if response.streaming else ""
    text = text or response.content.decode()
    assert "Approved" in text and "Dana Whitfield, FNP-C" in text and "Fine, thanks." in text
    assert f"v{draft.live_revision_id}" in text


def test_site_report_filters_by_date(client, admin_user, draft, reviewer):
    approve(client, draft, reviewer)
    admin_client = client
    admin_client.force_login(admin_user)
    ReviewRecord.objects.filter(page=draft).update(
        created_at=timezone.make_aware(datetime.datetime(2026, 3, 2, 10))
    )
    url = reverse("medical_reviews")
    on_the_day = admin_client.get(
        url, {"created_at_from": "2026-03-02", "created_at_to": "2026-03-02"}
    )
    assert "Iron and tiredness" in on_the_day.content.decode()
    later = admin_client.get(url, {"created_at_from": "2026-03-03"})
    assert "Iron and tiredness" not in later.content.decode()


def test_history_is_refused_to_staff_without_page_permissions(client, django_user_model, draft):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("viewer", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(reverse("medical_review_history", args=[draft.pk])).status_code in (302, 403)


def test_demo_articles_show_their_approval(articles_index):
    for article in ArticlePage.objects.child_of(articles_index).live():
        if article.slug.startswith("generated"):
            continue
        record = ReviewRecord.objects.filter(page=article, action=ReviewRecord.APPROVED).first()
        assert record is not None, article.slug
        assert record.revision_id == article.live_revision_id
        assert article.reviewed_by_id == record.practitioner_id


# --- 5. the Spanish score counts Spanish words only ------------------------------------------------


def test_the_spanish_score_ignores_untranslated_segments(spanish_draft):
    from articles.readability import as_sentences
    from articles.readability_es import szigriszt_pazos

    # Nothing translated: the page's text is all English; no Spanish score is given from it.
    english_score = szigriszt_pazos(as_sentences(spanish_draft.plain_text())).score
    assert english_score is not None
    assert len(spanish_draft.untranslated_segments()) > 0
    assert spanish_draft.reading_ease_es is None
    # Translate some: the score is that of the translated text alone.
    _translate_everything(spanish_draft, only=3)
    spanish_draft.refresh_from_db()
    untranslated = spanish_draft.untranslated_segments()
    assert untranslated
    text = spanish_draft.plain_text()
    for segment in untranslated:
        text = text.replace(segment, "")
    expected = szigriszt_pazos(as_sentences(text)).score
    assert spanish_draft.reading_ease_es == expected


def test_the_listing_says_how_many_segments_are_untranslated(admin_client, spanish_draft):
    from articles.wagtail_hooks import article_listing_viewset

    response = admin_client.get(reverse(article_listing_viewset.get_url_name("index")))
    html = response.content.decode()
    count = len(spanish_draft.untranslated_segments())
    assert f"{count} untranslated" in html


def test_a_newly_reviewed_english_source_puts_its_translation_out_of_date(
    client, spanish_draft, editor, reviewer, admin_user
):
    from articles.review.status import translation_status

    _translate_everything(spanish_draft)
    client.force_login(editor)
    client.post(reverse("medical_review_submit", args=[spanish_draft.pk]))
    spanish_draft.refresh_from_db()
    client.force_login(reviewer)
    client.post(
        workflow_action_url(spanish_draft, "approve", spanish_draft.current_workflow_task_state)
    )
    spanish_draft.refresh_from_db()
    english = ArticlePage.objects.get(
        translation_key=spanish_draft.translation_key, locale__language_code="en"
    )
    assert translation_status(spanish_draft, english) == "Up to date"
    assert spanish_draft not in articles_due_for_review()
    spanish_line = (spanish_draft.reviewed_by_id, spanish_draft.last_reviewed)
    # The English page gets a newly reviewed version.
    later = english.get_latest_revision_as_object()
    later.summary = "A new English summary."
    later.save_revision(user=editor)
    ReviewRecord.objects.filter(page=spanish_draft).update(
        created_at=timezone.now() - datetime.timedelta(days=1)
    )
    approve(client, english, reviewer)
    assert translation_status(spanish_draft, english) == "Out of date"
    due = articles_due_for_review()
    assert spanish_draft.pk in due.values_list("pk", flat=True)
    client.force_login(admin_user)
    report = client.get(reverse("articles_due_for_review")).content.decode()
    assert "Out of date (English reviewed" in report
    # The Spanish page keeps its own review line until its translation is reviewed.
    spanish_draft.refresh_from_db()
    assert (spanish_draft.reviewed_by_id, spanish_draft.last_reviewed) == spanish_line


def test_demo_staff_command_links_the_reviewer(capsys):
    from django.contrib.auth import get_user_model

    from articles.models import Practitioner

    call_command("ensure_demo_staff")
    out = capsys.readouterr().out
    assert "user reviewer" in out and "user editor" in out
    reviewer = get_user_model().objects.get(username="reviewer")
    assert not reviewer.is_superuser and reviewer.groups.filter(name="Medical reviewers").exists()
    assert Practitioner.objects.get(name="Dana Whitfield").user == reviewer
    editor = get_user_model().objects.get(username="editor")
    assert editor.groups.filter(name="Editors").exists() and not editor.is_superuser


def test_submit_translation_asks_to_confirm_on_get(client, editor, spanish_draft):
    client.force_login(editor)
    response = client.get(reverse("medical_review_submit", args=[spanish_draft.pk]))
    assert response.status_code == 200
    assert b"Submit to Medical review" in response.content
    spanish_draft.refresh_from_db()
    assert not spanish_draft.workflow_in_progress


def test_the_reports_menu_offers_the_review_history_and_unreviewed_publishes(admin_client, draft):
    draft.get_latest_revision().publish()  # by a command: recorded as without review
    home = admin_client.get("/admin/").content.decode()
    assert reverse("medical_reviews") in home
    url = reverse("medical_reviews") + f"?action={ReviewRecord.UNREVIEWED}"
    html = admin_client.get(url).content.decode()
    assert "Iron and tiredness" in html and "Published without medical review" in html
    approved_only = admin_client.get(reverse("medical_reviews") + "?action=approved").content
    assert "Iron and tiredness" not in approved_only.decode()


def test_the_spanish_slug_is_suggested_from_the_translated_title(spanish_draft):
    from wagtail_localize.models import StringSegment, StringTranslation, Translation

    translation = Translation.objects.get(
        source__object_id=spanish_draft.translation_key, target_locale=spanish_draft.locale
    )
    title = StringSegment.objects.get(source=translation.source, context__path="title")
    StringTranslation.objects.create(
        translation_of=title.string,
        locale=spanish_draft.locale,
        context=title.context,
        data="Lo básico de la vitamina D",
        translation_type="manual",
    )
    translation.save_target(publish=False)
    spanish_draft.refresh_from_db()
    assert spanish_draft.slug == "lo-basico-de-la-vitamina-d"
    # A suggestion: staff change it like any segment, and theirs is kept.
    slug = StringSegment.objects.get(source=translation.source, context__path="slug")
    suggestion = StringTranslation.objects.get(
        translation_of=slug.string, locale=spanish_draft.locale
    )
    assert suggestion.translation_type == "machine"
    suggestion.data = "vitamina-d"
    suggestion.translation_type = "manual"
    suggestion.save()
    title_translation = StringTranslation.objects.get(
        translation_of=title.string, locale=spanish_draft.locale
    )
    title_translation.data = "Vitamina D: lo básico"
    title_translation.save()
    translation.save_target(publish=False)
    spanish_draft.refresh_from_db()
    assert spanish_draft.slug == "vitamina-d"


@pytest.mark.parametrize("live_copy", ["publish_copies", "alias"])
def test_live_copies_and_aliases_of_an_article_are_refused(
    client, moderator, live_article, articles_index, live_copy
):
    """A published copy or an alias would be live without passing publish (and its review)."""
    client.force_login(moderator)
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[live_article.pk]),
        {
            "new_title": "Copied article",
            "new_slug": "copied-article",
            "new_parent_page": articles_index.pk,
            live_copy: "on",
        },
        follow=True,
    )
    assert any("start as drafts" in m for m in messages_of(response))
    assert not ArticlePage.objects.filter(slug="copied-article").exists()


def test_the_refusal_page_shows_only_signed_messages(client, editor, draft):
    from articles.review.records import refusal_url

    client.force_login(editor)
    crafted = reverse("medical_review_refused", args=[draft.pk]) + "?m=Call+this+number"
    response = client.get(crafted, follow=True)
    assert not any("Call this number" in m for m in messages_of(response))
    response = client.get(refusal_url(draft, "Signed reason."), follow=True)
    assert any("Signed reason." in m for m in messages_of(response))


def _start_spanish(english):
    from wagtail_localize.models import Translation, TranslationSource

    from clinic.i18n.translation import spanish_locale

    source, _ = TranslationSource.get_or_create_from_instance(english)
    translation = Translation.objects.create(source=source, target_locale=spanish_locale())
    translation.save_target(publish=False)
    return english.get_translation(spanish_locale()).specific


def test_the_article_listing_reads_translations_once_for_all_rows(admin_client, articles_index):
    """The listing's Spanish column and untranslated counts are read for the whole table at once:
    more rows, not more queries for them. (Wagtail's and wagtail-localize's own row buttons still
    ask per row; those are theirs.)"""
    from bs4 import BeautifulSoup
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def listing():
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(reverse("article_listing:index"))
        assert response.status_code == 200
        rows = BeautifulSoup(response.content, "html.parser").select("tbody tr")
        ours = [
            query["sql"]
            for query in queries.captured_queries
            if "articles_reviewrecord" in query["sql"]
            or "wagtail_localize_stringsegment" in query["sql"]
        ]
        return len(ours), {
            tr.select_one("td.title").get_text(" ", strip=True): tr.get_text(" ", strip=True)
            for tr in rows
        }

    first = _start_spanish(ArticlePageFactory(parent=articles_index, title="Vitamin D basics"))
    before, _ = listing()
    drafts = [first] + [
        _start_spanish(ArticlePageFactory(parent=articles_index, title=f"Hydration part {n}"))
        for n in range(4)
    ]
    after, rows = listing()
    assert 0 < after <= before
    for spanish in drafts:
        count = len(spanish.untranslated_segments())
        assert count > 0
        (row,) = [
            text
            for title, text in rows.items()
            if spanish.title in title and "untranslated" in text
        ]
        assert f"{count} untranslated" in row
    english_rows = [
        text
        for title, text in rows.items()
        if "Hydration part" in title and "untranslated" not in text
    ]
    assert len(english_rows) == 4 and all("Draft" in text for text in english_rows)


# --- sync from English (wagtail-localize's "Sync translated pages") -------------------------------


def _sync_url(page):
    from wagtail_localize.models import Translation

    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=page.locale
    )
    return reverse("wagtail_localize:update_translations", args=[translation.source_id])


def test_sync_offers_publishing_only_to_those_who_may_publish(client, moderator, spanish_draft):
    from bs4 import BeautifulSoup

    client.force_login(moderator)
    response = client.get(_sync_url(spanish_draft))
    assert response.status_code == 200
    box = BeautifulSoup(response.content, "html.parser").find(
        "input", attrs={"name": "publish_translations"}
    )
    assert box is None  # no "Publish immediately" for staff who may not publish an article
    assert "only through Medical review" in response.content.decode()
    # A forged tick changes nothing: the translation is updated as a draft.
    response = client.post(_sync_url(spanish_draft), {"publish_translations": "on"})
    assert response.status_code == 302
    spanish_draft.refresh_from_db()
    assert not spanish_draft.live


def test_a_sync_the_gate_refuses_to_publish_updates_the_drafts_and_says_why(
    admin_client, spanish_draft, commits_as_deployed
):
    """A superuser ticks "Publish immediately" while English text is untranslated: a message and
    the drafts updated, never a bare 403 and never English text live on /es/."""
    english = Page.objects.get(pk=spanish_draft.get_translation(_english()).pk).specific
    english.title = "Vitamin D basics, updated"
    english.save_revision().publish()
    response = admin_client.post(
        _sync_url(spanish_draft), {"publish_translations": "on"}, follow=True
    )
    assert response.status_code == 200
    said = messages_of(response)
    assert any("updated as drafts" in m and "untranslated segment" in m for m in said), said
    spanish_draft.refresh_from_db()
    assert not spanish_draft.live
    assert spanish_draft.get_latest_revision_as_object().title == "Vitamin D basics, updated"
