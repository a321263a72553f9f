"""Two drafters saving the same draft at once, on PostgreSQL where row locks are real."""

import threading

import pytest
from django.db import connection, connections

from guidebook.models import Draft
from guidebook.services import DraftConflict, get_draft, save_draft

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no row locks")


def test_two_concurrent_saves_from_the_same_base_one_wins_one_conflicts(
    chapters, drafter, administrator
):
    chapter = chapters["one"]
    base = save_draft(actor=drafter, chapter=chapter, text="Base.", base_version=0).version
    start = threading.Barrier(2)
    results: dict[str, object] = {}

    def write(name, actor):
        try:
            start.wait()
            results[name] = save_draft(
                actor=actor, chapter=chapter, text=f"Text by {name}.", base_version=base
            )
        except DraftConflict as conflict:
            results[name] = conflict
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=write, args=("drafter", drafter)),
        threading.Thread(target=write, args=("admin", administrator)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    conflicts = [r for r in results.values() if isinstance(r, DraftConflict)]
    saved = [r for r in results.values() if isinstance(r, Draft)]
    assert len(conflicts) == 1 and len(saved) == 1
    stored = get_draft(chapter)
    assert stored.version == base + 1
    assert stored.text == saved[0].text
    # The loser's text comes back with the conflict, next to the winner's.
    assert conflicts[0].current.text == stored.text
    assert conflicts[0].submitted_text != stored.text


def test_a_save_waits_for_the_row_lock_then_conflicts(chapters, drafter, administrator):
    from django.db import transaction

    chapter = chapters["one"]
    save_draft(actor=drafter, chapter=chapter, text="Base.", base_version=0)
    started = threading.Event()
    outcome = {}

    def late_writer():
        try:
            started.set()
            save_draft(actor=drafter, chapter=chapter, text="Late.", base_version=1)
            outcome["result"] = "saved"
        except DraftConflict as conflict:
            outcome["result"] = conflict
        finally:
            connections.close_all()

    with transaction.atomic():
        Draft.objects.select_for_update().get(chapter=chapter)
        thread = threading.Thread(target=late_writer)
        thread.start()
        started.wait()
        thread.join(timeout=0.5)
        assert thread.is_alive(), "the second save must wait for the lock"
        save_draft(actor=administrator, chapter=chapter, text="Early.", base_version=1)
    thread.join(timeout=30)
    assert isinstance(outcome["result"], DraftConflict)
    assert get_draft(chapter).text == "Early."
