"""Print handouts from the command line.

    manage.py handout <slug-or-id> [-o FILE] [--location SLUG] [--large-print]
    manage.py handout --all --out DIR [--location SLUG] [--large-print]

Uses the store: a handout already rendered for the live revision is copied, not rendered again."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from handouts import render, store
from handouts.isolation import RenderFailed


class Command(BaseCommand):
    help = "Write the PDF handout of a live article (or of every live article with --all)."

    def add_arguments(self, parser):
        parser.add_argument("article", nargs="?", help="The article's slug or page id.")
        parser.add_argument("-o", "--output", help="PDF file to write (default: <slug>.pdf here).")
        parser.add_argument("--all", action="store_true", help="Every live article.")
        parser.add_argument("--out", help="Folder for --all (created if missing).")
        parser.add_argument("--location", default="", help="Show only this location (its slug).")
        parser.add_argument("--large-print", action="store_true", help="The large-print variant.")

    def handle(self, *args, article=None, output=None, all=False, out=None, **options):
        from articles.models import ArticlePage

        variant = render.Variant(large_print=options["large_print"], location=options["location"])
        if all:
            if article:
                raise CommandError("Give an article or --all, not both.")
            if not out:
                raise CommandError("--all needs --out DIR.")
            pages = list(ArticlePage.objects.live().order_by("path"))
            folder = Path(out)
            folder.mkdir(parents=True, exist_ok=True)
            from tqdm import tqdm

            failed = []
            for page in tqdm(pages, desc="Handouts", unit="pdf", file=self.stderr._out):
                try:
                    self._write(page, variant, folder / variant.filename(page.slug))
                except CommandError as error:  # one article that cannot be rendered: go on
                    failed.append(str(error))
            written = len(pages) - len(failed)
            self.stdout.write(self.style.SUCCESS(f"Wrote {written} handout(s) to {folder}/"))
            if failed:
                raise CommandError("Not written:\n" + "\n".join(failed))
            return
        if not article:
            raise CommandError("Name an article (slug or id), or use --all --out DIR.")
        live = ArticlePage.objects.live()
        page = live.filter(slug=article).first()
        if page is None and article.isdigit():
            page = live.filter(id=int(article)).first()
        if page is None:
            raise CommandError(f"No live article with the slug or id {article!r}.")
        path = Path(output or variant.filename(page.slug))
        stored = self._write(page, variant, path)
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {path} ({stored.pages} pages, {stored.size:,} bytes)")
        )

    def _write(self, page, variant, path):
        site = page.get_site()
        if site is None:
            raise CommandError(f"{page.title!r} is not under any site.")
        try:
            stored = store.get_or_render(page, variant, site)
        except render.UnknownLocation:
            raise CommandError(f"No live location with the slug {variant.location!r}.") from None
        except RenderFailed as error:
            raise CommandError(f"{page.slug}: not rendered ({error})") from None
        path.write_bytes(store.read_bytes(stored))
        return stored
