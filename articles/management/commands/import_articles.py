"""Import articles saved from the clinic's old website (.txt scrapes or .html post pages).

    manage.py import_articles PATH... [--publish] [--dry-run] [--parent SLUG]

Each article is saved in its own short transaction: all of it or none of it, and staff adding
pages under the same index wait at most for one article, never for the whole file. A file that
cannot be read or parsed imports nothing; when saving fails part-way, the articles before the
failing one stay imported (the report says which) and importing the file again finishes it. Pages
are drafts unless --publish. A re-import finds the page made before by its source fingerprint and
adds a revision.

Only regular files are read (not FIFOs, devices, sockets), at most ARTICLE_IMPORT_MAX_BYTES bytes
each (5 MB unless the setting says otherwise). The search and reference indexes, the handout
renders and the HTTP-cache purge are done once for the whole import when it ends
(clinic.http.bulk.deferred_page_work), not page by page.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from articles.importer.parse import parse_bytes
from articles.importer.parsed import ImportFormatError
from articles.importer.report import ArticleReport, FileReport, ImportReport
from articles.importer.source import read_source
from articles.importer.writer import find_parent, normalised_text, site_disclaimer, write_article
from clinic.http.bulk import deferred_page_work

SUFFIXES = (".txt", ".html", ".htm")
MAX_BYTES = 5 * 1024 * 1024  # default of settings.ARTICLE_IMPORT_MAX_BYTES


class ArticleSaveError(Exception):
    """Saving one article failed; the articles before it in the file were saved."""


class Command(BaseCommand):
    help = "Import articles saved from the old website (.txt or .html) as draft article pages."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", metavar="PATH", help="Files (.txt, .html) or folders holding them."
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the imported pages (default: save them as drafts).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be imported; save nothing."
        )
        parser.add_argument(
            "--parent",
            metavar="SLUG",
            help="Slug of the article index to import into (default: 'articles').",
        )

    def handle(self, *args, paths, publish=False, dry_run=False, parent=None, **options):
        try:
            parent_page = find_parent(parent)
        except ImportFormatError as exc:
            raise CommandError(str(exc)) from None
        report = ImportReport(dry_run=dry_run)
        self._site_text = normalised_text(site_disclaimer(parent_page))
        self._taken_slugs: set[str] = set()  # a dry run's created slugs (nothing is saved)
        with deferred_page_work():
            for path in _expand(paths):
                file_report = FileReport(path=str(path))
                report.files.append(file_report)
                try:
                    self._import_file(
                        path, parent_page, file_report, publish=publish, dry_run=dry_run
                    )
                except ImportFormatError as exc:
                    file_report.error = str(exc)
                    file_report.articles = []
                except ArticleSaveError as exc:  # the articles before it were saved
                    file_report.error = str(exc)
                except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
                    file_report.error = (
                        f"could not be imported ({type(exc).__name__}: {str(exc)[:200]})"
                    )
                if file_report.error:
                    self.stderr.write(f"error: {path}: {file_report.error}")

        self.stdout.write(report.render())
        if report.failed:
            raise CommandError(
                f"{len(report.failed)} of {len(report.files)} file(s) failed; see the errors above."
            )

    def _import_file(self, path: Path, parent_page, file_report: FileReport, *, publish, dry_run):
        if not path.exists():
            raise ImportFormatError("no such file")
        if path.is_dir():
            raise ImportFormatError("is a folder without .txt or .html files")
        if path.suffix.lower() not in SUFFIXES:
            raise ImportFormatError("unsupported file type (use .txt or .html)")
        data = read_source(path, getattr(settings, "ARTICLE_IMPORT_MAX_BYTES", MAX_BYTES))
        parsed = parse_bytes(data, path.name)
        file_report.notes.extend(parsed.notes)
        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        for done, article in enumerate(parsed.articles):
            try:
                with transaction.atomic():  # one article: short, so staff never wait long
                    result = write_article(
                        article,
                        parent_page,
                        publish=publish,
                        dry_run=dry_run,
                        site_text=self._site_text,
                        taken_slugs=self._taken_slugs,
                    )
                    # read back in the transaction: a dry run's revision is rolled back below
                    report_line = _article_report(
                        article, result, dry_run=dry_run, base_url=base_url
                    )
                    if dry_run:
                        transaction.set_rollback(True)
            except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
                left = len(parsed.articles) - done
                raise ArticleSaveError(
                    f"article #{article.position} could not be saved "
                    f"({type(exc).__name__}: {str(exc)[:200]}); "
                    f"{done} article(s) before it were imported, {left} were not "
                    "(import the file again to finish: imported articles are recognised)"
                ) from None
            if dry_run and result.action == "created":
                self._taken_slugs.add(result.page.slug)
            file_report.articles.append(report_line)


def _article_report(article, result, *, dry_run: bool, base_url: str) -> ArticleReport:
    action = f"would be {result.action}" if dry_run else result.action
    page = result.page
    return ArticleReport(
        position=article.position,
        title=page.get_latest_revision_as_object().title
        if result.action != "created"
        else page.title,
        title_derived=article.title_derived,
        action=action,
        status="live" if result.published else "draft",
        last_updated=str(article.last_updated or "not in source (import date used)"),
        summary_derived=article.summary_derived,
        headings=article.headings,
        numbered_points=article.numbered_points,
        bullet_points=article.bullet_points,
        references_parsed=sum(r.parsed for r in article.references),
        references_raw=sum(not r.parsed for r in article.references),
        disclaimer=(
            "own (differs from the site's)"
            if result.own_disclaimer
            else "the site's (same text)"
            if article.disclaimer
            else "none in source (site's used)"
        ),
        warnings=article.warnings + result.notes,
        edit_url="(dry run: not saved)"
        if dry_run
        else base_url + reverse("wagtailadmin_pages:edit", args=[page.id]),
        slug=page.slug,
    )


def _expand(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            # not only regular files: a FIFO or a link to a device named *.txt is reported, not
            # skipped in silence (read_source refuses it without reading)
            found = sorted(
                p for p in path.iterdir() if not p.is_dir() and p.suffix.lower() in SUFFIXES
            )
            out.extend(found or [path])
        else:
            out.append(path)
    return out
