"""The search index keeps its title and body vectors in its rows (clinic migration 0004): ranking
reads every match's body vector, and a vector moved to the TOAST table cost a look-up and two or
three chunk reads per match (15.5 ms for 1,842 matches, 3.7 ms inline). A Wagtail upgrade that
rebuilds the table would silently drop this; these tests say so."""

import json

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's storage"),
]

ROWS = 40


def test_title_and_body_vectors_are_kept_in_the_rows():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute "
            "WHERE attrelid = 'wagtailsearch_indexentry'::regclass AND attname IN "
            "('title', 'body', 'body_text')"
        )
        storage = dict(cursor.fetchall())
    assert storage == {"title": "m", "body": "m", "body_text": "x"}


def test_reading_body_vectors_reads_no_toast_chunks():
    """A vector of an article's size (~3.6 kB, past PostgreSQL's 2 kB TOAST threshold) is read
    from its row, where TOAST storage needs an index look-up and two chunks for each."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    content_type = ContentType.objects.get_for_model(Page).pk
    words = " ".join(f"w{word}q" for word in range(300))
    with connection.cursor() as cursor:
        for row in range(ROWS):
            cursor.execute(
                "INSERT INTO wagtailsearch_indexentry (content_type_id, object_id, title_norm, "
                "autocomplete, title, body, title_text, body_text) VALUES (%s, %s, 1, "
                "''::tsvector, to_tsvector('simple', %s), to_tsvector('simple', %s), '', '')",
                [content_type, f"storage-{row}", f"title {row}", f"{words} r{row}"],
            )
        cursor.execute(
            "SELECT min(pg_column_size(body)) FROM wagtailsearch_indexentry "
            "WHERE object_id LIKE 'storage-%%'"
        )
        assert cursor.fetchone()[0] > 2500  # would be moved out of the row by default
        cursor.execute(
            "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT sum(length(body)) "
            "FROM wagtailsearch_indexentry WHERE object_id LIKE 'storage-%%'"
        )
        plan = cursor.fetchone()[0]
    plan = plan if isinstance(plan, list) else json.loads(plan)
    aggregate = plan[0]["Plan"]
    (scan,) = aggregate["Plans"]

    def buffers(node):
        return node["Shared Hit Blocks"] + node["Shared Read Blocks"]

    # The scan reads the table's pages; what the aggregate reads beyond them is TOAST (measured:
    # 0 with the vectors in the rows, 93 for 40 rows with PostgreSQL's default storage).
    assert buffers(aggregate) - buffers(scan) < ROWS // 4, (buffers(aggregate), buffers(scan))
