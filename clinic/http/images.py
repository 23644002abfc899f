"""Who shows an image, and when a saved image changed what is shown. Used to forget what was cached
or stored from an image's old file: the article page's body fragment and stored PDF handouts."""

from __future__ import annotations

# Saves that only fill in bookkeeping columns (Wagtail does this lazily) change nothing shown.
BOOKKEEPING_FIELDS = frozenset({"file_size", "file_hash"})


def shown_differently(created: bool, update_fields) -> bool:
    """Whether an image's post_save can change how it looks where it is already used: a new file
    or focal point. A new image is used nowhere yet; bookkeeping saves change nothing."""
    if created:
        return False
    return not (update_fields and set(update_fields) <= BOOKKEEPING_FIELDS)


def pages_using_image(image) -> set[int]:
    """Ids of the pages whose content uses `image` (StreamField image blocks, rich text embeds,
    foreign keys), from Wagtail's reference index."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    page_type = ContentType.objects.get_for_model(Page)
    return {
        int(object_id)
        for object_id in ReferenceIndex.get_references_to(image)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    }
