"""`manage.py import_articles` against the test database (demo content loaded by tests/conftest.py)."""

import datetime
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from django.utils.html import strip_tags
from wagtail.models import Page, Revision

from articles.importer import parse as parse_module
from articles.models import ArticleIndexPage, ArticlePage, ArticleReference

FIXTURES = Path(__file__).parent / "fixtures"
THREE = FIXTURES / "three_articles.txt"
TOC = FIXTURES / "toc_article.txt"
POST = FIXTURES / "saved_post.html"

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args):
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), str(exc.value)


def fingerprints(path: Path) -> list[str]:
    return [a.fingerprint for a in parse_module.parse_bytes(path.read_bytes(), path.name).articles]


def pages_for(path: Path) -> list[ArticlePage]:
    fps = fingerprints(path)
    pages = {
        p.source_fingerprint: p for p in ArticlePage.objects.filter(source_fingerprint__in=fps)
    }
    return [pages[fp] for fp in fps if fp in pages]


def counts():
    return (Page.objects.count(), Revision.objects.count(), ArticleReference.objects.count())


# --- drafts, content -----------------------------------------------------------------------------


def test_import_creates_drafts_with_recovered_structure(articles_index):
    before = ArticlePage.objects.count()
    out, err = run(THREE, TOC)
    assert err == ""
    assert ArticlePage.objects.count() == before + 4
    pages = pages_for(THREE) + pages_for(TOC)
    assert len(pages) == 4
    for page in pages:
        assert not page.live
        assert page.has_unpublished_changes
        assert page.latest_revision is not None
        assert page.get_parent().id == articles_index.id
    assert [p.needs_title for p in pages] == [True, True, False, True]

    hiccups = pages[0].get_latest_revision_as_object()
    assert hiccups.last_updated == datetime.date(2024, 3, 3)
    assert [b.block_type for b in hiccups.body] == [
        "heading",
        "numbered_list",
        "heading",
        "numbered_list",
        "paragraph",
    ]
    assert hiccups.body[0].value["text"] == "Common Triggers of Hiccups"
    first_point = hiccups.body[1].value["items"][0]
    assert first_point["title"] == "Eating Too Quickly"
    assert first_point["text"].source.startswith("<p>Swallowing air with large bites")
    refs = list(hiccups.references.all())
    assert [bool(r.authors) for r in refs] == [True, False]
    assert refs[0].source == "Journal of Everyday Medicine" and refs[0].pages == "201–209"
    assert refs[1].raw.startswith("Poe, E. (2021). Hiccups. In StatPearls")
    assert "general wellness information only" in hiccups.disclaimer_override
    assert hiccups.summary.startswith("Hiccups are sudden") and hiccups.introduction == ""

    magnesium = pages[2].get_latest_revision_as_object()
    assert magnesium.title == "Why Magnesium Matters"
    assert magnesium.slug == "why-magnesium-matters"
    assert magnesium.last_updated == datetime.date(2022, 1, 15)
    assert magnesium.disclaimer_override == ""

    vitamin_d = pages[3].get_latest_revision_as_object()
    assert vitamin_d.summary.startswith("Vitamin D supports bones")
    assert len(vitamin_d.table_of_contents) == 3
    assert "- What Vitamin D Does" not in vitamin_d.plain_text()


def test_no_chrome_in_any_stored_page():
    run(THREE)
    for page in pages_for(THREE):
        text = page.get_latest_revision_as_object().plain_text()
        for bit in ["top of page", "bottom of page", "logo", "555-0142", "Facebook", "©", "76531"]:
            assert bit not in text


def test_publish_makes_pages_live_and_they_render(client):
    run(THREE, "--publish")
    pages = pages_for(THREE)
    assert all(p.live and not p.has_unpublished_changes for p in pages)
    response = client.get(pages[0].url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Common Triggers of Hiccups" in html and "Eating Too Quickly" in html
    assert "top of page" not in html


def test_html_post_import():
    run(POST)
    (page,) = pages_for(POST)
    page = page.get_latest_revision_as_object()
    assert page.title == "Staying Hydrated in the Texas Heat" and not page.needs_title
    assert [
        (b.value["text"], b.value["level"]) for b in page.body if b.block_type == "heading"
    ] == [
        ("How Much Water Do You Need?", "h2"),
        ("Signs of Dehydration", "h3"),
    ]
    assert page.references.count() == 1


# --- dry run, re-import, transactions ------------------------------------------------------------


def test_dry_run_writes_nothing():
    before = counts()
    out, err = run(THREE, TOC, POST, "--dry-run", "--publish")
    assert counts() == before
    assert pages_for(THREE) == []
    assert "DRY RUN — nothing was saved." in out
    assert out.count("would be created") == 5
    assert "(dry run: not saved)" in out
    assert "5 created, 0 updated, 0 unchanged; 0 draft(s), 5 live." in out


def test_dry_run_publish_of_imported_drafts_publishes_nothing():
    run(THREE)
    before = counts()
    out, _ = run(THREE, "--dry-run", "--publish")
    assert counts() == before
    assert not any(
        p.live for p in ArticlePage.objects.filter(id__in=[p.id for p in pages_for(THREE)])
    )
    assert out.count("would be updated live") == 3


def test_reimport_same_source_changes_nothing():
    run(THREE)
    first_ids = [p.id for p in pages_for(THREE)]
    before = counts()
    out, _ = run(THREE)
    assert counts() == before  # no page, revision or reference added
    assert [p.id for p in pages_for(THREE)] == first_ids
    assert "0 created, 0 updated, 3 unchanged" in out


def test_reimport_of_changed_source_updates_the_same_page(tmp_path):
    source = tmp_path / "post.txt"
    shutil.copy(THREE, source)
    run(source, "--publish")
    (hiccups, *_rest) = pages_for(source)
    revisions = hiccups.revisions.count()
    pages_before = Page.objects.count()

    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace("Still water is a gentler choice.", "Plain water is kinder."), encoding="utf-8"
    )
    out, _ = run(source)  # no --publish: a new draft revision on the live page

    assert Page.objects.count() == pages_before
    page = ArticlePage.objects.get(id=hiccups.id)
    assert page.revisions.count() == revisions + 1
    assert page.live and page.has_unpublished_changes
    live_text = page.plain_text()
    draft_text = page.get_latest_revision_as_object().plain_text()
    assert "Still water is a gentler choice." in live_text
    assert "Plain water is kinder." in draft_text and "Still water" not in draft_text
    assert "1 updated, 2 unchanged" in out

    run(source, "--publish")
    page.refresh_from_db()
    assert "Plain water is kinder." in page.plain_text() and not page.has_unpublished_changes


def test_reimport_keeps_a_title_written_by_staff():
    run(THREE)
    page = pages_for(THREE)[0]
    draft = page.get_latest_revision_as_object()
    draft.title, draft.needs_title = "How to Stop Hiccups", False
    draft.save_revision()
    out, _ = run(THREE)
    latest = ArticlePage.objects.get(id=page.id).get_latest_revision_as_object()
    assert latest.title == "How to Stop Hiccups" and not latest.needs_title
    assert "kept the title written by staff" in out


def test_each_article_is_one_transaction_and_a_failure_says_what_was_saved(monkeypatch):
    from articles.management.commands import import_articles as command

    real = command.write_article
    calls = {"n": 0}

    def failing_on_second(article, parent, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            real(article, parent, **kwargs)  # written, then rolled back with its article
            raise RuntimeError("disk full")
        return real(article, parent, **kwargs)

    monkeypatch.setattr(command, "write_article", failing_on_second)
    before = ArticlePage.objects.count()
    out, err, message = run_failing(THREE, TOC)
    hiccups, sleep, magnesium = fingerprints(THREE)
    saved = {p.source_fingerprint for p in pages_for(THREE)}
    assert saved == {hiccups}  # article 1 kept whole; article 2 rolled back; article 3 not tried
    assert len(pages_for(TOC)) == 1  # the next file is imported
    assert ArticlePage.objects.count() == before + 2
    assert err.strip() == (
        f"error: {THREE}: article #2 could not be saved (RuntimeError: disk full); "
        "1 article(s) before it were imported, 2 were not "
        "(import the file again to finish: imported articles are recognised)"
    )
    assert "1 of 2 file(s) failed" in message
    assert "#1 created draft: 'Hiccups are sudden" in out
    assert "Articles: 2 — 2 created" in out

    monkeypatch.setattr(command, "write_article", real)
    out, _ = run(THREE)  # the second run finishes the file
    assert len(pages_for(THREE)) == 3
    assert "2 created, 0 updated, 1 unchanged" in out


# --- bad input -----------------------------------------------------------------------------------


def test_bad_inputs_fail_cleanly_and_others_are_imported(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "picture.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    undecodable = tmp_path / "garbled.txt"
    undecodable.write_bytes(bytes(range(128, 256)) * 8)
    no_article = FIXTURES / "no_article.html"
    missing = tmp_path / "missing.txt"
    before = counts()

    out, err, message = run_failing(empty, binary, undecodable, no_article, missing, TOC)

    lines = err.strip().splitlines()
    assert lines == [
        f"error: {empty}: the file is empty",
        f"error: {binary}: the file is binary (it contains NUL bytes), not text or HTML",
        f"error: {undecodable}: the file is not UTF-8 text and not Windows-1252 text either",
        f"error: {no_article}: no article found in the HTML page",
        f"error: {missing}: no such file",
    ]
    assert "5 of 6 file(s) failed" in message
    assert len(pages_for(TOC)) == 1
    pages, _revisions, refs = counts()
    assert pages == before[0] + 1 and refs == before[2]


def test_exit_status_is_non_zero_when_a_file_failed(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        ManagementUtility(["manage.py", "import_articles", str(tmp_path / "missing.txt")]).execute()
    assert exc.value.code == 1
    assert "no such file" in capsys.readouterr().err


def test_unknown_parent_is_an_error():
    with pytest.raises(CommandError, match='no article index page with the slug "nowhere"'):
        call_command("import_articles", str(TOC), "--parent", "nowhere", stdout=StringIO())


def test_parent_option_picks_another_index(home):
    other = home.add_child(instance=ArticleIndexPage(title="Library", slug="library"))
    run(TOC, "--parent", "library")
    (page,) = pages_for(TOC)
    assert page.get_parent().id == other.id


# --- disclaimer, slugs, report -------------------------------------------------------------------


def article_with_disclaimer(tmp_path, disclaimer: str, title: str = "Posture at Work") -> Path:
    path = tmp_path / f"{abs(hash(disclaimer))}.txt"
    path.write_text(
        f"{title}\n\nSitting well at a desk protects the neck and back through a long working day "
        f"({abs(hash(disclaimer))}).\n\nDisclaimer: {disclaimer}\n",
        encoding="utf-8",
    )
    return path


def test_disclaimer_same_as_site_is_not_copied(tmp_path, clinic_settings):
    site_text = strip_tags(clinic_settings.disclaimer)
    assert site_text
    same = article_with_disclaimer(tmp_path, "  " + site_text.upper().replace(".", "") + " ")
    different = article_with_disclaimer(
        tmp_path, "Talk to your chiropractor first.", "Posture at Home"
    )
    out, _ = run(same, different)
    (same_page,) = pages_for(same)
    (different_page,) = pages_for(different)
    assert same_page.get_latest_revision_as_object().disclaimer_override == ""
    assert different_page.get_latest_revision_as_object().disclaimer_override == (
        "<p>Talk to your chiropractor first.</p>"
    )
    assert "disclaimer: the site's (same text)" in out
    assert "disclaimer: own (differs from the site's)" in out


def test_slugs_are_unique_under_the_parent(tmp_path):
    one = article_with_disclaimer(tmp_path, "One.", "Sleep Basics")
    two = article_with_disclaimer(tmp_path, "Two.", "Sleep Basics")
    run(one, two)
    slugs = [pages_for(one)[0].slug, pages_for(two)[0].slug]
    assert slugs == ["sleep-basics", "sleep-basics-2"]


def test_report_lists_titles_headings_references_warnings_and_edit_urls():
    out, _ = run(THREE)
    hiccups, sleep, magnesium = pages_for(THREE)
    assert f"review: http://testserver/admin/pages/{hiccups.id}/edit/" in out
    assert f"review: http://testserver/admin/pages/{magnesium.id}/edit/" in out
    assert "#1 created draft: 'Hiccups are sudden" in out and "[needs a title]" in out
    assert "#3 created draft: 'Why Magnesium Matters'" in out
    assert "headings (2): Common Triggers of Hiccups; Gentle Ways to Stop Hiccups" in out
    assert "references: 2 (1 parsed, 1 raw)" in out
    assert "references: 2 (2 parsed, 0 raw)" in out
    assert "warning: no title in the source" in out
    assert 'warning: text looks cut off: "…linked with deeper and more refreshing"' in out
    assert 'warning: possible split word "R hythms"' in out
    assert "warning: reference 2 kept as raw text (book chapter form)" in out
    summary = out.split("\nSummary\n", 1)[1]
    assert summary.splitlines()[0] == "Files: 1 read, 0 failed."
    assert "Articles: 3 — 3 created, 0 updated, 0 unchanged; 3 draft(s), 0 live." in summary
    assert "Needing a title: 2." in summary and "References: 3 parsed, 1 raw." in summary
