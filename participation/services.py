"""Counting the participation figures into a stored snapshot, and asking for that to be done.

The pages never count: they read the snapshot (participation/selectors/snapshots.py) and,
when it ages, ask for a recount in the background (`request_refresh`), so a moderator does
not wait seconds for 100,000 posts to be counted, nor a request time out.
"""

from dataclasses import replace
from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation

from participation.codec import to_json
from participation.models import FigureSnapshot

# While a recount is asked for and not yet done, a page asks no more of it; after this long
# without an answer (a worker that died) the next page asks again.
PENDING_SECONDS = 120
_PENDING_KEY = "participation:refresh-pending:{language}"


def refresh_figures(
    *, language: str, unless_counted_since: datetime | None = None
) -> FigureSnapshot:
    """Counts both pages' figures in `language` and stores them as its snapshot. Does
    nothing when a snapshot counted at or after `unless_counted_since` is already there
    (another worker answered the same request first)."""
    from participation.selectors.dashboard import dashboard_figures
    from participation.selectors.report import report_figures

    if unless_counted_since is not None:
        found = FigureSnapshot.objects.filter(
            language=language, counted_at__gte=unless_counted_since
        ).first()
        if found is not None:
            cache.delete(_PENDING_KEY.format(language=language))
            return found
    # Both pages carry the time the count began: what they show is at least that recent.
    counted_at = timezone.now()
    with translation.override(language):
        figures = {
            "dashboard": to_json(replace(dashboard_figures(), counted_at=counted_at)),
            "report": to_json(replace(report_figures(), counted_at=counted_at)),
        }
    with transaction.atomic():
        snapshot, _ = FigureSnapshot.objects.update_or_create(
            language=language, defaults={"counted_at": counted_at, "figures": figures}
        )
    cache.delete(_PENDING_KEY.format(language=language))
    return snapshot


def request_refresh(*, language: str) -> bool:
    """Queues a recount of the figures in `language` unless one is already waiting.
    Returns whether it queued one. With the immediate task backend (tests, `make run`) the
    recount is done when this returns."""
    from participation.tasks import refresh_figures_task

    if not cache.add(_PENDING_KEY.format(language=language), True, PENDING_SECONDS):
        return False
    refresh_figures_task.enqueue(language=language, requested_at=timezone.now().isoformat())
    return True
