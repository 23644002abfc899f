"""The articles app's part in clinic.http.changes: it announces changes to practitioners and topic
names (shown on article pages, lists, search and the feed), and it forgets the article pages'
cached body and references (`{% wagtailpagecache %}` fragments) when an image they show gets a new
file or focal point: the cached HTML names renditions of the old file, which Wagtail deletes.
A publish needs nothing here: it changes the page's fragment key."""

from clinic.http import changes

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


def forget(sender, change, **kwargs):
    """content_changed listener: the fragments of the pages that show a changed image."""
    from wagtail.images import get_image_model

    from clinic.http.images import pages_using_image

    image_ids = change.objects.get(changes.IMAGE, ())
    for image in get_image_model().objects.filter(pk__in=image_ids):
        forget_cached_fragments(pages_using_image(image))


def _announce(kind):
    def receiver(sender, instance, **kwargs):
        changes.changed(kind, everything=True, objects=[instance.pk])

    return receiver


def connect():
    from django.db.models.signals import post_delete, post_save

    from .models import Practitioner, TopicName

    for model, kind in ((Practitioner, changes.PRACTITIONER), (TopicName, changes.TOPIC_NAME)):
        receiver = _announce(kind)
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"articles-{kind}")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"articles-d-{kind}")
    changes.content_changed.connect(forget, dispatch_uid="articles-fragments")
