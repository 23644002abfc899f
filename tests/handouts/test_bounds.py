"""The render bound (issue #11): a layout that cannot finish in time or in memory is stopped in its
child process and remembered; patients get the friendly page, staff the reason; nothing is stored;
the same handout is never rendered again until the article changes."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.test import override_settings

from handouts import isolation, render, store, tasks
from handouts.models import HandoutRenderFailure, StoredHandout
from tests.factories import HandoutArticleFactory

pytestmark = pytest.mark.django_db


def handout_url(page):
    return page.url + "handout/"


class SlowHTML:
    """Stands in for weasyprint.HTML inside the child: a layout that never ends on its own."""

    def __init__(self, *args, **kwargs):
        pass

    def render(self, **kwargs):
        time.sleep(60)


def nested_paragraph(depth: int, tag: str = "b") -> str:
    return "<p>" + f"<{tag}>" * depth + "deep" + f"</{tag}>" * depth + "</p>"


def written_through_the_models(parent, body):
    """A live article whose body was written without validation (a script, an old import):
    Wagtail's save and publish would run ArticlePage.clean and refuse it."""
    page = HandoutArticleFactory(parent=parent, slug="written-directly")
    page.body = body
    page.save(clean=False)
    return page


@pytest.fixture
def count_layouts():
    """Counts bounded layouts (forks) started by this process."""
    with mock.patch("handouts.isolation.run_bounded", wraps=isolation.run_bounded) as counted:
        yield counted


def test_a_normal_article_is_laid_out_in_a_child_and_stored(client, article, count_layouts):
    response = client.get(handout_url(article))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert count_layouts.call_count == 1
    assert isolation.last_stats["outcome"] == "ok"
    stored = StoredHandout.objects.get(page_id=article.id)
    assert stored.pages >= 4 and bytes(stored.pdf) == response.content
    assert not HandoutRenderFailure.objects.exists()


@override_settings(HANDOUT_RENDER_TIMEOUT=1)
def test_a_slow_layout_is_stopped_remembered_and_not_repeated(
    client, admin_client, article, clinic_settings, count_layouts
):
    with mock.patch("weasyprint.HTML", SlowHTML):
        started = time.monotonic()
        response = client.get(handout_url(article))
        waited = time.monotonic() - started
        assert waited < 30  # not a timing assertion: a hung request would never get here
        assert response.status_code == 503
        assert response["Retry-After"] and "no-store" in response["Cache-Control"]
        html = response.content.decode()
        assert "This handout is not available right now" in html
        assert article.title in html and f'href="{article.url}"' in html
        assert clinic_settings.phone in html
        assert count_layouts.call_count == 1

        failure = HandoutRenderFailure.objects.get(page_id=article.id)
        assert failure.reason == "timeout" and failure.revision_id == article.live_revision_id
        assert "longer than 1 seconds" in failure.detail
        assert not StoredHandout.objects.exists()  # nothing half-written

        again = client.get(handout_url(article))
        assert again.status_code == 503
        assert count_layouts.call_count == 1  # remembered: no second render

        staff = admin_client.get(f"/admin/handouts/{article.id}/")
        assert staff.status_code == 503
        assert count_layouts.call_count == 1  # the same key: the live revision
        text = staff.content.decode()
        assert "could not be printed: took too long" in text
        assert "longer than 1 seconds" in text
        assert f"/admin/pages/{article.id}/edit/" in text


def test_a_new_revision_is_tried_again_and_stored(client, article, count_layouts):
    with mock.patch("weasyprint.HTML", SlowHTML), override_settings(HANDOUT_RENDER_TIMEOUT=1):
        assert client.get(handout_url(article)).status_code == 503
    article.title = "Sleep well, shorter"
    article.save_revision().publish()
    article.refresh_from_db()
    response = client.get(handout_url(article))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert count_layouts.call_count == 2
    assert StoredHandout.objects.filter(revision_id=article.live_revision_id).exists()
    # the failure of the old revision went with the prune
    assert not HandoutRenderFailure.objects.exists()


def test_a_deeply_nested_article_is_refused_before_any_layout(
    client, articles_index, count_layouts
):
    """Written through the models (no save-time check): the pre-check refuses it."""
    page = written_through_the_models(articles_index, [("paragraph", nested_paragraph(240))])
    response = client.get(handout_url(page))
    assert response.status_code == 503
    assert "not available right now" in response.content.decode()
    assert count_layouts.call_count == 0
    failure = HandoutRenderFailure.objects.get(page_id=page.id)
    assert failure.reason == "limits" and "nested 241 levels deep" in failure.detail


@override_settings(ARTICLE_MAX_NESTING=100_000)
# Tags the sanitiser keeps (clinic.richtext): a <div> is not one, so nested <div>s written through
# the models reach WeasyPrint flattened and print fine.
@pytest.mark.parametrize("tag, depth", [("b", 300), ("i", 300)])
def test_weasyprint_recursion_error_is_caught_in_the_child(
    client, articles_index, count_layouts, tag, depth
):
    """With the limits out of the way, WeasyPrint itself hits RecursionError: a reason, not a 500."""
    page = written_through_the_models(articles_index, [("paragraph", nested_paragraph(depth, tag))])
    response = client.get(handout_url(page))
    assert response.status_code == 503
    assert "not available right now" in response.content.decode()
    assert count_layouts.call_count == 1
    assert HandoutRenderFailure.objects.get(page_id=page.id).reason == "too-deep"
    assert not StoredHandout.objects.exists()


@override_settings(HANDOUT_RENDER_MEMORY_MB=64)
def test_the_memory_bound_stops_the_child(article, site):
    """A layout that wants 1 GB more than the process had at fork is stopped at 64 MB. (A real
    article cannot show this reliably: a long-lived worker's heap holds freed memory that a child
    may reuse without growing, and RLIMIT_AS bounds growth.)"""

    def greedy(*args, **kwargs):
        return bytearray(1024 * 2**20)

    with mock.patch("weasyprint.HTML", greedy), pytest.raises(isolation.RenderFailed) as failed:
        store.get_or_render(article, render.Variant(), site)
    assert failed.value.reason in ("memory", "crashed")
    assert HandoutRenderFailure.objects.get(page_id=article.id).reason == failed.value.reason
    assert not StoredHandout.objects.exists()


@override_settings(HANDOUT_RENDER_TIMEOUT=1, HANDOUTS_RENDER_ON_PUBLISH=True)
def test_the_background_render_on_publish_is_bounded_and_remembered(client, article, count_layouts):
    with mock.patch("weasyprint.HTML", SlowHTML):
        assert tasks.render_standard_handout.call(article.id) is None
        assert HandoutRenderFailure.objects.get(page_id=article.id).reason == "timeout"
        assert client.get(handout_url(article)).status_code == 503
    assert count_layouts.call_count == 1  # the patient's request did not try again


@override_settings(HANDOUT_RENDER_TIMEOUT=1)
def test_the_preview_shows_staff_the_reason(rf, admin_user, article):
    from handouts.views import preview_response

    request = rf.get("/admin/pages/preview/")
    request.user = admin_user
    with mock.patch("weasyprint.HTML", SlowHTML):
        response = preview_response(request, article).render()
    assert response.status_code == 503
    assert "could not be printed: took too long" in response.content.decode()
    assert not HandoutRenderFailure.objects.exists()  # an unsaved form is not remembered


@override_settings(HANDOUT_RENDER_ISOLATION=False)
def test_without_isolation_a_recursion_error_is_still_a_reason(articles_index, site):
    page = HandoutArticleFactory(
        parent=articles_index, slug="nested", body=[("paragraph", "<p>x</p>")]
    )
    with (
        mock.patch("handouts.render.isolation.refuse_over_limits"),
        mock.patch("weasyprint.HTML", side_effect=RecursionError),
        pytest.raises(isolation.RenderFailed) as failed,
    ):
        render.render_handout(page, render.Variant(), site)
    assert failed.value.reason == "too-deep"


def test_staff_find_failed_handouts_in_a_report(admin_client, client, articles_index):
    page = written_through_the_models(articles_index, [("paragraph", nested_paragraph(240))])
    assert client.get(handout_url(page)).status_code == 503
    response = admin_client.get("/admin/reports/failed-handouts/")
    assert response.status_code == 200
    text = response.content.decode()
    assert page.title in text and "Over the article limits" in text
    assert "nested 241 levels deep" in text
    assert f"/admin/pages/{page.id}/edit/" in text
    assert "/admin/reports/failed-handouts/" in admin_client.get("/admin/").content.decode()


def test_the_handout_command_names_the_reason(articles_index, tmp_path):
    from django.core.management import CommandError, call_command

    page = written_through_the_models(articles_index, [("paragraph", nested_paragraph(240))])
    out = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match="written-directly: not rendered \\(limits: "):
        call_command("handout", page.slug, "-o", str(out))
    assert not out.exists()


def test_any_other_layout_error_is_a_reason_without_the_document(client, article, capfd):
    document = "<p>Sleep well " + "text</p>"  # the traceback shows this line, not the value

    def broken(*args, **kwargs):
        raise ValueError("could not parse " + document)

    capfd.readouterr()
    with mock.patch("weasyprint.HTML", broken):
        response = client.get(handout_url(article))
    assert response.status_code == 503
    # The child's log line (its stderr is this process's) names the error, never its message: a
    # packet's document holds a provider's note.
    logged = capfd.readouterr().err
    assert "Handout layout failed in its child process: ValueError" in logged
    assert "Sleep well text" not in logged
    failure = HandoutRenderFailure.objects.get(page_id=article.id)
    assert failure.reason == "error" and "ValueError" in failure.detail
    assert "Sleep well text" not in failure.detail  # the exception's message is not kept
