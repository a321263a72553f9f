"""Renders every stored Markdown again under the current markup rules.

HTML is rendered once, when a post, comment or draft is written, and pages show what was
stored. After a release that changes the rules (this one moved the sanitiser from bleach
to nh3) older rows keep their old rendering until this command runs once; ``--dry-run``
first shows how many rows per model would change. Rows whose text the current rules
refuse are listed and left as they are.
"""

from django.core.management.base import BaseCommand

from forum.markup.rerender import rerender_markup


class Command(BaseCommand):
    help = "Re-renders stored HTML from its Markdown; saves only rows whose HTML changed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count the rows that would change; write nothing.",
        )
        parser.add_argument("--batch-size", type=int, default=200)

    def handle(self, *args, dry_run: bool, batch_size: int, **options):
        verb = "would change" if dry_run else "changed"
        for outcome in rerender_markup(dry_run=dry_run, batch_size=batch_size):
            self.stdout.write(f"{outcome.label}: {outcome.changed} of {outcome.checked} {verb}")
            if outcome.refused:
                ids = ", ".join(map(str, outcome.refused))
                self.stdout.write(f"  refused by the current rules, left as they were: {ids}")
