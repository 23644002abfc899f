"""The editor keeps the work (issue 19): Django's upload limits are sized from the content limits
(clinic.editor_limits), so the largest article those allow saves through the admin's edit view;
anything bigger gets a message in the admin's style, never a bare "Bad Request (400)"."""

from __future__ import annotations

import uuid

import pytest
from django.conf import settings
from django.test import override_settings
from wagtail.test.utils.form_data import querydict_from_html, rich_text

from articles.blocks import LIST_ITEM_FEATURES
from articles.limits import limit
from articles.models import ArticlePage

pytestmark = pytest.mark.django_db


def stream_child(prefix: str, index: int, block_type: str, value: dict | str) -> dict:
    """What the editor posts for one StreamField child: type, id, order, deleted and its value."""
    data = {
        f"{prefix}-{index}-type": block_type,
        f"{prefix}-{index}-id": str(uuid.uuid4()),
        f"{prefix}-{index}-order": str(index),
        f"{prefix}-{index}-deleted": "",
    }
    if isinstance(value, dict):
        data.update({f"{prefix}-{index}-value-{key}": v for key, v in value.items()})
    else:
        data[f"{prefix}-{index}-value"] = value
    return data


def list_value(prefix: str, items: int) -> dict:
    value = {"items-count": str(items)}
    for n in range(items):
        value.update(
            {
                f"items-{n}-id": str(uuid.uuid4()),
                f"items-{n}-order": str(n),
                f"items-{n}-deleted": "",
                f"items-{n}-value-title": f"Point {n + 1}",
                f"items-{n}-value-text": rich_text(
                    f"<p>Drink a glass of water, point {n + 1}.</p>", features=LIST_ITEM_FEATURES
                ),
            }
        )
    return value


def largest_article_post(admin_client, page) -> dict:
    """The edit form as the editor posts it, for an article at every content limit that adds
    form fields: ARTICLE_MAX_BLOCKS blocks (callouts and lists), ARTICLE_MAX_LIST_ITEMS list
    items, ARTICLE_MAX_REFERENCES references, ten related articles."""
    html = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    data = querydict_from_html(html, form_id="page-edit-form").dict()
    data = {k: v for k, v in data.items() if not k.startswith(("body-", "references-"))}
    blocks = limit("ARTICLE_MAX_BLOCKS")
    items = limit("ARTICLE_MAX_LIST_ITEMS")
    lists = 20
    for index in range(blocks):
        if index < lists:
            per_list = items // lists
            value = list_value("body", per_list)
            data.update(stream_child("body", index, "bulleted_list", value))
        else:
            callout = {
                "kind": "tip",
                "title": f"Tip {index}",
                "text": rich_text(f"<p>Stretch your calves, tip {index}.</p>"),
            }
            data.update(stream_child("body", index, "callout", callout))
    data["body-count"] = str(blocks)
    references = limit("ARTICLE_MAX_REFERENCES")
    data.update(
        {
            "references-TOTAL_FORMS": str(references),
            "references-INITIAL_FORMS": "0",
            "references-MIN_NUM_FORMS": "0",
            "references-MAX_NUM_FORMS": str(references),
        }
    )
    for n in range(references):
        fields = ("authors", "year", "title", "source", "volume", "issue", "pages")
        data.update({f"references-{n}-{name}": f"{name} {n}" for name in fields})
        data.update({f"references-{n}-{name}": "" for name in ("doi", "pmid", "url", "raw")})
        data.update({f"references-{n}-id": "", f"references-{n}-ORDER": str(n)})
        data[f"references-{n}-DELETE"] = ""
    return data


def test_the_upload_limits_come_from_the_content_limits():
    from clinic import editor_limits

    assert (
        editor_limits.editor_fields(
            limit("ARTICLE_MAX_BLOCKS"),
            limit("ARTICLE_MAX_LIST_ITEMS"),
            limit("ARTICLE_MAX_REFERENCES"),
        )
        == settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    )
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS > 1000  # Django's default, too small


def test_a_300_block_article_with_lists_and_references_saves(admin_client, articles_index):
    from tests.factories import ArticlePageFactory

    page = ArticlePageFactory(parent=articles_index, title="The longest article")
    data = largest_article_post(admin_client, page)
    assert 1000 < len(data) <= settings.DATA_UPLOAD_MAX_NUMBER_FIELDS, len(data)
    print(
        f"largest article: {len(data):,} fields, {sum(len(k) + len(v) for k, v in data.items()):,} bytes"
    )
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert len(saved.body) == limit("ARTICLE_MAX_BLOCKS")
    assert sum(len(b.value["items"]) for b in saved.body if b.block_type == "bulleted_list") == (
        limit("ARTICLE_MAX_LIST_ITEMS")
    )
    assert len(saved.references.all()) == limit("ARTICLE_MAX_REFERENCES")


def test_one_list_item_too_many_is_a_message_in_the_editor(admin_client, articles_index):
    from tests.factories import ArticlePageFactory

    page = ArticlePageFactory(parent=articles_index, title="One item too many")
    data = largest_article_post(admin_client, page)
    n = int(data["body-0-value-items-count"])
    data.update(
        {
            "body-0-value-items-count": str(n + 1),
            f"body-0-value-items-{n}-id": str(uuid.uuid4()),
            f"body-0-value-items-{n}-order": str(n),
            f"body-0-value-items-{n}-deleted": "",
            f"body-0-value-items-{n}-value-title": "One more",
            f"body-0-value-items-{n}-value-text": rich_text("<p>More.</p>"),
        }
    )
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200  # the editor again, with the content posted
    assert "items in all; the limit is 600" in response.content.decode()


@pytest.mark.parametrize("too_big", ["fields", "bytes"])
@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=50, DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
def test_a_refused_admin_post_is_an_admin_styled_page(admin_client, articles_index, too_big):
    page = ArticlePage.objects.get(slug="leg-cramps")
    many = {f"field-{n}": "x" for n in range(60)}
    data = many if too_big == "fields" else {"title": "x" * 20_000}
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Not saved" in html and "wagtailadmin/css" in html
    assert "the limit is 50" in html if too_big == "fields" else "MB" in html
    assert f'href="/admin/pages/{page.pk}/edit/"' in html
    assert "Bad Request (400)" not in html


def test_a_too_big_public_post_is_still_a_plain_400(client):
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=5):
        response = client.post("/_util/login/", {f"f{n}": "x" for n in range(10)})
    assert response.status_code == 400
    assert "Not saved" not in response.content.decode()


def test_the_admin_pages_carry_the_check(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "clinic/js/admin-limits" in html
    assert f'data-max-fields="{settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}"' in html
