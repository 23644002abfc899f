from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Health articles"

    def ready(self):
        from . import signals
        from .review import slugs

        signals.connect()
        slugs.connect()
