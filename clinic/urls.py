from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views import serve as wagtaildocs_serve

from clinic import views as clinic_views
from clinic.http.cache import public_cache
from clinic.i18n.languages import in_return_url_language
from clinic.security.password_reset import ThrottledPasswordResetView
from clinic.security.throttle import throttle_password_form
from clinic.sitemap import LocalizedSitemap

urlpatterns = [
    # Wagtail's document-password form, throttled (clinic.security.throttle); same path and name as
    # Wagtail's own, matched first. Documents have no language prefix: it answers in the language
    # of the page the form came from.
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        in_return_url_language(
            throttle_password_form("document", "restriction_id")(
                wagtaildocs_serve.authenticate_with_password
            )
        ),
        name="wagtaildocs_authenticate_with_password",
    ),
    # Wagtail's "forgot password" form, throttled and the same for every address (same path and
    # name as Wagtail's own, matched first; clinic.security.password_reset).
    path(
        "admin/password_reset/",
        ThrottledPasswordResetView.as_view(),
        name="wagtailadmin_password_reset",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "sitemap.xml",
        public_cache(sitemap),
        {"sitemaps": {"pages": LocalizedSitemap}},
        name="sitemap",
    ),
    path("robots.txt", clinic_views.robots_txt, name="robots_txt"),
    path("healthz", clinic_views.healthz, name="healthz"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# English at today's URLs, Spanish under /es/ (search, feed and every page). A prefix that is not a
# language of the site (/fr/, /es-mx/) is an ordinary path: Wagtail finds no page there, 404.
urlpatterns += i18n_patterns(
    # Wagtail's page-password form, throttled (clinic.security.throttle): the same path and name as
    # Wagtail's own in wagtail_urls below, matched first — in both languages, since the form on a
    # Spanish page reverses to /es/_util/… (it once reached Wagtail's unthrottled view there).
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        throttle_password_form("page", "page_view_restriction_id")(
            clinic_views.return_to_page(wagtail_views.authenticate_with_password)
        ),
        name="wagtailcore_authenticate_with_password",
    ),
    path(
        "language-assistance/",
        clinic_views.language_assistance,
        name="language_assistance",
    ),
    path("", include("articles.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler400 = "clinic.views.bad_request"
handler404 = "clinic.views.page_not_found"
handler500 = "clinic.views.server_error"
