from django.apps import AppConfig


class HandoutsConfig(AppConfig):
    name = "handouts"
    verbose_name = "Patient handouts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from clinic.http.cache import register_reference_kind

        from . import fastpath, signals

        signals.connect()
        register_reference_kind(fastpath.REFERENCE_KIND, fastpath.serve_kept)
