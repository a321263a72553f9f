"""The migration to one vocabulary: a review comment's old status and response become its
outcome, without overriding an outcome already recorded."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.factories import UserFactory

APP = "guidebook"


def _migration(suffix: str) -> tuple[str, str]:
    executor = MigrationExecutor(connection)
    names = [name for app, name in executor.loader.disk_migrations if app == APP]
    return APP, next(name for name in names if name.endswith(suffix))


@pytest.mark.django_db(transaction=True)
def test_statuses_and_responses_become_outcomes():
    before = _migration("_translated_chapter_titles")
    after = _migration("_review_outcome_vocabulary_and_suggestions")
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    apps = executor.loader.project_state([before]).apps
    Chapter = apps.get_model(APP, "Chapter")
    ChapterVersion = apps.get_model(APP, "ChapterVersion")
    ReviewRound = apps.get_model(APP, "ReviewRound")
    ReviewComment = apps.get_model(APP, "ReviewComment")
    drafter = UserFactory()
    chapter = Chapter.objects.create(number=9, title="Old data")
    version = ChapterVersion.objects.create(
        chapter=chapter, number=1, text="A.", paragraphs=[], html="", published_by_id=drafter.pk
    )
    review = ReviewRound.objects.create(
        version=version, audience="verified", ends_at=timezone.now(), opened_by_id=drafter.pk
    )
    common = {
        "round": review,
        "chapter": chapter,
        "version": version,
        "para_id": 1,
        "body": "x",
        "body_html": "<p>x</p>",
        "author_id": drafter.pk,
    }
    now = timezone.now()
    addressed = ReviewComment.objects.create(
        **common,
        status="addressed",
        response="Done.",
        responded_by_id=drafter.pk,
        responded_at=now,
    )
    declined = ReviewComment.objects.create(**common, status="declined", response="No room.")
    both = ReviewComment.objects.create(
        **common, status="addressed", response="Said so.", outcome="partly", outcome_reason="Half"
    )
    untouched = ReviewComment.objects.create(**common, status="open")
    not_used = ReviewComment.objects.create(
        **common, status="open", outcome="not_used", outcome_reason="Dup"
    )

    executor = MigrationExecutor(connection)
    executor.migrate([after])
    apps = executor.loader.project_state([after]).apps
    ReviewComment = apps.get_model(APP, "ReviewComment")
    rows = {
        c.pk: (c.outcome, c.outcome_reason, c.outcome_by_id) for c in ReviewComment.objects.all()
    }
    assert rows[addressed.pk] == ("incorporated", "Done.", drafter.pk)
    assert rows[declined.pk] == ("not_incorporated", "No room.", None)
    assert rows[both.pk] == ("partly", "Half", None)  # the outcome recorded stands
    assert rows[untouched.pk] == ("", "", None)
    assert rows[not_used.pk] == ("not_incorporated", "Dup", None)
    # Back to the latest state for the other tests.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
