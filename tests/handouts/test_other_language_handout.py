""" "Print the other language's handout": an article whose translation is live and public offers
that translation's handout, labelled in its language ("Imprimir en español" / "Print in
English", with lang and hreflang), on the public page and as an admin button; never a draft, a
private translation or an alias on the public page. The PDF behind the link is in the other
language, also when the store or the fast path serves it."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page, PageViewRestriction

from articles.models import ArticlePage
from tests.factories import ENGLISH_SLUG, SPANISH_SLUG, HandoutArticleFactory, translate

from .pdfs import ReadPdf

pytestmark = pytest.mark.django_db


BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126 Safari/537.36"


def other_language_links(response):
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.select(".handout-links a[data-handout-language]")


def test_the_english_page_offers_the_spanish_handout_and_it_is_spanish(client, english, spanish):
    (link,) = other_language_links(client.get(english.url))
    assert link["href"] == f"/es/articulos/{SPANISH_SLUG}/handout/"
    assert link["lang"] == link["hreflang"] == "es"
    assert link.get_text(strip=True) == "Imprimir en español"
    response = client.get(link["href"], HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = ReadPdf(response.content)
    assert pdf.root["/Lang"] == "es"
    assert f"Página 1 de {len(pdf.pages)}" in pdf.pages[0]
    assert pdf.metadata.title == spanish.title
    assert "Page 1 of" not in pdf.text


def test_the_spanish_page_offers_the_english_handout_and_it_is_english(client, english, spanish):
    response = client.get(spanish.url)
    (link,) = other_language_links(response)
    assert link["href"] == f"/articles/{ENGLISH_SLUG}/handout/"
    assert link["lang"] == link["hreflang"] == "en"
    assert link.get_text(strip=True) == "Print in English"  # in English on the Spanish page
    assert "Imprimir hoja informativa" in response.content.decode()  # the page's own, Spanish
    pdf = ReadPdf(client.get(link["href"], HTTP_USER_AGENT=BROWSER).content)
    assert pdf.root["/Lang"] == "en"
    assert f"Page 1 of {len(pdf.pages)}" in pdf.pages[0]
    assert "Página" not in pdf.text


def test_store_and_fast_path_keep_each_language(client, english, spanish, monkeypatch):
    """Each handout twice: the second is served by the fast path (the Wagtail view is gone), and
    never as the other language's stored PDF."""
    from handouts import views

    english_url, spanish_url = english.url + "handout/", spanish.url + "handout/"
    first = {url: client.get(url).content for url in (spanish_url, english_url)}
    monkeypatch.setattr(views, "serve_public_handout", None)  # only the fast path can answer
    for url, language, frame in (
        (spanish_url, "es", "Página 1 de"),
        (english_url, "en", "Page 1 of"),
    ):
        again = client.get(url)
        assert again.status_code == 200
        assert again.content == first[url]
        pdf = ReadPdf(again.content)
        assert pdf.root["/Lang"] == language and frame in pdf.text
    assert first[spanish_url] != first[english_url]


def test_no_link_without_a_translation(client):
    untranslated = ArticlePage.objects.get(slug="leg-cramps", locale__language_code="en")
    assert not untranslated.get_translations().exists()
    assert other_language_links(client.get(untranslated.url)) == []


@pytest.fixture
def article(articles_index):
    return HandoutArticleFactory(parent=articles_index, slug="sleep-well-other-language")


def test_no_link_for_a_draft_translation(client, article):
    draft = translate(article, publish=False)
    assert not draft.live
    assert other_language_links(client.get(article.url)) == []


def test_no_link_for_a_private_translation(client, article):
    spanish = translate(article)
    assert len(other_language_links(client.get(article.url))) == 1  # live and public: offered
    PageViewRestriction.objects.create(page=spanish, restriction_type="login")
    assert other_language_links(client.get(article.url)) == []


def test_no_link_for_a_translation_under_a_private_section(client, article):
    spanish = translate(article)
    PageViewRestriction.objects.create(page=spanish.get_parent(), restriction_type="login")
    assert other_language_links(client.get(article.url)) == []


def test_no_link_for_an_unpublished_translation(client, article):
    spanish = translate(article)
    spanish.unpublish()
    assert other_language_links(client.get(article.url)) == []


def test_a_spanish_page_whose_english_source_is_private_offers_no_english_link(client, article):
    spanish = translate(article)
    PageViewRestriction.objects.create(page=article, restriction_type="login")
    assert other_language_links(client.get(spanish.url)) == []


def test_publishing_a_translation_purges_the_pages_that_link_to_it(english, spanish):
    """The English page shows the Spanish link: HTTP caches must forget it when the Spanish page
    is published or unpublished."""
    from clinic.http.purge import page_urls

    assert english.get_full_url() in page_urls(spanish)
    assert spanish.get_full_url() in page_urls(english)


# --- Admin ---------------------------------------------------------------------------------------


def admin_buttons(html):
    """{data-handout-button: <a>} of the other language's handout buttons (one page's)."""
    soup = BeautifulSoup(html, "html.parser")
    return {a["data-handout-button"]: a for a in soup.select("a[data-handout-button^='pdf-']")}


def test_admin_header_button_prints_the_spanish_staff_handout(admin_client, english, spanish):
    response = admin_client.get(f"/admin/pages/{english.id}/edit/")
    assert response.status_code == 200
    button = admin_buttons(response.content)["pdf-es"]
    assert button["href"] == f"/admin/handouts/{spanish.id}/"
    assert button["lang"] == button["hreflang"] == "es"
    assert button.get_text(" ", strip=True) == "Imprimir en español (PDF)"
    pdf = ReadPdf(admin_client.get(button["href"]).content)
    assert pdf.root["/Lang"] == "es" and "Página 1 de" in pdf.text


def listing_buttons(admin_client, parent):
    response = admin_client.get(f"/admin/pages/{parent.id}/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        (a["data-handout-button"], a["href"], a.get_text(" ", strip=True))
        for a in soup.select("a[data-handout-button^='pdf-']")
    }


def test_admin_listing_more_buttons_both_ways(admin_client, english, spanish):
    """(A Spanish page opens in wagtail-localize's translation editor, which shows no page
    header buttons: from the Spanish side the listing's "More" menu has it.)"""
    assert ("pdf-es", f"/admin/handouts/{spanish.id}/", "Imprimir en español (PDF)") in (
        listing_buttons(admin_client, english.get_parent())
    )
    assert ("pdf-en", f"/admin/handouts/{english.id}/", "Print in English (PDF)") in (
        listing_buttons(admin_client, spanish.get_parent())
    )


def test_admin_offers_a_draft_translation_as_the_handout_button_offers_a_draft(
    admin_client, article, fake_render
):
    """The staff "Handout (PDF)" button prints the latest revision, drafts included: so does the
    other language's button, and it says the translation is a draft."""
    draft = translate(article, publish=False)
    buttons = admin_buttons(admin_client.get(f"/admin/pages/{article.id}/edit/").content)
    assert buttons["pdf-es"]["href"] == f"/admin/handouts/{draft.id}/"
    assert buttons["pdf-es"].get_text(" ", strip=True) == "Imprimir en español (borrador, PDF)"
    assert admin_client.get(buttons["pdf-es"]["href"]).status_code == 200
    assert 'lang="es"' in fake_render.calls[-1]


def test_admin_no_button_without_a_translation_or_permission(
    client, admin_client, django_user_model, english
):
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    untranslated = ArticlePage.objects.get(slug="leg-cramps", locale__language_code="en")
    assert admin_buttons(admin_client.get(f"/admin/pages/{untranslated.id}/edit/").content) == {}
    # An editor of the English section only: no button for the Spanish page they cannot edit.
    group = Group.objects.create(name="English editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group,
        page=Page.objects.get(id=english.get_parent().id),
        permission=Permission.objects.get(codename="change_page"),
    )
    user = django_user_model.objects.create_user("en-editor", password="pw")
    user.groups.add(group)
    client.force_login(user)
    response = client.get(f"/admin/pages/{english.id}/edit/")
    assert response.status_code == 200
    assert re.search(r'data-handout-button="pdf"', response.content.decode())
    assert admin_buttons(response.content) == {}
