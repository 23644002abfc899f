"""A large import: short transactions (staff can add pages meanwhile) and background work done once
at the end, not page by page."""

import collections
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django_tasks.signals import task_enqueued
from wagtail.models import Page

from articles.importer.parse import parse_bytes
from articles.models import ArticleIndexPage, ArticlePage

WAIT = 60  # seconds: generous bound on any wait in these tests (never reached when they pass)


def many_articles(count: int, word: str = "zephyrine") -> str:
    spacer = "\u00a0\n\u00a0\n"
    return spacer.join(
        f"Understanding Topic Number {n}\n\nUpdated: Jun {1 + n % 28}, 2023\n\n"
        f"Topic {n} matters for everyday health in many ways, and the {word} approach explains "
        "how diet, sleep and stress each play a part in how the body recovers and feels.\n\n"
        "Gentle Ways to Help:\n\n"
        "1. Water: Drink water through the day, more when it is hot outside.\n\n"
        "2. Sleep: Keep a regular bedtime and a dark, cool bedroom.\n"
        for n in range(count)
    )


def write(tmp_path, count: int, word: str = "zephyrine"):
    path = tmp_path / f"{word}-{count}.txt"
    path.write_text(many_articles(count, word), encoding="utf-8")
    return path


@pytest.fixture
def recorded_tasks(settings):
    """Tasks go to django-tasks' DummyBackend (queued, never run); returns a Counter of names."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    counts = collections.Counter()
    args = collections.defaultdict(list)

    def record(sender, task_result, **kwargs):
        counts[task_result.task.name] += 1
        args[task_result.task.name].append(task_result.args)

    task_enqueued.connect(record, weak=False, dispatch_uid="test-bulk-record")
    counts.args = args
    yield counts
    task_enqueued.disconnect(dispatch_uid="test-bulk-record")


# --- background work -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_publishing_import_queues_one_batch_not_tasks_per_page(
    tmp_path, recorded_tasks, settings, django_capture_on_commit_callbacks, monkeypatch
):
    from wagtail.models import ReferenceIndex

    settings.HANDOUTS_RENDER_ON_PUBLISH = True
    reindexed = []
    real_reindex = ReferenceIndex.create_or_update_for_object.__func__
    monkeypatch.setattr(
        ReferenceIndex,
        "create_or_update_for_object",
        classmethod(
            lambda cls, obj, **kw: (reindexed.append(obj.pk), real_reindex(cls, obj, **kw))
        ),
    )
    source = write(tmp_path, 30)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_articles", str(source), "--publish", stdout=StringIO())

    fps = [a.fingerprint for a in parse_bytes(source.read_bytes(), source.name).articles]
    pages = ArticlePage.objects.live().filter(source_fingerprint__in=fps)
    ids = sorted(pages.values_list("id", flat=True))
    assert len(ids) == 30
    # no per-page search-index, reference-index, render or purge task: one render batch, one purge
    assert dict(recorded_tasks) == {"render_standard_handouts": 1, "purge_everything_task": 1}
    assert recorded_tasks.args["render_standard_handouts"] == [[ids]]
    # the indexes were brought up to date once, in bulk, at the end
    assert sorted(reindexed) == ids
    found = ArticlePage.objects.live().search("zephyrine")
    assert sorted(p.id for p in found) == ids


@pytest.mark.django_db
def test_render_batches_are_bounded(
    tmp_path, recorded_tasks, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from handouts import signals

    settings.HANDOUTS_RENDER_ON_PUBLISH = True
    monkeypatch.setattr(signals, "RENDER_BATCH", 4)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_articles", str(write(tmp_path, 10)), "--publish", stdout=StringIO())
    assert recorded_tasks["render_standard_handouts"] == 3  # 4 + 4 + 2 articles
    assert [len(a[0]) for a in recorded_tasks.args["render_standard_handouts"]] == [4, 4, 2]


@pytest.mark.django_db
def test_draft_import_queues_no_task(tmp_path, recorded_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_articles", str(write(tmp_path, 12)), stdout=StringIO())
    assert sum(recorded_tasks.values()) == 0
    assert ArticlePage.objects.search("zephyrine").count() == 12  # drafts are indexed too


@pytest.mark.django_db
def test_staff_saves_outside_the_import_are_indexed_as_usual(recorded_tasks, articles_index):
    """The deferral is for the importer's thread only: an ordinary save still queues its tasks."""
    page = articles_index.get_children().live().type(ArticlePage).first().specific
    page.save_revision().publish()
    assert recorded_tasks["insert_or_update_object_task"] >= 1
    assert recorded_tasks["update_reference_index_task"] >= 1


# --- staff working during an import --------------------------------------------------------------


def _paused_import(monkeypatch, source, pause_at: int):
    """Run the import in a thread (its own connection) that stops before writing article
    `pause_at`; returns (thread, paused event, resume event, result dict)."""
    from articles.management.commands import import_articles as command

    real = command.write_article
    paused, resume = threading.Event(), threading.Event()
    result = {}

    def write_article(article, parent, **kwargs):
        if article.position == pause_at:
            paused.set()
            if not resume.wait(WAIT):
                raise RuntimeError("never resumed")
        return real(article, parent, **kwargs)

    monkeypatch.setattr(command, "write_article", write_article)

    def run():
        try:
            out = StringIO()
            call_command("import_articles", str(source), "--publish", stdout=out)
            result["out"] = out.getvalue()
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            result["error"] = exc
        finally:
            paused.set()
            connection.close()

    return threading.Thread(target=run, daemon=True), paused, resume, result


@pytest.mark.django_db(transaction=True)
def test_staff_can_add_a_page_while_an_import_runs(tmp_path, monkeypatch):
    """Staff add an article under the same index while the import is between articles 2 and 3:
    no lock wait (PostgreSQL: a lock_timeout turns a wait into an error; SQLite: its busy timeout),
    and the page tree is consistent afterwards (paths, depth, child counts)."""
    source = write(tmp_path, 6)
    thread, paused, resume, result = _paused_import(monkeypatch, source, pause_at=3)
    thread.start()
    try:
        assert paused.wait(WAIT), "the import never reached article 3"
        assert "error" not in result, result.get("error")
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '10s'")
            index = ArticleIndexPage.objects.get(slug="articles")
            staff = index.add_child(
                instance=ArticlePage(
                    title="Added by Staff", slug="added-by-staff", summary="Written in the admin."
                )
            )
            staff.save_revision().publish()
    finally:
        resume.set()
        thread.join(WAIT)
    assert not thread.is_alive(), "the import did not finish"
    assert "error" not in result, result.get("error")
    assert "6 created" in result["out"]

    index = ArticleIndexPage.objects.get(slug="articles")
    children = index.get_children()
    assert children.filter(slug="added-by-staff").exists()
    fps = [a.fingerprint for a in parse_bytes(source.read_bytes(), source.name).articles]
    assert ArticlePage.objects.filter(source_fingerprint__in=fps).count() == 6
    assert index.numchild == children.count()
    assert len(set(children.values_list("path", flat=True))) == children.count()
    assert all(not problems for problems in Page.find_problems())
