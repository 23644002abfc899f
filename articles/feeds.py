"""RSS 2.0 feed of the clinic's live, public health articles (Django syndication)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext
from wagtail.models import Site

from clinic.http.queries import without_view_restrictions
from clinic.i18n.languages import localized_root
from clinic.models import ClinicSettings

from .models import ArticleIndexPage

FEED_ITEMS = 20


class ArticlesFeed(Feed):
    feed_type = Rss201rev2Feed
    language = None  # the active one: /feed/ is English, /es/feed/ Spanish

    def get_object(self, request, *args, **kwargs):
        self.request = request
        self.site = Site.find_for_request(request) or Site.objects.get(is_default_site=True)
        self.clinic = ClinicSettings.for_site(self.site)
        return None

    def title(self):
        return gettext("%(clinic)s — health articles") % {"clinic": self.clinic.clinic_name}

    def link(self):
        # The Site's address (as the items' links), not the host this request happened to use.
        index = self._index()
        return index.get_full_url(request=self.request) if index else self.site.root_url + "/"

    def description(self):
        return gettext("Plain-language health articles from %(clinic)s, %(tagline)s.") % {
            "clinic": self.clinic.clinic_name,
            "tagline": self.clinic.local_tagline,
        }

    def _index(self):
        return (
            without_view_restrictions(ArticleIndexPage.objects.live())
            .descendant_of(localized_root(self.site))
            .order_by("path")
            .first()
        )

    def items(self):
        from .views import public_articles

        return (
            public_articles(self.request)
            .select_related("author")
            .order_by("-last_updated", "-first_published_at")[:FEED_ITEMS]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.last_updated, datetime.time(12)))

    def item_author_name(self, item):
        return item.author.display_name if item.author else None

    def item_categories(self, item):
        return item.topic_labels
