"""Stored handouts move from files under MEDIA_ROOT/handouts/ into the database.

The old files sat under the publicly served media folder (drafts and restricted articles included)
and existed on one app server only. They are deleted here, with their rows: stored handouts are a
cache, rendered again on the next request or publish."""

import shutil
from pathlib import Path

from django.conf import settings
from django.db import migrations, models


def forget_stored_files(apps, schema_editor):
    from django.core.files.storage import default_storage

    StoredHandout = apps.get_model("handouts", "StoredHandout")
    for name in StoredHandout.objects.values_list("file", flat=True):
        try:
            default_storage.delete(name)
        except Exception:  # noqa: BLE001, S110 - a file already gone is the goal
            pass
    StoredHandout.objects.all().delete()
    folder = Path(settings.MEDIA_ROOT) / "handouts"
    if folder.is_dir() and not folder.is_symlink():
        shutil.rmtree(folder, ignore_errors=True)


class Migration(migrations.Migration):
    dependencies = [("handouts", "0001_initial")]

    operations = [
        migrations.RunPython(forget_stored_files, migrations.RunPython.noop, elidable=True),
        migrations.RemoveField(model_name="storedhandout", name="file"),
        migrations.AddField(
            model_name="storedhandout",
            name="pdf",
            field=models.BinaryField(default=b"", help_text="The rendered PDF."),
            preserve_default=False,
        ),
    ]
