from wagtail import hooks

from clinic.http.cache import allow_public_cache


@hooks.register("before_serve_page")
def allow_shared_caches_for_public_pages(page, request, serve_args, serve_kwargs):
    """A live page (and its sub-routes: handouts) without a view restriction on it or an ancestor
    may be kept by shared caches; clinic.http.cache still refuses for logged-in users and cookies.
    Previews never pass through this hook."""
    if not page.get_view_restrictions().exists():
        allow_public_cache(request)


@hooks.register("register_admin_urls")
def security_admin_urls():
    from clinic.security import admin as security_admin
    from clinic.security import twofactor

    return [*twofactor.urlpatterns(), *security_admin.urlpatterns()]


@hooks.register("register_reports_menu_item")
def login_lockouts_menu_item():
    from clinic.security.admin import menu_item

    return menu_item()


@hooks.register("register_account_menu_item")
def two_factor_account_menu_item(request):
    from django.urls import reverse

    return {
        "url": reverse("clinic_2fa_setup"),
        "label": "Two-factor authentication",
        "help_text": "Ask for a code from an authenticator app on your phone after your password.",
    }


@hooks.register("register_account_menu_item")
def backup_codes_account_menu_item(request):
    from django.urls import reverse

    return {
        "url": reverse("clinic_2fa_backup_codes"),
        "label": "Backup codes",
        "help_text": "One-time codes to sign in with if you lose your phone.",
    }


@hooks.register("insert_global_admin_js")
def form_limits_check():
    """Every admin form is checked against the server's field and byte limits before it is sent
    (clinic/static/clinic/js/admin-limits.js): over them, staff keep their work and get a
    message instead of a bare error page."""
    from django.conf import settings
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html(
        '<script src="{}" data-max-fields="{}" data-max-bytes="{}"></script>',
        static("clinic/js/admin-limits.js"),
        settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
    )


@hooks.register("after_edit_page")
@hooks.register("after_create_page")
def say_what_happened(request, page):
    """ "Published", "submitted for medical review", "created" instead of "has been updated"."""
    from clinic.workflow_messages import reword

    reword(request, page)
