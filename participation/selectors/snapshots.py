"""The stored participation figures (participation/services.py), as the pages read them.

A snapshot younger than `PARTICIPATION_FIGURES_REFRESH_SECONDS` is shown as it is. An older
one is still shown while a recount is asked for, until it is
`PARTICIPATION_FIGURES_MAX_AGE_SECONDS` old: from then on it is never shown, and the pages
say the figures are being counted instead.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from participation.codec import from_json
from participation.models import FigureSnapshot
from participation.selectors.dashboard import DashboardFigures
from participation.selectors.report import ReportFigures


@dataclass(frozen=True)
class Snapshot:
    counted_at: datetime
    dashboard: DashboardFigures
    report: ReportFigures

    @property
    def age(self) -> timedelta:
        return timezone.now() - self.counted_at

    @property
    def is_due(self) -> bool:
        """Old enough to be counted again."""
        return self.age > timedelta(seconds=settings.PARTICIPATION_FIGURES_REFRESH_SECONDS)

    @property
    def is_stale(self) -> bool:
        """Too old to be shown at all."""
        return self.age > timedelta(seconds=settings.PARTICIPATION_FIGURES_MAX_AGE_SECONDS)


def latest_snapshot(*, language: str) -> Snapshot | None:
    """The stored figures in `language`, or None when there are none that this version of
    the figures can read (a snapshot written before a field was added, say)."""
    row = FigureSnapshot.objects.filter(language=language).first()
    if row is None:
        return None
    try:
        return Snapshot(
            counted_at=row.counted_at,
            dashboard=from_json(DashboardFigures, row.figures["dashboard"]),
            report=from_json(ReportFigures, row.figures["report"]),
        )
    except (KeyError, TypeError, ValueError):
        return None
