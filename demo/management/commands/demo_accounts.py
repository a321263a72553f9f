"""Prints the demo accounts, so whoever just ran `make run` knows how to sign in."""

from django.core.management.base import BaseCommand

from accounts.models import User
from demo.services import demo_account_rows


class Command(BaseCommand):
    help = "Prints the demo accounts (e-mail, role, password)."

    def handle(self, *args, **options):
        rows = demo_account_rows()
        existing = set(
            User.objects.filter(email__in=[email for email, _, _ in rows]).values_list(
                "email", flat=True
            )
        )
        rows = [row for row in rows if row[0] in existing]
        if not rows:
            self.stdout.write("No demo accounts: run `manage.py seed_demo --demo` to create them.")
            return
        headers = ("e-mail", "role", "password")
        widths = [max(len(str(r[i])) for r in (headers, *rows)) for i in range(3)]
        line = "  ".join(f"{{:<{w}}}" for w in widths)
        self.stdout.write("Demo accounts:")
        self.stdout.write(line.format(*headers).rstrip())
        self.stdout.write(line.format(*("-" * w for w in widths)).rstrip())
        for row in rows:
            self.stdout.write(line.format(*row).rstrip())
