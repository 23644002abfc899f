"""PostgreSQL: keep the search index's title and body vectors in the table's rows (storage MAIN)
rather than in its TOAST table.

A search ranks every match (clinic.i18n.search), reading each match's body vector. A body vector
of a few kilobytes was moved out of the row (PostgreSQL's default for values past ~2 kB) and
stored uncompressed (a tsvector does not compress), so each match cost a TOAST index look-up and
two or three chunk reads: ranking the 1,842 matches of "sleep cramps" among 2,019 articles read
18,800 buffers, 15.5 ms; with the vectors in the rows, 2,000 buffers, 3.7 ms. PostgreSQL still
moves a vector out of its row when the row would not fit a page otherwise. The plain-text
columns (`title_text`, `body_text`) keep the default: they are not read by the search.

Existing rows are rewritten so that the new storage applies to them too. Elsewhere (SQLite, the
`make run` default) nothing to do. Pinned by tests/clinic/test_search_storage.py (a Wagtail
upgrade that rebuilds the table would drop it)."""

from django.db import migrations

COLUMNS = ("title", "body")


def set_storage(schema_editor, storage: str) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for column in COLUMNS:
            cursor.execute(
                f"ALTER TABLE wagtailsearch_indexentry ALTER COLUMN {column} SET STORAGE {storage}"
            )
        # A new value (the vector joined with an empty one is the same vector) is stored with the
        # column's new storage; an unchanged one would be kept where it is.
        cursor.execute(
            "UPDATE wagtailsearch_indexentry SET "
            + ", ".join(f"{column} = {column} || ''::tsvector" for column in COLUMNS)
        )


def inline_vectors(apps, schema_editor):
    set_storage(schema_editor, "MAIN")


def default_storage(apps, schema_editor):
    set_storage(schema_editor, "EXTENDED")


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0003_phone_help_and_fallback"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(inline_vectors, default_storage, elidable=False)]
