from django.apps import AppConfig


class HandoutsConfig(AppConfig):
    name = "handouts"
    verbose_name = "Patient handouts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
