"""Admin screens say what happened (issue 20): workflow messages reworded through Wagtail's
after_edit_page / after_create_page hooks, and the titled "Handout options" page with a way back."""

from __future__ import annotations

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.test import RequestFactory

from clinic.workflow_messages import reword

pytestmark = pytest.mark.django_db


def _request(post=None):
    request = RequestFactory().post("/admin/pages/1/edit/", post or {})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _said(request, page, text):
    messages.success(request, text)
    reword(request, page)
    return [str(m.message) for m in request._messages._queued_messages][-1]


def test_approving_a_page_that_is_now_published_says_so(admin_user):
    from articles.models import ArticlePage

    page = ArticlePage.objects.get(slug="leg-cramps", locale__language_code="en")
    request = _request({"action-workflow-action": "true", "workflow-action-name": "approve"})
    said = _said(request, page, f"Page '{page.title}' has been updated.")
    assert said == f"Page '{page.title}' has been approved and published."


def test_sending_back_says_so():
    from articles.models import ArticlePage

    page = ArticlePage.objects.get(slug="leg-cramps", locale__language_code="en")
    request = _request({"action-workflow-action": "true", "workflow-action-name": "reject"})
    said = _said(request, page, f"Page '{page.title}' has been updated.")
    assert said.endswith("has been sent back for changes.")


def test_the_first_save_of_a_new_page_says_created(articles_index):
    from tests.factories import ArticlePageFactory

    page = ArticlePageFactory(parent=articles_index, title="Brand new", publish=False)
    said = _said(_request({"action-save": "true"}), page, "Page 'Brand new' has been updated.")
    assert said == "Page 'Brand new' has been created (saved as a draft)."


def test_a_later_save_still_says_updated(articles_index):
    from tests.factories import ArticlePageFactory

    page = ArticlePageFactory(parent=articles_index, title="Edited twice", publish=False)
    page.save_revision()
    said = _said(_request(), page, "Page 'Edited twice' has been updated.")
    assert said == "Page 'Edited twice' has been updated."


def test_submitting_names_the_review(admin_user):
    from articles.models import ArticlePage

    page = ArticlePage.objects.get(slug="leg-cramps", locale__language_code="en")
    page.save_revision(user=admin_user)
    page.get_workflow().start(page, admin_user)
    said = _said(_request(), page, f"Page '{page.title}' has been submitted for moderation.")
    assert "has been submitted for medical review" in said


def test_the_handout_options_page_has_a_title_and_a_way_back(admin_client):
    from bs4 import BeautifulSoup

    from articles.models import ArticlePage

    page = ArticlePage.objects.get(slug="leg-cramps", locale__language_code="en")
    response = admin_client.get(f"/admin/handouts/{page.id}/options/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    h1 = soup.find("h1")
    assert h1 is not None and "Handout options" in h1.get_text(" ", strip=True)
    assert soup.find("a", href=f"/admin/pages/{page.id}/edit/") is not None


def test_the_handout_is_labelled_in_the_editors_action_menu(admin_client):
    from bs4 import BeautifulSoup

    from articles.models import ArticlePage

    page = ArticlePage.objects.get(slug="leg-cramps", locale__language_code="en")
    soup = BeautifulSoup(admin_client.get(f"/admin/pages/{page.id}/edit/").content, "html.parser")
    links = {
        a.get_text(" ", strip=True): a["href"] for a in soup.select("footer a.button, a.button")
    }
    assert links.get("Print the handout (PDF)") == f"/admin/handouts/{page.id}/"
    assert links.get("Handout options") == f"/admin/handouts/{page.id}/options/"
