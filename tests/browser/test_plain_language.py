"""An editor (not a superuser) opens an article, sees a hard sentence and a jargon word with their
plainer alternatives in the Plain language panel, rewrites the paragraph, and the findings and the
checklist score update without saving."""

import re
import uuid

from playwright.sync_api import expect

EDITOR, PASSWORD = "rosa", "plain-words-2026"
HARD = (
    "Individuals with hypertension should endeavor to participate in moderate physical activity "
    "on a regular basis in order to reduce the probability of cardiovascular complications."
)
PLAIN = "Walk a little every day. It helps your heart. Call us if you have chest pain."


def _editors_group():
    """Wagtail's "Editors" group (its data migration makes it; a flushed test database may not
    have it): admin access, and add and change on the page tree, no publishing."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission, Page

    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    root = Page.get_first_root_node()
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=root,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    return group


def _sign_in(page, username):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_editor_sees_and_fixes_a_hard_sentence_and_a_jargon_word(page, django_user_model):
    from articles.models import ArticleIndexPage, ArticlePage

    editor = django_user_model.objects.create_user(EDITOR, "rosa@example.com", PASSWORD)
    editor.groups.add(_editors_group())
    assert not editor.is_superuser

    index = ArticleIndexPage.objects.filter(locale__language_code="en").first()
    block_id = str(uuid.uuid4())
    article = ArticlePage(
        title="Blood pressure and walking",
        slug="blood-pressure-and-walking",
        summary="Walking helps your blood pressure. Start slowly.",
        body=[
            {
                "type": "heading",
                "value": {"text": "What to do", "level": "h2"},
                "id": str(uuid.uuid4()),
            },
            {"type": "paragraph", "value": f"<p>{HARD}</p>", "id": block_id},
        ],
        live=False,
    )
    index.add_child(instance=article)
    article.save_revision()

    _sign_in(page, EDITOR)

    page.goto(f"/admin/pages/{article.pk}/edit/")
    panel = page.locator("[data-plain-language]")
    paragraph_findings = panel.locator(f"[data-part='{block_id}']")
    expect(paragraph_findings).to_be_visible()

    hard = paragraph_findings.locator(".plain-language__finding--very_hard_sentence")
    expect(hard.locator("mark")).to_have_text(HARD)
    jargon = paragraph_findings.locator(".plain-language__finding--word").filter(
        has=page.locator("mark", has_text=re.compile("^hypertension$"))
    )
    expect(jargon.locator("mark")).to_have_text("hypertension")
    expect(jargon.locator(".plain-language__alternatives")).to_contain_text("high blood pressure")
    in_order_to = paragraph_findings.locator(".plain-language__finding--word").filter(
        has=page.locator("mark", has_text=re.compile("^in order to$"))
    )
    expect(in_order_to.locator(".plain-language__alternatives strong")).to_have_text("to")
    # the block with findings is outlined in the editor
    expect(page.locator(f"[data-contentpath='{block_id}']")).to_have_class(
        re.compile("plain-language-flagged")
    )
    score_before = int(panel.get_attribute("data-score"))
    expect(panel.locator(".plain-language__score")).to_contain_text(f"{score_before} / 100")

    # Rewrite the paragraph in plain words (not saved).
    editor_box = page.locator(f"[data-contentpath='{block_id}'] .public-DraftEditor-content")
    editor_box.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(PLAIN)

    expect(paragraph_findings).to_have_count(0, timeout=20_000)
    expect(panel.locator("mark", has_text="hypertension")).to_have_count(0)
    expect(page.locator(f"[data-contentpath='{block_id}']")).not_to_have_class(
        re.compile("plain-language-flagged")
    )
    page.wait_for_function(
        "before => Number(document.querySelector('[data-plain-language]').dataset.score) > before",
        arg=score_before,
    )
    score_after = int(panel.get_attribute("data-score"))
    assert score_after > score_before
    expect(panel.locator(".plain-language__score")).to_contain_text(f"{score_after} / 100")
    # nothing was saved: the stored draft still has the hard sentence
    assert (
        HARD
        in ArticlePage.objects.get(pk=article.pk)
        .get_latest_revision_as_object()
        .body[1]
        .value.source
    )


def test_translator_sees_findings_on_the_spanish_segment_being_translated(page, django_user_model):
    from articles.models import ArticlePage

    django_user_model.objects.create_superuser("lucia", "lucia@example.com", PASSWORD)
    spanish = ArticlePage.objects.filter(locale__language_code="es").first()
    assert spanish is not None, "the demo has Spanish articles translated with wagtail-localize"

    _sign_in(page, "lucia")

    page.goto(f"/admin/pages/{spanish.pk}/edit/")
    expect(page.locator(".js-translation-editor")).to_be_attached()
    segment = page.get_by_role("tabpanel", name="Content").locator("li.complete").nth(1)
    segment.get_by_role("button", name="Edit").click()
    textarea = segment.locator("textarea")
    textarea.fill("Si tiene hipertensión, utilice menos sal y camine todos los días.")

    box = page.locator(".plain-language--segment")
    expect(box).to_be_visible()
    jargon = box.locator(".plain-language__finding--word").filter(
        has=page.locator("mark", has_text=re.compile("^hipertensión$"))
    )
    expect(jargon.locator(".plain-language__alternatives")).to_contain_text("presión arterial alta")
    expect(box).to_contain_text("INFLESZ")  # Spanish rules, not the English grade

    textarea.fill("Si tiene la presión alta, coma menos sal y camine todos los días.")
    expect(box.locator("mark")).to_have_count(0)
    expect(box).to_contain_text("No findings")
