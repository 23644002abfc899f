from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_cache_tables(sender, using="default", **kwargs):
    """`migrate` also creates the database cache's table (production's shared cache), so a deploy
    needs no extra `createcachetable` step. Does nothing for other cache backends."""
    from django.conf import settings
    from django.core.management import call_command

    if any(c["BACKEND"].endswith(".DatabaseCache") for c in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=0)


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = "Clinic"

    def ready(self):
        post_migrate.connect(create_cache_tables, sender=self, dispatch_uid="clinic-cache-tables")
        from clinic import checks  # noqa: F401 - registers the system checks
        from clinic.http import bulk, cache, changes, purge

        bulk.connect()
        changes.connect()
        cache.connect()
        purge.connect()
