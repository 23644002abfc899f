"""The sitemap in both languages: every live, public page of each translation of the site's home
page, each with its language alternates (xhtml:link hreflang, as Google reads them)."""

from __future__ import annotations

from wagtail.contrib.sitemaps import Sitemap

from clinic.http.queries import without_view_restrictions


class LocalizedSitemap(Sitemap):
    def items(self):
        from wagtail.models import Page

        site = self.get_wagtail_site()
        roots = site.root_page.get_translations(inclusive=True).live()
        pages = Page.objects.none()
        for root in roots:
            pages = pages | Page.objects.descendant_of(root, inclusive=True)
        return (
            without_view_restrictions(pages.live()).order_by("path").defer_streamfields().specific()
        )

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        locations = {url["location"] for url in urls}
        alternates = self._alternates()
        for url in urls:
            group = alternates.get(url["location"])
            if group and len(group) > 1 and url["location"] in locations:
                url["alternates"] = group
        return urls

    def _alternates(self) -> dict[str, list[dict]]:
        """{page URL: [{"lang_code", "location"}, ...]} over the pages listed, grouped by
        translation (one pass over the items)."""
        groups: dict = {}
        for item in self.items().only("translation_key", "locale", "url_path"):
            groups.setdefault(item.translation_key, []).append(
                {
                    "lang_code": item.locale.language_code,
                    "location": item.get_full_url(self.request),
                }
            )
        result = {}
        for group in groups.values():
            for entry in group:
                result[entry["location"]] = group
        return result
