"""`manage.py handout` with packet options: several articles, a note (or note file), a name, a
provider, a care collection; bad input exits with status 1 and one line, writing nothing."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from handouts.models import CareCollection, CareCollectionArticle, PrintCount, StoredHandout

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SLUGS = ["leg-cramps", "waking-between-2-and-4-am", "muscle-soreness-after-exercise"]


def run(*args):
    out = io.StringIO()
    call_command("handout", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_several_articles_make_one_packet(tmp_path, fake_render):
    target = tmp_path / "packet.pdf"
    message = run(*SLUGS, "--note", "Line one\nLine two", "--for", "Ana", "-o", str(target))
    assert "3 articles" in message
    assert target.read_bytes().startswith(b"%PDF")
    html = fake_render.calls[0]
    assert "Prepared for Ana" in html and "Line one<br>Line two" in html
    assert [html.find(f"/{slug}/") > 0 for slug in SLUGS] == [True] * 3
    assert not StoredHandout.objects.filter(key__startswith="packet:").exists()
    assert set(PrintCount.objects.values_list("channel", "count")) == {("command", 1)}
    assert PrintCount.objects.count() == 3


def test_note_file_practitioner_location_and_large_print(tmp_path, fake_render):
    from articles.models import Practitioner

    practitioner = Practitioner.objects.order_by("pk").first()
    note = tmp_path / "note.txt"
    note.write_text("Walk 20 minutes a day.\r\nSleep by 10.", encoding="utf-8")
    target = tmp_path / "p.pdf"
    run(
        SLUGS[0],
        "--note-file",
        str(note),
        "--practitioner",
        str(practitioner.pk),
        "--location",
        "hamilton",
        "--large-print",
        "-o",
        str(target),
    )
    html = fake_render.calls[0]
    assert "Walk 20 minutes a day.<br>Sleep by 10." in html
    assert f"From {practitioner.display_name}" in html
    assert 'class="large-print packet"' in html
    assert "Bosque" not in html  # Waco's street: only Hamilton is printed
    assert PrintCount.objects.get().location == "hamilton"
    assert PrintCount.objects.get().variant == "large"


def test_a_collection_as_it_is_is_stored_and_reused(tmp_path, fake_render):
    from articles.models import ArticlePage

    collection = CareCollection.objects.create(name="Night cramps", default_note="Stretch daily.")
    for order, slug in enumerate(SLUGS[:2]):
        CareCollectionArticle.objects.create(
            collection=collection, article=ArticlePage.objects.get(slug=slug), sort_order=order
        )
    run("--collection", "night cramps", "-o", str(tmp_path / "a.pdf"))
    run("--collection", "Night cramps", "-o", str(tmp_path / "b.pdf"))
    assert fake_render.count == 1  # the second came from the store
    assert "Stretch daily." in fake_render.calls[0]
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    # With an extra article or its own note it is a new packet; a note makes it unstored.
    run("--collection", "Night cramps", SLUGS[2], "--note", "Mine", "-o", str(tmp_path / "c.pdf"))
    assert fake_render.count == 2
    assert StoredHandout.objects.filter(key__startswith="packet:").count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((*SLUGS, "--note", "x" * 2001, "-o", "OUT"), "the limit is 2,000"),
        ((SLUGS[0], "no-such-article", "-o", "OUT"), "There is no article 'no-such-article'"),
        ((*SLUGS, "--location", "atlantis", "-o", "OUT"), "No live location"),
        ((*SLUGS, "--practitioner", "99999", "-o", "OUT"), "No practitioner"),
        (("--collection", "Nope", "-o", "OUT"), "No care collection"),
        ((*SLUGS,), "needs -o FILE"),
        ((*[SLUGS[0]] * 1, *[f"x{n}" for n in range(10)], "-o", "OUT"), "at most 10"),
        ((SLUGS[0], "--note-file", "/nonexistent/note.txt", "-o", "OUT"), "Cannot read"),
    ],
)
def test_bad_input_is_an_error_and_writes_nothing(tmp_path, fake_render, args, message):
    args = [str(tmp_path / "out.pdf") if arg == "OUT" else arg for arg in args]
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not (tmp_path / "out.pdf").exists()
    assert fake_render.count == 0 and not PrintCount.objects.exists()


def test_bad_input_exits_non_zero_with_one_line(tmp_path):
    """As staff run it: a real process, exit status 1, one line on stderr."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "handout", "a", "b", "--note", "x" * 2001]
        + ["-o", str(tmp_path / "x.pdf")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "clinic.settings.test"},
        timeout=120,
    )
    assert result.returncode == 1
    assert not (tmp_path / "x.pdf").exists()
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == ["CommandError: The note is 2,001 characters long; the limit is 2,000."]
