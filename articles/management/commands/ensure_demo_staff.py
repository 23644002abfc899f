"""Create or update the demo's staff accounts — an editor and a medical reviewer linked to the demo
practitioner — and print how to log in (beside the admin's, in `make run`)."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import BaseCommand, CommandError

from articles.models import Practitioner
from articles.review.setup import EDITORS, MEDICAL_REVIEWERS

REVIEWER_PRACTITIONER = "Dana Whitfield"


class Command(BaseCommand):
    help = (
        "Create or update the demo 'editor' (group Editors) and 'reviewer' (group Medical "
        "reviewers, linked to the demo practitioner). Password from DEMO_STAFF_PASSWORD, else a "
        "generated one. Run after load_demo_content."
    )

    def handle(self, *args, **options):
        practitioner = Practitioner.objects.filter(name=REVIEWER_PRACTITIONER).first()
        if practitioner is None:
            raise CommandError("Load the demo content first (manage.py load_demo_content).")
        password = os.environ.get("DEMO_STAFF_PASSWORD") or secrets.token_urlsafe(12)
        source = (
            "from DEMO_STAFF_PASSWORD" if os.environ.get("DEMO_STAFF_PASSWORD") else "generated"
        )
        editor = self.ensure_user("editor", EDITORS, password)
        reviewer = self.ensure_user("reviewer", MEDICAL_REVIEWERS, password)
        if practitioner.user_id != reviewer.pk:
            Practitioner.objects.filter(user=reviewer).exclude(pk=practitioner.pk).update(user=None)
            practitioner.user = reviewer
            practitioner.save(update_fields=["user"])
        bar = "=" * 64
        self.stdout.write(
            f"\n{bar}\n  Demo staff logins ({source} for this run):\n"
            f"    editor (writes, submits):      user {editor.username}    password {password}\n"
            f"    reviewer ({practitioner.display_name}, approves): "
            f"user {reviewer.username}  password {password}\n{bar}\n"
        )

    def ensure_user(self, username, group_name, password):
        user, _created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com"}
        )
        user.is_staff = False
        user.is_superuser = False
        user.is_active = True
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=group_name))
        return user
