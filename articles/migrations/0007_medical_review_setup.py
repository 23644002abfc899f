"""Groups "Editors" and "Medical reviewers", their page permissions and the "Medical review"
workflow (with its MedicalReviewTask) on every language's article index (issue 18). Reversing
leaves the groups and the workflow in place (staff may have changed them since; removing them
would open the gate)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from articles.review.setup import ensure_review_setup

    ensure_review_setup(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_medical_review"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtail_localize", "0006_create_submit_translation_permission"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
