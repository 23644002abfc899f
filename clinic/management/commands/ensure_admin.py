"""Create or update the `admin` superuser and print how to log in."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand


class Command(BaseCommand):
    help = "Create or update the 'admin' superuser. Password from ADMIN_PASSWORD, else a generated one."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username="admin", **options):
        password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        generated = "ADMIN_PASSWORD" not in os.environ or not os.environ["ADMIN_PASSWORD"]
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com"}
        )
        user.is_staff = True
        user.is_superuser = True
        user.is_active = True
        user.set_password(password)
        user.save()
        verb = "Created" if created else "Updated"
        source = "generated for this run" if generated else "from ADMIN_PASSWORD"
        bar = "=" * 64
        self.stdout.write(
            f"\n{bar}\n  {verb} the admin login ({source}):\n"
            f"    user:     {username}\n    password: {password}\n"
            f"  Log in at /admin/\n{bar}\n"
        )
