import pytest
from wagtail.models import Site
from handouts import render
from .test_render import _ensure_demo_content
from .test_structure_tree import _variants
pytestmark = pytest.mark.django_db

def test_dump(django_db_blocker):
    from articles.models import ArticlePage
    from locations.models import live_locations
    _ensure_demo_content()
    site = Site.objects.get(is_default_site=True)
    for page in ArticlePage.objects.live().public().order_by("path"):
        for variant in _variants(live_locations()):
            html = render.render_html(page, variant, site)
            open(f"/tmp/pdftags/{page.slug}__{variant.key}.html", "w").write(html)
            open(f"/tmp/pdftags/{page.slug}__{variant.key}.pdf", "wb").write(render.html_to_pdf(html, render.site_root_url(site)).pdf)
    open("/tmp/pdftags/base_url", "w").write(render.site_root_url(site))
