"""Idempotently load the clinic's facts, page tree and demo pages (a second run changes nothing).

It lives in `handouts`, the top of the app stack (clinic ← locations ← articles ← handouts), because
it puts every app's demo content together: no lower app imports the ones above it."""

from django.core.management import BaseCommand, CommandError, call_command
from django.db import transaction
from wagtail.models import Page, Site

from articles.models import ArticleIndexPage
from clinic.demo import ensure_child, ensure_clinic_settings, ensure_home_page
from clinic.site_address import ensure_site_address, parse_site_url
from locations.models import LocationIndexPage


def spanish_pages() -> list:
    """The demo's Spanish translations, each owned by the app whose page it translates: (path of
    slugs from the home page, {English segment: Spanish text}), parents before children."""
    from articles.demo import es as articles_es
    from clinic import demo_es as clinic_es
    from locations import demo_es as locations_es

    return [
        ((), clinic_es.HOME),
        (("articles",), articles_es.ARTICLES_INDEX),
        (("locations",), locations_es.LOCATIONS_INDEX),
        (("locations", "waco"), locations_es.WACO),
        (("locations", "hamilton"), locations_es.HAMILTON),
        (("articles", "dream-recall-and-vitamin-b6"), articles_es.DREAM_RECALL),
        (("articles", "muscle-soreness-after-exercise"), articles_es.MUSCLE_SORENESS),
    ]


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
        parser.add_argument(
            "--site-url",
            default="",
            metavar="URL",
            help="The address the site is served on, e.g. http://127.0.0.1:8000/ (`make run` "
            "passes its HOST and PORT). The default Site takes its hostname and port while it "
            "still has a placeholder hostname (localhost, 127.0.0.1, example.com); a hostname "
            "staff have set is never changed.",
        )

    def handle(self, *args, skip_index=False, articles=0, site_url="", **options):
        from articles import demo as articles_demo
        from clinic.i18n.translation import spanish_locale, translate_tree
        from handouts import demo as handouts_demo
        from locations import demo as locations_demo

        if site_url:
            try:
                parse_site_url(site_url)
            except ValueError as exc:
                raise CommandError(f"--site-url: {exc}") from exc
        with transaction.atomic():
            pages_before = Page.objects.count()
            home = ensure_home_page()
            site = Site.objects.get(is_default_site=True)
            address = ensure_site_address(site, site_url) if site_url else "unchanged"
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
            handouts_demo.load()
            # The es locale and the Spanish translations (wagtail-localize), once.
            translate_tree(home, spanish_pages(), before_publish=articles_demo.approve_for_demo)
            # The Spanish article index exists now: the same workflow and permissions on it.
            articles_demo.ensure_medical_review_workflow()
            articles_demo.ensure_topic_names(spanish_locale())
            Site.clear_site_root_paths_cache()
            demo_changed = Page.objects.count() != pages_before
            generated = articles_demo.generate(articles_index, articles) if articles > 0 else []
        if address == "set":
            self.stdout.write(f"The default Site now answers at {site.root_url}/.")
        elif address == "kept":
            self.stdout.write(
                f"The default Site keeps its address {site.root_url}/ (not changed to {site_url})."
            )
        if generated:
            self.stdout.write(f"Generated {len(generated)} articles.")

        if not skip_index and articles > 0 and not demo_changed:
            # Only what this run added: rebuilding the indexes of thousands of articles takes minutes.
            articles_demo.index_generated(generated)
        elif not skip_index:
            call_command("update_index", verbosity=0)
            call_command("rebuild_references_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
