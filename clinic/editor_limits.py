"""How many form fields and bytes the admin's page editor posts for the largest article the
content limits allow (ARTICLE_MAX_* settings, articles.limits): the values of Django's
DATA_UPLOAD_MAX_NUMBER_FIELDS and DATA_UPLOAD_MAX_MEMORY_SIZE (clinic.settings.base). Over them,
Django refuses a request before any view runs; the admin checks a form against them before
sending it (clinic/static/clinic/js/admin-limits.js) and clinic.views.bad_request explains a
refusal in the admin's style. Here in clinic, not articles, because the settings read it."""

RELATED_LINKS = 10  # the Related articles panel's max_num (articles.models.article)

# What the admin's page editor posts (Wagtail 8, counted in a browser by
# tests/browser/test_editor_limits.py): every StreamField child sends type, id, order and deleted
# plus its value's fields; a list item deleted, order and id plus title and text; an inline form
# (reference, related link) its fields plus id, ORDER and DELETE.
EDITOR_FIELDS_PER_BLOCK = 4 + 3  # the widest blocks (callout, image) have three value fields
EDITOR_FIELDS_PER_LIST = 1  # items-count
EDITOR_FIELDS_PER_LIST_ITEM = 3 + 2
EDITOR_FIELDS_PER_REFERENCE = 11 + 3
EDITOR_FIELDS_PER_RELATED_LINK = 1 + 3
# Everything else on the edit form (title, slug, summary, dates, topics, comments, formset
# management forms, action buttons…): 181 counted in the browser, with room for new fields.
EDITOR_FIXED_FIELDS = 400
# Bytes: every stored character may take 4 bytes in UTF-8 and 3 times that percent-encoded, and
# the editor sends rich text as Draftail's JSON with some bytes of structure per block and per
# styled range; with the fixed fields' share and a factor of 2 for that structure.
EDITOR_BYTES_PER_CHARACTER = 4 * 3
EDITOR_BYTES_PER_BLOCK = 1024
EDITOR_FIXED_BYTES = 256 * 1024


def editor_fields(blocks: int, list_items: int, references: int) -> int:
    """The form fields the page editor posts for the largest article the limits allow: the value
    of DATA_UPLOAD_MAX_NUMBER_FIELDS (clinic.settings)."""
    return (
        EDITOR_FIXED_FIELDS
        + blocks * (EDITOR_FIELDS_PER_BLOCK + EDITOR_FIELDS_PER_LIST)
        + list_items * EDITOR_FIELDS_PER_LIST_ITEM
        + references * EDITOR_FIELDS_PER_REFERENCE
        + RELATED_LINKS * EDITOR_FIELDS_PER_RELATED_LINK
    )


def editor_bytes(characters: int, blocks: int, list_items: int, references: int) -> int:
    """The bytes the page editor posts for the largest article the limits allow: the value of
    DATA_UPLOAD_MAX_MEMORY_SIZE (clinic.settings)."""
    structure = (blocks + list_items + references) * EDITOR_BYTES_PER_BLOCK
    return 2 * (EDITOR_FIXED_BYTES + characters * EDITOR_BYTES_PER_CHARACTER + structure)
