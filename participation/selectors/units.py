"""Each unit's acceptance rate and median time to decision, from the decision log.

The time to decision is the time from a contribution's submission to the unit's first
decision on it (approval, a request for changes or a rejection); later decisions on the
same post follow the author's changes, so they would measure the author rather than the
unit. The median is taken by the database: each unit's waits are numbered in order with a
window function and only the one or two middle rows are read.
"""

from datetime import timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import RowNumber

from moderation.models import Decision, Unit
from participation.figures import UnitFigures
from participation.selectors.functions import SecondsBetween

SETTLING = (
    Decision.Action.APPROVE,
    Decision.Action.REQUEST_CHANGES,
    Decision.Action.REJECT,
)


def _first_decisions():
    settling = Decision.objects.filter(action__in=SETTLING, unit__isnull=False, post__isnull=False)
    earlier = Decision.objects.filter(
        action__in=SETTLING,
        unit=OuterRef("unit"),
        post=OuterRef("post"),
        created_at__lt=OuterRef("created_at"),
    )
    return settling.filter(~Exists(earlier))


def _median_waits() -> dict[int, timedelta]:
    ranked = _first_decisions().annotate(
        wait=SecondsBetween(F("created_at"), F("post__created_at")),
        position=Window(RowNumber(), partition_by=[F("unit_id")], order_by=[F("wait").asc()]),
        size=Window(Count("pk"), partition_by=[F("unit_id")]),
    )
    # For n waits the middle is row (n + 1) / 2 and row (n + 2) / 2, in integer division:
    # the same row when n is odd, the two middle ones when it is even.
    middle = ranked.filter(
        position__gte=(F("size") + 1) / 2, position__lte=(F("size") + 2) / 2
    ).values_list("unit_id", "wait")
    waits: dict[int, list] = {}
    for unit_id, wait in middle:
        waits.setdefault(unit_id, []).append(wait)
    return {
        unit_id: timedelta(seconds=round(sum(values) / len(values)))
        for unit_id, values in waits.items()
    }


def unit_figures() -> list[UnitFigures]:
    counts = {
        row["unit_id"]: row
        for row in Decision.objects.filter(
            action__in=SETTLING, unit__isnull=False, post__isnull=False
        )
        .order_by()
        .values("unit_id")
        .annotate(
            decided=Count("post", distinct=True),
            approved=Count("pk", filter=Q(action=Decision.Action.APPROVE)),
            changes_requested=Count("pk", filter=Q(action=Decision.Action.REQUEST_CHANGES)),
            rejected=Count("pk", filter=Q(action=Decision.Action.REJECT)),
        )
    }
    medians = _median_waits()
    figures = []
    for unit in Unit.objects.order_by("code"):
        row = counts.get(unit.pk, {})
        figures.append(
            UnitFigures(
                code=unit.code,
                name=unit.name,
                decided=row.get("decided", 0),
                approved=row.get("approved", 0),
                changes_requested=row.get("changes_requested", 0),
                rejected=row.get("rejected", 0),
                median_wait=medians.get(unit.pk),
            )
        )
    return figures
