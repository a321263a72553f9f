"""Writes the search index again from scratch: every post, every registered source.

The services keep the index current as they write; this is for a new installation, a
database restored from a dump, a change to what is indexed (a new spelling pair, a new
field) or rows written past the services (a bulk import). ``--dry-run`` counts the
documents per source that a rebuild would write.
"""

from django.core.management.base import BaseCommand

from forum.search import rebuild_search_index


class Command(BaseCommand):
    help = "Rebuilds the full-text search index from the posts and registered sources."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the documents; write nothing."
        )

    def handle(self, *args, dry_run: bool, **options):
        outcome = rebuild_search_index(dry_run=dry_run)
        verb = "would be indexed" if dry_run else "indexed"
        for source, count in outcome.counts.items():
            self.stdout.write(f"{source}: {count} {verb}")
        self.stdout.write(f"total: {outcome.total} {verb}")
