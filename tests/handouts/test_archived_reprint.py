"""Issue 18: staff reprint the handout of a past approved version, marked archived, without a QR
code or link to the live page; every handout's footer carries its version and review date."""

import pytest
from django.urls import reverse

from articles.models import ReviewRecord
from tests.articles.review_helpers import link, make_user, submit, workflow_action_url
from tests.factories import ArticlePageFactory
from tests.handouts.pdfs import ReadPdf

pytestmark = pytest.mark.django_db


def link_uris(pdf: ReadPdf) -> list[str]:
    uris = []
    for page in pdf.reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and action.get("/URI"):
                uris.append(str(action["/URI"]))
    return uris


@pytest.fixture
def reviewed_twice(client, articles_index, django_user_model):
    """An article approved once ("First words"), then changed and approved again."""
    reviewer = make_user(django_user_model, "rev-print", "Medical reviewers")
    link(reviewer)
    page = ArticlePageFactory(parent=articles_index, title="Archived reprint check", publish=False)
    draft = page.get_latest_revision_as_object()
    draft.summary = "First words patients read."
    draft.save_revision()
    client.force_login(reviewer)
    client.post(workflow_action_url(page, "approve", submit(page, reviewer)))
    page.refresh_from_db()
    first = page.live_revision
    later = page.get_latest_revision_as_object()
    later.summary = "Second words, after a change."
    later.save_revision()
    client.post(workflow_action_url(page, "approve", submit(page, reviewer)))
    page.refresh_from_db()
    assert page.live_revision_id != first.pk
    return page, first


def test_the_archived_reprint_prints_the_old_words_marked_archived(admin_client, reviewed_twice):
    page, first = reviewed_twice
    response = admin_client.get(reverse("handouts_archived_pdf", args=[page.pk, first.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    pdf = ReadPdf(response.content)
    assert "First words patients read." in pdf.text
    assert "Second words" not in pdf.text
    assert "Archived version, as published on" in pdf.text
    # No QR code and no link to the live page, which says something else now.
    assert not any("QR" in alt for alt in pdf.figure_alts())
    assert page.get_full_url() not in " ".join(link_uris(pdf))
    assert "Read it again online" not in pdf.text
    # The footer traces it to the reviewed version.
    assert f"Version v{first.pk}" in pdf.text
    assert "Medically reviewed by Dana Whitfield, FNP-C" in pdf.text


def test_the_live_handout_footer_carries_version_and_review_date(client, reviewed_twice):
    page, _first = reviewed_twice
    client.logout()
    response = client.get(page.url + "handout/")
    pdf = ReadPdf(response.content)
    assert f"Version v{page.live_revision_id}, reviewed" in pdf.text
    # On every page (a running footer).
    assert all(f"v{page.live_revision_id}" in text for text in pdf.pages)
    # The live handout has the QR code the archived one leaves out.
    assert any("QR" in alt for alt in pdf.figure_alts())


def test_only_approved_versions_are_reprinted(admin_client, reviewed_twice):
    page, _first = reviewed_twice
    unapproved = page.get_latest_revision_as_object().save_revision()
    assert not ReviewRecord.objects.filter(revision=unapproved).exists()
    url = reverse("handouts_archived_pdf", args=[page.pk, unapproved.pk])
    assert admin_client.get(url).status_code == 404
    other = ArticlePageFactory(parent=page.get_parent(), title="Another article")
    url = reverse("handouts_archived_pdf", args=[other.pk, page.live_revision_id])
    assert admin_client.get(url).status_code == 404  # a revision of another page


def test_the_archived_reprint_is_refused_to_staff_who_cannot_edit(
    client, reviewed_twice, django_user_model
):
    from django.contrib.auth.models import Permission

    page, first = reviewed_twice
    viewer = django_user_model.objects.create_user("viewer-print", password="pw")
    viewer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(viewer)
    response = client.get(reverse("handouts_archived_pdf", args=[page.pk, first.pk]))
    assert response.status_code in (302, 403)  # Wagtail redirects a permission refusal


def test_the_history_offers_the_archived_reprint(admin_client, reviewed_twice):
    page, first = reviewed_twice
    html = admin_client.get(reverse("medical_review_history", args=[page.pk])).content.decode()
    assert reverse("handouts_archived_pdf", args=[page.pk, first.pk]) in html
