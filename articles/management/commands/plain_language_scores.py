"""Compute the plain-language checklist score of articles saved before the feature existed (or of
all of them with --all), from each article's latest draft as a save would. Idempotent."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Store the plain-language checklist score of articles that have none (or of all: --all)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Recompute every article's score.")

    def handle(self, *args, **options):
        from articles.models import ArticlePage
        from articles.plain_language.checklist import page_checklist

        pages = ArticlePage.objects.all()
        if not options["all"]:
            pages = pages.filter(plain_score__isnull=True)
        updated = 0
        for page in pages.iterator():
            latest = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
            score = page_checklist(latest).score
            ArticlePage.objects.filter(pk=page.pk).update(plain_score=score)
            updated += 1
        self.stdout.write(f"Plain-language scores stored for {updated} article(s).")
