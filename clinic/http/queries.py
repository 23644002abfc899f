"""Query helpers shared by the apps."""

from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Length, Substr


def without_view_restrictions(pages):
    """`pages` (a page queryset) minus those at or under a page with a view restriction — like
    Wagtail's `.public()`, but in the same query: `.public()` first fetches every restriction, one
    more query each time, and the nav, footer and related articles run on every page view."""
    from wagtail.models import PageViewRestriction

    restricted_ancestor = PageViewRestriction.objects.annotate(
        page_prefix=Substr(OuterRef("path"), 1, Length("page__path"))
    ).filter(page__path=F("page_prefix"))
    return pages.filter(~Exists(restricted_ancestor))


def live_public_under(pages, root_path, root_depth):
    """The live `pages` below the page at `root_path` that anyone may read: Wagtail's
    `descendant_of(root)` written with the root's path and depth as they reach the SQL (so that a
    CompiledQuery can take them as placeholders), without view restrictions."""
    return without_view_restrictions(
        pages.live().filter(path__startswith=root_path, depth__gt=root_depth)
    )


class CompiledQuery:
    """A queryset compiled to SQL once per process, then run with new parameter values.

    On hot paths Django's query construction and compilation cost 1–4 ms per query on this kind of
    machine, the database 0.1–0.2 ms. `build` takes placeholder values and returns the queryset;
    each placeholder must reach the SQL as one parameter (use distinct, unusual values), either as
    itself or, for a text placeholder in a `__startswith` lookup, as the LIKE pattern Django makes
    of it (escaped, then `%`), which is made the same way from the real value.
    The SQL comes from the ORM, so there is still one definition of the query; `suffix` is SQL
    appended as written (e.g. `LIMIT %s OFFSET %s`: Django writes a slice's numbers into the SQL
    itself), its parameters given to `rows()`/`objects()` after the placeholders' values."""

    EXACT, PREFIX = "exact", "prefix"

    def __init__(self, build, *placeholders, suffix: str = ""):
        self.build = build
        self.placeholders = placeholders
        self.suffix = suffix
        self._compiled: dict[str, tuple[str, list]] = {}

    def slots(self, params) -> list[tuple]:
        """For each SQL parameter: (EXACT or PREFIX, placeholder index) or (None, the constant)."""
        slots = []
        for param in params:
            if param in self.placeholders:
                slots.append((self.EXACT, self.placeholders.index(param)))
                continue
            prefixed = [
                index
                for index, placeholder in enumerate(self.placeholders)
                if isinstance(placeholder, str)
                and isinstance(param, str)
                and param == placeholder + "%"
            ]
            # Otherwise a constant of the query itself (e.g. the `1` of an EXISTS subquery).
            slots.append((self.PREFIX, prefixed[0]) if prefixed else (None, param))
        return slots

    def _compile(self, connection):
        queryset = self.build(*self.placeholders)
        sql, params = queryset.query.get_compiler(connection.alias).as_sql()
        return sql + self.suffix, self.slots(params)

    def sql(self, *values) -> tuple[str, list]:
        """The SQL and its parameters for these placeholder values (then the suffix's)."""
        from django.db import connection

        compiled = self._compiled.get(connection.vendor)
        if compiled is None:
            compiled = self._compiled[connection.vendor] = self._compile(connection)
        sql, slots = compiled
        count = len(self.placeholders)
        params = []
        for kind, slot in slots:
            if kind is self.EXACT:
                params.append(values[slot])
            elif kind is self.PREFIX:
                params.append(connection.ops.prep_for_like_query(values[slot]) + "%")
            else:
                params.append(slot)
        return sql, params + list(values[count:])

    def rows(self, *values) -> list[tuple]:
        """Raw rows (no field conversion: an SQLite datetime comes back as text)."""
        from django.db import connection

        sql, params = self.sql(*values)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def objects(self, model, *values) -> list:
        """Instances of `model`, made by Django's raw(): fields with converters, fields the query
        does not select deferred, annotations as attributes."""
        sql, params = self.sql(*values)
        return list(model.objects.raw(sql, params))


def with_locale_code(pages):
    """`pages` with each page's language code as `locale_code`: with attach_locales(), what
    `.select_related("locale")` gives, for a compiled query (raw() follows no relations)."""
    return pages.annotate(locale_code=F("locale__language_code"))


def attach_locales(pages) -> list:
    """Give each page (made by CompiledQuery.objects() from a query of with_locale_code()) its
    `locale`, as select_related would: `page.locale` then asks no query."""
    from wagtail.models import Locale, Page

    field = Page._meta.get_field("locale")
    locales: dict = {}
    for page in pages:
        locale = locales.get(page.locale_id)
        if locale is None:
            locale = locales[page.locale_id] = Locale.from_db(
                "default", ["id", "language_code"], [page.locale_id, page.locale_code]
            )
        field.set_cached_value(page, locale)
    return pages
