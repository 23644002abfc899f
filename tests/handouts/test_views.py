"""The public route, view restrictions, drafts, the staff admin views, preview mode and command."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from wagtail.models import GroupPagePermission, PageViewRestriction

from handouts.models import StoredHandout
from tests.factories import HandoutArticleFactory, long_body

pytestmark = pytest.mark.django_db


def handout_url(page, query=""):
    return page.url + "handout/" + query


def test_public_route_serves_the_live_article_inline(client, article, fake_render):
    response = client.get(handout_url(article))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="sleep-well-guide.pdf"'
    assert "public" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")
    assert fake_render.count == 1
    assert "Sleep well: a practical guide" in fake_render.calls[0]


def test_large_print_and_location_variants(client, article, fake_render):
    response = client.get(handout_url(article, "?size=large"))
    assert response["Content-Disposition"] == 'inline; filename="sleep-well-guide-large-print.pdf"'
    assert 'class="large-print"' in fake_render.calls[-1]
    response = client.get(handout_url(article, "?location=hamilton"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'inline; filename="sleep-well-guide-hamilton.pdf"'
    html = fake_render.calls[-1]
    assert "Hamilton" in html and "Bosque" not in html


def test_unknown_location_is_404(client, article, fake_render):
    assert client.get(handout_url(article, "?location=atlantis")).status_code == 404
    assert fake_render.count == 0


def test_article_page_print_link_points_at_the_route(client, article):
    response = client.get(article.url)
    assert response.status_code == 200
    assert handout_url(article).encode() in response.content


def test_draft_is_404_publicly_but_served_to_staff(admin_client, articles_index, fake_render):
    draft = HandoutArticleFactory(
        parent=articles_index, slug="draft-only", title="A draft article", publish=False
    )
    url = "/articles/draft-only/handout/"
    assert Client().get(url).status_code == 404
    response = admin_client.get(reverse("handouts_admin_pdf", args=[draft.id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "private" in response["Cache-Control"]
    assert "A draft article" in fake_render.calls[-1]
    assert "Draft — not yet published" in fake_render.calls[-1]


def test_unpublished_article_is_404(client, article, fake_render):
    article.unpublish()
    assert client.get("/articles/sleep-well-guide/handout/").status_code == 404


def test_staff_button_serves_the_latest_revision(admin_client, article, fake_render):
    article.title = "Sleep well: revised draft"
    article.save_revision()  # not published
    response = admin_client.get(reverse("handouts_admin_pdf", args=[article.id]) + "?size=large")
    assert response.status_code == 200
    assert "Sleep well: revised draft" in fake_render.calls[-1]
    assert 'class="large-print"' in fake_render.calls[-1]


def test_admin_views_need_edit_permission(client, article, django_user_model, fake_render):
    user = django_user_model.objects.create_user("viewer", password="pw-for-tests")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    # Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message
    for name in ("handouts_admin_pdf", "handouts_admin_options"):
        response = client.get(reverse(name, args=[article.id]))
        assert response.status_code in (302, 403)
        assert response.get("Content-Type", "") != "application/pdf"
    assert fake_render.count == 0
    editors = Group.objects.create(name="Handout editors")
    GroupPagePermission.objects.create(
        group=editors, page=article, permission=Permission.objects.get(codename="change_page")
    )
    user.groups.add(editors)
    assert client.get(reverse("handouts_admin_pdf", args=[article.id])).status_code == 200


def test_admin_header_and_listing_buttons(admin_client, article, articles_index):
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[article.id]))
    pdf_url = reverse("handouts_admin_pdf", args=[article.id])
    assert pdf_url.encode() in edit.content
    assert b"Handout (PDF)" in edit.content
    listing = admin_client.get(reverse("wagtailadmin_explore", args=[articles_index.id]))
    assert pdf_url.encode() in listing.content
    # not on other page types
    index_edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[articles_index.id]))
    assert b"Handout (PDF)" not in index_edit.content


def test_options_view_offers_each_location(admin_client, article):
    response = admin_client.get(reverse("handouts_admin_options", args=[article.id]))
    assert response.status_code == 200
    assert b'value="waco"' in response.content and b'value="hamilton"' in response.content
    assert b'name="size" value="large"' in response.content


def test_password_restricted_article_refuses_the_handout_like_the_page(
    client, article, fake_render
):
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    page_response = client.get(article.url)
    handout_response = client.get(handout_url(article))
    assert page_response.status_code == handout_response.status_code == 200
    assert b"password" in handout_response.content.lower()
    assert handout_response["Content-Type"].startswith("text/html")
    assert fake_render.count == 0
    # after the password, both are served — the handout as a private PDF
    form_url = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, article.id])
    client.post(form_url, {"password": "s3cret", "return_url": handout_url(article)})
    response = client.get(handout_url(article))
    assert response["Content-Type"] == "application/pdf"
    assert "private" in response["Cache-Control"]


def test_login_restricted_article_redirects_to_login_like_the_page(client, article, fake_render):
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    page_response = client.get(article.url)
    handout_response = client.get(handout_url(article))
    assert page_response.status_code == handout_response.status_code == 302
    assert "login" in handout_response["Location"]
    assert fake_render.count == 0


def test_handout_preview_mode_renders_the_unsaved_form_as_pdf(admin_client, article, fake_render):
    assert ("handout", "Handout (PDF)") in article.preview_modes
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[article.id])
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    data = nested_form_data(
        {
            "title": "Sleep well: unsaved edit",
            "slug": article.slug,
            "summary": article.summary,
            "introduction": rich_text("<p>Intro</p>"),
            "disclaimer_override": rich_text(""),
            "body": streamfield([]),
            "references": inline_formset([]),
            "related_links": inline_formset([]),
            "last_updated": "2025-03-04",
            "topics": "sleep",
        }
    )
    post = admin_client.post(url, data)
    assert post.status_code == 200 and post.json()["is_valid"], post.content[:500]
    response = admin_client.get(url + "?mode=handout")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Sleep well: unsaved edit" in fake_render.calls[-1]
    web = admin_client.get(url + "?mode=")
    assert web["Content-Type"].startswith("text/html")


def test_command_writes_one_handout_and_reuses_the_store(article, tmp_path, fake_render):
    out = tmp_path / "one.pdf"
    call_command(
        "handout", "sleep-well-guide", "-o", str(out), "--location", "waco", stdout=io.StringIO()
    )
    assert out.read_bytes().startswith(b"%PDF")
    call_command(
        "handout", str(article.id), "-o", str(out), "--location", "waco", stdout=io.StringIO()
    )
    assert fake_render.count == 1  # the second run came from the store


def test_command_all_with_progress_bar(article, tmp_path, fake_render):
    from articles.models import ArticlePage

    stderr = io.StringIO()
    call_command(
        "handout",
        "--all",
        "--out",
        str(tmp_path),
        "--large-print",
        stdout=io.StringIO(),
        stderr=stderr,
    )
    live = ArticlePage.objects.live().count()
    assert len(list(tmp_path.glob("*-large-print.pdf"))) == live
    assert "Handouts" in stderr.getvalue() and f"{live}/{live}" in stderr.getvalue()


def test_command_errors(article):
    with pytest.raises(CommandError, match="No live article"):
        call_command("handout", "no-such-article")
    with pytest.raises(CommandError, match="No live location"):
        call_command("handout", "sleep-well-guide", "--location", "atlantis")
    with pytest.raises(CommandError, match="--out"):
        call_command("handout", "--all")


def test_warm_request_does_few_queries(client, article, fake_render, django_assert_max_num_queries):
    client.get(handout_url(article))
    assert StoredHandout.objects.count() == 1
    with django_assert_max_num_queries(13):
        response = client.get(handout_url(article))
    assert response.status_code == 200 and fake_render.count == 1


def test_long_body_builder_has_no_images_unless_asked():
    assert all(kind != "image" for kind, _ in long_body())


def test_an_autosave_that_changed_nothing_prints_as_the_live_article(
    admin_client, client, article, fake_render
):
    """Wagtail 8 autosaves an editor whose widgets were still loading as a new revision: the same
    article, its rich text re-keyed by Draftail. Staff must get the live handout, not a "Draft"."""
    public = client.get(article.url + "handout/")
    assert public.status_code == 200 and fake_render.count == 1
    keyed = article.introduction.replace("<p>", '<p data-block-key="x7k2p">')
    assert keyed != article.introduction
    article.introduction = keyed
    autosaved = article.save_revision()
    article.refresh_from_db()
    assert article.latest_revision_id == autosaved.id != article.live_revision_id

    response = admin_client.get(reverse("handouts_admin_pdf", args=[article.id]))
    assert response.status_code == 200
    assert fake_render.count == 1  # the stored live handout, not a new "draft" render
    assert response.content == public.content

    # a real edit still prints as the draft it is
    article.introduction = "<p>Rewritten opening for the draft.</p>"
    article.save_revision()
    admin_client.get(reverse("handouts_admin_pdf", args=[article.id]))
    assert fake_render.count == 2
    assert "Rewritten opening for the draft." in fake_render.calls[-1]
    assert "Draft — not yet published" in fake_render.calls[-1]
