"""Forget the article page's cached body and references (`{% wagtailpagecache %}` fragments) when an
image they show gets a new file or focal point: the cached HTML names renditions of the old file,
which Wagtail deletes. Publishing needs nothing here: a publish changes the page's cache key."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save

# The fragment names used in articles/article_page.html (bare words: the tag takes the name token
# as written, quotes included).
CACHED_FRAGMENTS = ("article_body", "article_references")


def forget_cached_fragments(page_ids) -> int:
    """Delete the cached fragments of these article pages on every site. Returns the pages done."""
    from django.core.cache import cache
    from wagtail.coreutils import make_wagtail_template_fragment_key
    from wagtail.models import Site

    from .models import ArticlePage

    sites = list(Site.objects.all())
    pages = list(ArticlePage.objects.filter(id__in=list(page_ids)))
    cache.delete_many(
        [
            make_wagtail_template_fragment_key(name, page, site)
            for page in pages
            for site in sites
            for name in CACHED_FRAGMENTS
        ]
    )
    return len(pages)


def _forget_for_image(image_id):
    from wagtail.images import get_image_model

    from clinic.http.images import pages_using_image

    image = get_image_model().objects.filter(pk=image_id).first()
    if image is not None:
        forget_cached_fragments(pages_using_image(image))


def on_image_saved(sender, instance, created=False, update_fields=None, **kwargs):
    from clinic.http.images import shown_differently

    if shown_differently(created, update_fields):
        transaction.on_commit(partial(_forget_for_image, instance.pk))


def on_practitioner_changed(sender, instance, **kwargs):
    """A practitioner's name is printed on the articles they wrote or reviewed; a topic's name on
    the index, search and article pages and in the feed."""
    from clinic.http.purge import purge_everything

    purge_everything()


def connect():
    from django.db.models.signals import post_delete
    from wagtail.images import get_image_model

    from .models import Practitioner, TopicName

    post_save.connect(on_practitioner_changed, sender=Practitioner, dispatch_uid="articles-purge-p")
    post_delete.connect(
        on_practitioner_changed, sender=Practitioner, dispatch_uid="articles-purge-pd"
    )
    post_save.connect(on_practitioner_changed, sender=TopicName, dispatch_uid="articles-purge-t")
    post_delete.connect(on_practitioner_changed, sender=TopicName, dispatch_uid="articles-purge-td")
    post_save.connect(on_image_saved, sender=get_image_model(), dispatch_uid="articles-image-saved")
