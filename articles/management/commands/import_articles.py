"""Import articles saved from the clinic's old website (.txt scrapes or .html post pages).

    manage.py import_articles PATH... [--publish] [--dry-run] [--parent SLUG]

Each file is imported in one transaction: all its articles or none. Pages are drafts unless
--publish. A re-import finds the page made before by its source fingerprint and adds a revision.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from articles.importer.parse import ImportFormatError, parse_bytes
from articles.importer.report import ArticleReport, FileReport, ImportReport
from articles.importer.writer import find_parent, write_article

SUFFIXES = (".txt", ".html", ".htm")
MAX_BYTES = 5 * 1024 * 1024


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
        for path in _expand(paths):
            file_report = FileReport(path=str(path))
            report.files.append(file_report)
            try:
                self._import_file(path, parent_page, file_report, publish=publish, dry_run=dry_run)
            except ImportFormatError as exc:
                file_report.error = str(exc)
            except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
                file_report.error = f"could not be saved ({type(exc).__name__}: {str(exc)[:200]})"
            if file_report.error:
                file_report.articles = []
                self.stderr.write(f"error: {path}: {file_report.error}")

        self.stdout.write(report.render())
        if report.failed:
            raise CommandError(
                f"{len(report.failed)} of {len(report.files)} file(s) failed; "
                "nothing was imported from them."
            )

    def _import_file(self, path: Path, parent_page, file_report: FileReport, *, publish, dry_run):
        if not path.exists():
            raise ImportFormatError("no such file")
        if path.is_dir():
            raise ImportFormatError("is a folder without .txt or .html files")
        if path.suffix.lower() not in SUFFIXES:
            raise ImportFormatError("unsupported file type (use .txt or .html)")
        if path.stat().st_size > MAX_BYTES:
            raise ImportFormatError("the file is larger than 5 MB; is it really a saved post?")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ImportFormatError(f"cannot be read ({exc.strerror or exc})") from None
        parsed = parse_bytes(data, path.name)
        file_report.notes.extend(parsed.notes)
        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        with transaction.atomic():
            for article in parsed.articles:
                result = write_article(article, parent_page, publish=publish, dry_run=dry_run)
                action = f"would be {result.action}" if dry_run else result.action
                status = "live" if result.published else "draft"
                page = result.page
                file_report.articles.append(
                    ArticleReport(
                        position=article.position,
                        title=page.get_latest_revision_as_object().title
                        if result.action != "created"
                        else page.title,
                        title_derived=article.title_derived,
                        action=action,
                        status=status,
                        last_updated=str(
                            article.last_updated or "not in source (import date used)"
                        ),
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
                )
            if dry_run:
                transaction.set_rollback(True)


def _expand(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES
            )
            out.extend(found or [path])
        else:
            out.append(path)
    return out
