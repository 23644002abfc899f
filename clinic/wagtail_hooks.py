from wagtail import hooks

from clinic.cache import allow_public_cache


@hooks.register("before_serve_page")
def allow_shared_caches_for_public_pages(page, request, serve_args, serve_kwargs):
    """A live page (and its sub-routes: handouts) without a view restriction on it or an ancestor
    may be kept by shared caches; clinic.cache still refuses for logged-in users and cookies.
    Previews never pass through this hook."""
    if not page.get_view_restrictions().exists():
        allow_public_cache(request)
