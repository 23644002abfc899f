"""The visit packet builder: permission, bad input (a message, nothing printed or counted),
never storing a packet with patient data, and the response headers. WeasyPrint is faked here;
test_packet_pdf.py reads real packets back."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from wagtail.models import GroupPagePermission

from handouts.models import PrintCount, StoredHandout
from tests.factories import HandoutArticleFactory

pytestmark = pytest.mark.django_db

SLUGS = ["leg-cramps", "waking-between-2-and-4-am", "muscle-soreness-after-exercise"]
URL = "/admin/packets/"


@pytest.fixture
def demo_articles():
    from articles.models import ArticlePage

    return [ArticlePage.objects.get(slug=slug) for slug in SLUGS]


def post(client, articles, **fields):
    data = {"language": "en", "location": "", **fields}
    data["articles"] = [str(getattr(a, "id", a)) for a in articles]
    return client.post(URL, data)


def test_route_name():
    assert reverse("handouts_packet_builder") == URL


def test_builder_page_and_the_menu_item(admin_client, demo_articles):
    response = admin_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-find-article" in html and 'data-topic="sleep"' in html  # search and topic chips
    assert "no-store" in response["Cache-Control"]
    assert "Visit packet" in admin_client.get("/admin/").content.decode()  # the menu item


def test_prints_one_pdf_of_the_articles_in_order(admin_client, demo_articles, fake_render):
    chosen = [demo_articles[2], demo_articles[0]]
    response = post(admin_client, chosen, note="Stretch.\nDrink water.", patient_name="Ana")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="visit-packet.pdf"'
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert fake_render.count == 1
    html = fake_render.calls[0]
    assert html.index(chosen[0].title) < html.index(chosen[1].title)
    assert "Prepared for Ana" in html and "Stretch.<br>Drink water." in html
    counts = dict(PrintCount.objects.values_list("article_id", "count"))
    assert counts == {chosen[0].id: 1, chosen[1].id: 1}
    assert set(PrintCount.objects.values_list("channel", flat=True)) == {"packet"}


def test_a_packet_with_a_note_or_name_is_never_stored_or_served_from_the_store(
    admin_client, demo_articles, fake_render
):
    before = StoredHandout.objects.count()
    for _ in range(2):
        assert post(admin_client, demo_articles, note="Call us in 2 weeks.").status_code == 200
    for _ in range(2):
        assert post(admin_client, demo_articles, patient_name="Ana").status_code == 200
    assert fake_render.count == 4  # rendered every time
    assert StoredHandout.objects.count() == before
    # Without either, the same articles are stored once and reused.
    first = post(admin_client, demo_articles)
    second = post(admin_client, demo_articles)
    assert fake_render.count == 5
    assert first.content == second.content
    assert StoredHandout.objects.filter(key__startswith="packet:").count() == 1


def test_one_article_without_cover_is_the_ordinary_handout(
    admin_client, demo_articles, fake_render
):
    response = post(admin_client, demo_articles[:1])
    assert response["Content-Disposition"] == 'inline; filename="leg-cramps.pdf"'
    assert 'class="cover"' not in fake_render.calls[0]
    assert StoredHandout.objects.filter(page=demo_articles[0], variant="std").exists()


def test_csrf_is_required(admin_user, demo_articles, fake_render):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    assert post(client, demo_articles).status_code == 403
    assert fake_render.count == 0


def _assert_refused(response, message, fake_render):
    assert response.status_code == 400
    assert message in response.content.decode()
    assert fake_render.count == 0
    assert not PrintCount.objects.exists()


def test_bad_input_gets_a_message_and_prints_nothing(
    admin_client, articles_index, demo_articles, fake_render
):
    draft = HandoutArticleFactory(
        parent=articles_index, slug="a-draft", title="Draft only", publish=False
    )
    cases = [
        ([], {}, "Choose at least one article."),
        (["999999"], {}, "There is no article"),
        (["not-an-article"], {}, "There is no article"),
        ([draft], {}, "“Draft only” is not published"),
        (["1" * 40], {}, "There is no article"),
        (demo_articles, {"note": "x" * 2001}, "the limit is 2000"),
        (demo_articles, {"location": "atlantis"}, "There is no clinic location"),
        (demo_articles, {"language": "xx"}, "Select a valid choice"),
        (demo_articles, {"patient_name": "A" * 61}, "at most 60 characters"),
    ]
    for articles, fields, message in cases:
        _assert_refused(post(admin_client, articles, **fields), message, fake_render)


def test_more_than_ten_articles_is_refused(admin_client, articles_index, fake_render):
    pages = [
        HandoutArticleFactory(parent=articles_index, slug=f"extra-{n}", title=f"Extra {n}")
        for n in range(11)
    ]
    _assert_refused(post(admin_client, pages), "at most 10 articles; 11 were chosen", fake_render)


def test_the_note_field_keeps_the_typed_text_after_an_error(admin_client, fake_render):
    response = post(admin_client, [], note="Keep this\ntext")
    assert "Keep this\ntext</textarea>" in response.content.decode()


def test_user_without_permission_is_refused(django_user_model, demo_articles, fake_render):
    user = django_user_model.objects.create_user("reader", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(user)
    response = post(client, demo_articles)
    assert response.status_code == 302  # Wagtail: back to the dashboard with a message
    assert fake_render.count == 0 and not PrintCount.objects.exists()
    assert "Visit packet" not in client.get("/admin/").content.decode()
    # A page editor, or someone given "Can print visit packets", may print.
    group = Group.objects.create(name="Front desk")
    group.permissions.add(Permission.objects.get(codename="print_packets"))
    user.groups.add(group)
    user = django_user_model.objects.get(pk=user.pk)
    client.force_login(user)
    assert post(client, demo_articles).status_code == 200


def test_editors_may_print(django_user_model, articles_index, demo_articles, fake_render):
    group = Group.objects.create(name="Writers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=articles_index, permission=Permission.objects.get(codename="change_page")
    )
    user = django_user_model.objects.create_user("writer", password="pw")
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    assert post(client, demo_articles).status_code == 200


def test_a_failed_render_is_a_message_not_a_500(admin_client, demo_articles, caplog):
    from unittest import mock

    def broken(html, base_url, *, fetcher=None):
        raise RuntimeError(f"layout failed near {html[-200:]}")

    with mock.patch("handouts.render.html_to_pdf", broken):
        response = post(admin_client, demo_articles, note="MARKER-xyz-note")
    assert response.status_code == 503
    assert "could not be printed" in response.content.decode()
    assert "MARKER-xyz-note" not in caplog.text
    assert "RuntimeError" in caplog.text
    assert not PrintCount.objects.exists()
