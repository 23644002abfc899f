"""Idempotently load the clinic's facts, page tree and demo pages (a second run changes nothing)."""

from django.core.management import BaseCommand, call_command
from django.db import transaction
from wagtail.models import Page, Site

from articles.models import ArticleIndexPage
from clinic.demo import ensure_child, ensure_clinic_settings, ensure_home_page
from locations.models import LocationIndexPage


class Command(BaseCommand):
    help = "Load the clinic's settings, page tree and demo content. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-index",
            action="store_true",
            help="Do not rebuild the search and reference indexes.",
        )
        parser.add_argument(
            "--articles",
            type=int,
            default=0,
            metavar="N",
            help="Also publish N generated articles (for load tests), in bulk. A second run with "
            "the same N creates nothing; a larger N adds the missing ones.",
        )

    def handle(self, *args, skip_index=False, articles=0, **options):
        from articles import demo as articles_demo
        from clinic import demo_es as spanish_demo
        from locations import demo as locations_demo

        with transaction.atomic():
            pages_before = Page.objects.count()
            home = ensure_home_page()
            site = Site.objects.get(is_default_site=True)
            ensure_clinic_settings(site)
            articles_index = ensure_child(
                home,
                ArticleIndexPage,
                "articles",
                title="Health articles",
                intro="<p>Plain-language articles from our practitioners. Print any article as a "
                "handout to read at home or bring to your visit.</p>",
            )
            locations_index = ensure_child(
                home,
                LocationIndexPage,
                "locations",
                title="Locations",
                intro="<p>We see patients at two clinics in Central Texas.</p>",
            )
            locations_demo.load(locations_index)
            articles_demo.load(articles_index)
            # The es locale and the Spanish translations (wagtail-localize), once.
            spanish_demo.load(home)
            Site.clear_site_root_paths_cache()
            demo_changed = Page.objects.count() != pages_before
            generated = articles_demo.generate(articles_index, articles) if articles > 0 else []
        if generated:
            self.stdout.write(f"Generated {len(generated)} articles.")

        if not skip_index and articles > 0 and not demo_changed:
            # Only what this run added: rebuilding the indexes of thousands of articles takes minutes.
            articles_demo.index_generated(generated)
        elif not skip_index:
            call_command("update_index", verbosity=0)
            call_command("rebuild_references_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
