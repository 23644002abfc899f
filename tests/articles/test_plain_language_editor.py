"""The editor's plain-language endpoint and panel, the checklist's items (each pass and fail), the
stored score and the listing column."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from articles.plain_language.analyse import analyse_parts
from articles.plain_language.checklist import FAIL, PASS, PERSON, checklist
from articles.plain_language.text import Part
from tests.factories import ArticlePageFactory, heading, paragraph

pytestmark = pytest.mark.django_db


def form_post(summary, introduction, blocks, language="en"):
    data = nested_form_data(
        {
            "title": "Draft",
            "summary": summary,
            "introduction": rich_text(introduction),
            "body": streamfield(blocks),
        }
    )
    data["plain_language"] = language
    return data


def test_the_endpoint_analyses_the_form_as_it_stands(admin_client):
    data = form_post(
        "Rest your leg. Call us if it hurts.",
        "<p>Cramps are common.</p>",
        [
            ("heading", {"text": "What to do", "level": "h2"}),
            ("paragraph", rich_text("<p>Utilize a warm towel for <b>hypertension</b>.</p>")),
        ],
    )
    response = admin_client.post(reverse("plain_language_form"), data)
    assert response.status_code == 200
    result = response.json()
    findings = [f for part in result["parts"] for f in part["findings"]]
    assert {(f["kind"], f["words"], tuple(f["alternatives"])) for f in findings} == {
        ("word", "Utilize", ("use",)),
        ("word", "hypertension", ("high blood pressure",)),
    }
    for part in result["parts"]:
        for finding in part["findings"]:
            assert part["text"][finding["start"] : finding["end"]] == finding["words"]
    assert result["parts"][0]["label"] == "Paragraph 1"
    assert isinstance(result["checklist"]["score"], int)
    assert result["level"]["language"] == "en"


def test_the_endpoint_uses_spanish_rules_for_spanish(admin_client):
    data = form_post(
        "Descanse la pierna.", "", [("paragraph", rich_text("<p>Evite la hipertensión.</p>"))], "es"
    )
    result = admin_client.post(reverse("plain_language_form"), data).json()
    words = [f["words"] for part in result["parts"] for f in part["findings"]]
    assert words == ["hipertensión"]
    assert result["level"]["language"] == "es"


def test_the_segment_endpoint_checks_one_text(admin_client):
    response = admin_client.post(
        reverse("plain_language_segment"), {"text": "Tome el fármaco. 😀", "plain_language": "es"}
    )
    assert response.status_code == 200
    result = response.json()
    assert result["count"] == 1
    assert result["parts"][0]["findings"][0]["alternatives"] == ["medicina"]
    assert "checklist" not in result


@pytest.mark.parametrize(
    "data",
    [
        {"plain_language": "fr"},
        {"plain_language": "en", "body-count": "many"},
        {"plain_language": "en", "introduction": "{not json"},
    ],
)
def test_bad_posts_get_a_400_with_a_message(admin_client, data):
    response = admin_client.post(reverse("plain_language_form"), data)
    assert response.status_code == 400
    assert response.json()["error"]


def test_an_empty_form_is_nothing_to_check(admin_client):
    result = admin_client.post(reverse("plain_language_form"), form_post("", "", [])).json()
    assert result["count"] == 0 and result["parts"] == []


def test_only_staff_may_call_it_and_only_by_post(admin_client, django_user_model):
    from django.test import Client

    url = reverse("plain_language_form")
    assert Client().post(url, {"plain_language": "en"}).status_code == 302  # to the login
    patient = django_user_model.objects.create_user("patient", password="pw-123-456")
    visitor = Client()
    visitor.force_login(patient)
    assert visitor.post(url, {"plain_language": "en"}).status_code in (302, 403)
    assert admin_client.get(url).status_code == 405


def test_the_editor_shows_the_panel_and_loads_the_script(admin_client, articles_index):
    article = ArticlePageFactory(
        parent=articles_index, title="Panel", body=[paragraph("<p>Drink water.</p>")]
    )
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    html = response.content.decode()
    assert 'data-plain-language data-url="/admin/plain-language/form/"' in html
    assert 'data-language="en"' in html
    assert "articles/admin/plain_language.js" in html


# --- the checklist: each computed item, pass and fail ----------------------------------------


def items_of(parts, language="en"):
    return {item.key: item.status for item in checklist(analyse_parts(parts, language)).items}


GOOD = [
    Part("summary", "summary", "Key points", "Leg cramps are common at night. Most go away fast."),
    Part("h1", "heading", "Heading 1", "What to do"),
    Part(
        "p1", "paragraph", "Paragraph 1", "Stretch your leg before bed. Drink water during the day."
    ),
    Part("l1", "numbered_list", "Numbered list 1", "Stand up.\nPull your toes up.\nWalk a little."),
    Part("h2", "heading", "Heading 2", "When to call"),
    Part("p2", "paragraph", "Paragraph 2", "Call us if the cramps keep you awake."),
]


def test_a_plain_article_passes_every_computed_item():
    statuses = items_of(GOOD)
    computed = {key: status for key, status in statuses.items() if status != PERSON}
    assert set(computed.values()) == {PASS}
    assert set(computed) == {
        "key_points", "main_message_first", "headings", "lists_for_steps", "patient_action",
        "sentence_length", "reading_level", "everyday_words", "active_voice", "numbers_clear",
        "abbreviations_defined", "page_language",
    }  # fmt: skip
    assert statuses["visual_supports"] == PERSON and statuses["risk_explained"] == PERSON
    assert checklist(analyse_parts(GOOD, "en")).score == 100


def replace(parts, key, text):
    return [Part(p.key, p.kind, p.label, text) if p.key == key else p for p in parts]


@pytest.mark.parametrize(
    ("item", "parts"),
    [
        ("key_points", replace(GOOD, "summary", "")),
        (
            "main_message_first",
            replace(
                GOOD, "summary", "Nocturnal leg cramps are a frequent complaint. Most go fast."
            ),
        ),
        (
            "headings",
            [p for p in GOOD if p.kind != "heading"]
            + [Part("p3", "paragraph", "P3", "Rest and stretch your leg. " * 60)],
        ),
        (
            "lists_for_steps",
            [p for p in GOOD if p.kind != "numbered_list"]
            + [Part("p4", "paragraph", "P4", "First stand up. Then pull your toes. Next walk.")],
        ),
        (
            "patient_action",
            [p for p in GOOD if p.key not in ("p1", "p2", "l1")]
            + [
                Part(
                    "p5",
                    "paragraph",
                    "P5",
                    "Cramps are common. They pass quickly. They are not serious.",
                )
            ],
        ),
        (
            "sentence_length",
            GOOD[:1]
            + [
                Part(
                    "p1",
                    "paragraph",
                    "P1",
                    "Stretch your leg before bed and drink a glass of water and then walk around "
                    "the room for a few minutes so the muscle can relax and the pain can fade. "
                    * 2,
                )
            ],
        ),
        (
            "reading_level",
            GOOD[:1]
            + [
                Part(
                    "p1",
                    "paragraph",
                    "P1",
                    "Pharmacological interventions targeting neuromuscular hyperexcitability "
                    "demonstrate inconsistent efficacy. " * 3,
                )
            ],
        ),
        ("everyday_words", replace(GOOD, "p1", "Utilize the medication. Consult your physician.")),
        ("active_voice", replace(GOOD, "p1", "Your leg is stretched. Water is given.")),
        ("numbers_clear", replace(GOOD, "p1", "About 30% of adults get them.")),
        ("abbreviations_defined", replace(GOOD, "p1", "Your BMI matters. Walk daily.")),
        (
            "page_language",
            replace(
                GOOD, "p2", "Llame a la clínica si los calambres no le dejan dormir por la noche."
            ),
        ),
    ],
)
def test_each_item_fails_on_text_that_breaks_it(item, parts):
    statuses = items_of(parts)
    assert statuses[item] == FAIL
    assert checklist(analyse_parts(parts, "en")).score < 100


def test_spanish_items_use_spanish_limits():
    parts = [
        Part(
            "summary",
            "summary",
            "Puntos clave",
            "Los calambres son comunes de noche. Pasan rápido.",
        ),
        Part(
            "p1",
            "paragraph",
            "Párrafo 1",
            "Estire la pierna antes de dormir. Beba agua durante el día.",
        ),
        Part(
            "l1",
            "numbered_list",
            "Lista 1",
            "Póngase de pie.\nJale los dedos del pie.\nCamine un poco.",
        ),
    ]
    statuses = items_of(parts, "es")
    assert statuses["patient_action"] == PASS
    assert statuses["reading_level"] == PASS
    assert statuses["everyday_words"] == PASS
    failing = replace(parts, "p1", "Utilice el fármaco para la hipertensión.")
    assert items_of(failing, "es")["everyday_words"] == FAIL


def test_not_enough_text_leaves_items_to_a_person_instead_of_guessing():
    statuses = items_of([Part("summary", "summary", "Key points", "Rest.")])
    assert statuses["reading_level"] == PERSON
    assert statuses["sentence_length"] == PERSON


# --- stored score and the listing -------------------------------------------------------------


def test_the_score_is_stored_on_save_and_sorts_the_listing(admin_client, articles_index):
    plain = ArticlePageFactory(
        parent=articles_index,
        title="Plain one",
        summary="Leg cramps are common at night. Most go away fast.",
        body=[heading("What to do"), paragraph("<p>Stretch your leg. Call us if it hurts.</p>")],
    )
    hard = ArticlePageFactory(
        parent=articles_index,
        title="Hard one",
        summary="Nocturnal leg cramps necessitate utilization of medication.",
        body=[paragraph("<p>Utilize 30% of the medication. Your BMI is measured.</p>")],
    )
    assert plain.plain_score is not None and hard.plain_score is not None
    assert plain.plain_score > hard.plain_score
    response = admin_client.get(reverse("article_listing:index") + "?ordering=plain_score")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Hard one") < html.index("Plain one")


# --- summaries for the reviewer and the visit-packet builder ----------------------------------


def test_the_reviewer_sees_level_and_checklist_in_the_review_tab(admin_client, articles_index):
    article = ArticlePageFactory(
        parent=articles_index,
        title="Reviewed",
        summary="Nocturnal cramps necessitate attention.",
        body=[paragraph("<p>Utilize 30% of the medication.</p>")],
    )
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    assert "data-plain-language-review" in html
    assert f"Checklist score: {article.plain_score} / 100" in html
    assert 'data-item="numbers_clear" data-status="fail"' in html
    assert 'data-item="visual_supports" data-status="person"' in html


def test_reading_level_filter_for_the_packet_builder(articles_index):
    from django.template import Context, Template

    from articles.models import ArticlePage

    english = ArticlePageFactory(
        parent=articles_index, title="Level", body=[paragraph("<p>Drink water. " * 8 + "</p>")]
    )
    rendered = Template("{% load plain_language %}{{ a|reading_level }}").render(
        Context({"a": english})
    )
    assert rendered == f"Grade {english.reading_grade:.1f}"
    spanish = ArticlePage(reading_grade=None, reading_ease_es=68.4)
    rendered = Template("{% load plain_language %}{{ a|reading_level }}").render(
        Context({"a": spanish})
    )
    assert rendered == "INFLESZ 68 (fairly easy)"
    assert (
        Template("{% load plain_language %}{{ a|reading_level }}").render(
            Context({"a": ArticlePage()})
        )
        == ""
    )


# --- the demo ---------------------------------------------------------------------------------


def test_the_demo_keeps_a_draft_with_deliberate_findings_and_loading_again_changes_nothing():
    from articles.demo.loader import (
        PLAIN_LANGUAGE_DEMO_BLOCK_ID,
        PLAIN_LANGUAGE_DEMO_SLUG,
        ensure_plain_language_draft,
    )
    from articles.models import ArticlePage
    from articles.plain_language.analyse import analyse_page

    article = ArticlePage.objects.get(slug=PLAIN_LANGUAGE_DEMO_SLUG, locale__language_code="en")
    assert article.has_unpublished_changes
    assert PLAIN_LANGUAGE_DEMO_BLOCK_ID not in [
        block.id for block in article.body
    ]  # live: unchanged
    draft = article.get_latest_revision_as_object()
    analysis = analyse_page(draft)
    demo = next(p for p in analysis.parts if p.part.key == PLAIN_LANGUAGE_DEMO_BLOCK_ID)
    found = {(f.kind, f.words) for f in demo.findings}
    assert {
        ("word", "utilize"),
        ("word", "in order to"),
        ("passive", "are experienced"),
        ("number", "35%"),
        ("number", "7-9"),
    } <= found
    assert any(kind == "very_hard_sentence" for kind, _ in found)
    revisions = article.revisions.count()
    assert ensure_plain_language_draft(article.get_parent()) is False
    assert article.revisions.count() == revisions


def test_the_command_fills_scores_of_articles_saved_before_the_feature():
    from django.core.management import call_command

    from articles.models import ArticlePage

    expected = dict(ArticlePage.objects.values_list("pk", "plain_score"))
    assert all(score is not None for score in expected.values())
    ArticlePage.objects.update(plain_score=None)
    call_command("plain_language_scores", verbosity=0)
    assert dict(ArticlePage.objects.values_list("pk", "plain_score")) == expected


def test_the_panel_is_on_the_new_article_form_too(admin_client, articles_index):
    url = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", articles_index.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert 'data-language="en"' in response.content.decode()
