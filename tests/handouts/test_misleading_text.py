"""What prints is what was seen (issue 19): a packet note, a patient's name, a care collection
and an article that hold an invisible character reordering their text are refused with a message;
right-to-left scripts and emoji still print."""

from __future__ import annotations

import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from handouts.models import CareCollection, PrintCount

pytestmark = pytest.mark.django_db

URL = "/admin/packets/"
OVERRIDE_NOTE = "Magnesium \u202eylliad ecno\u202c at bedtime."


def post(client, **fields):
    from articles.models import ArticlePage

    page = ArticlePage.objects.get(slug="leg-cramps")
    data = {"language": "en", "location": "", "articles": [str(page.id)], **fields}
    return client.post(URL, data)


def test_a_note_with_a_right_to_left_override_is_refused_and_kept_for_editing(
    admin_client, fake_render
):
    response = post(admin_client, note=OVERRIDE_NOTE)
    assert response.status_code == 400
    html = response.content.decode()
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in html
    assert "after “…Magnesium”" in html
    assert OVERRIDE_NOTE in html  # still in the textarea, for staff to fix
    assert fake_render.count == 0 and not PrintCount.objects.exists()


@pytest.mark.parametrize("char", ["\u2067", "\u200f", "\u061c"])
def test_a_name_with_a_direction_control_is_refused(admin_client, fake_render, char):
    response = post(admin_client, patient_name=f"Ana{char}Lu")
    assert response.status_code == 400
    assert f"U+{ord(char):04X}" in response.content.decode()
    assert fake_render.count == 0


def pdftotext(pdf: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return result.stdout.decode()


def test_a_real_packet_never_prints_the_reordered_note_and_prints_other_scripts(admin_client):
    refused = post(admin_client, note=OVERRIDE_NOTE, patient_name="Ana")
    assert refused.status_code == 400 and refused["Content-Type"].startswith("text/html")
    note = "Take 1-2 tablets once daily.\nשלום\nمرحبا\n😴"
    response = post(admin_client, note=note, patient_name="Ana")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdftotext(response.content)
    assert "Take 1-2 tablets once daily." in text
    assert "once dailly" not in text and "ylliad" not in text
    for word in ("שלום", "مرحبا"):  # read back in either direction, but whole
        assert word in text or word[::-1] in text


def test_a_care_collection_with_an_override_is_refused():
    collection = CareCollection(name="Sleep", default_note="Take \u202e2-1\u202c tablets.")
    with pytest.raises(ValidationError) as raised:
        collection.full_clean()
    assert "U+202E" in raised.value.message_dict["default_note"][0]
    CareCollection(name="نوم 😴", default_note="Take 1-2 tablets. שלום").full_clean()


def test_the_command_refuses_it_too(tmp_path):
    with pytest.raises(CommandError, match="U\\+202E"):
        call_command(
            "handout", "leg-cramps", "--note", OVERRIDE_NOTE, "-o", str(tmp_path / "p.pdf")
        )


def test_an_article_with_an_override_is_not_saved_nor_printed(articles_index):
    from handouts.isolation import RenderFailed, refuse_over_limits
    from tests.factories import ArticlePageFactory, paragraph, simple_body

    page = ArticlePageFactory(parent=articles_index, title="Direction test article")
    page.body = [*simple_body(), paragraph("<p>Take 1&#x200F;-2 tablets.</p>")]
    with pytest.raises(ValidationError) as raised:
        page.full_clean()
    (message,) = raised.value.message_dict["body"]
    assert "in block 7 (paragraph)" in message and "U+200F RIGHT-TO-LEFT MARK" in message
    with pytest.raises(RenderFailed, match="U\\+200F"):
        refuse_over_limits(page)

    page.body = simple_body()
    page.title = "Sleep \u202ewell"
    with pytest.raises(ValidationError) as raised:
        page.full_clean()
    assert "U+202E" in raised.value.message_dict["title"][0]

    page.title = "النوم שינה 😴 👩‍⚕️"
    page.full_clean()  # right-to-left scripts and emoji are fine
