"""The one shape of a moderation write: lock the row, check it again under the lock, change
it, then log the decision and tell the person.

When two moderators act on the same row at once, the row lock makes the second wait until
the first commits; the second then sees the new state and gets the error `loser` builds
(what happened instead), so exactly one decision is recorded.
"""

from collections.abc import Callable, Collection, Iterable

from django.db.models import Model, QuerySet

from forum.services.notifications import notify
from moderation.models import Decision
from moderation.services.log import record_decision


def set_fields(**values) -> Callable[[Model], list[str]]:
    """A change for `lock_and_change` that sets these fields (and saves only them)."""

    def change(row: Model) -> list[str]:
        for name, value in values.items():
            setattr(row, name, value)
        return list(values)

    return change


def lock_and_change[Row: Model](
    queryset: QuerySet[Row],
    pk: int,
    *,
    allowed: Collection | Callable[[Row], bool],
    loser: Callable[[Row], Exception],
    change: Callable[[Row], Iterable[str]],
    check: Callable[[Row], None] | None = None,
    field: str = "status",
) -> tuple[Row, object]:
    """Re-reads row `pk` of `queryset` under a row lock and applies `change` to it, if its
    `field` is still one of `allowed` (or `allowed(row)` holds). Returns the saved row and
    the value `field` had before.

    `check` re-asks the actor's rights on the locked row (a thread may have moved to another
    theme since the caller read it) and raises PermissionDenied. `change` sets the fields and
    returns their names, which are the only ones saved.
    """
    locked = queryset.select_for_update(of=("self",)).get(pk=pk)
    if check is not None:
        check(locked)
    before = getattr(locked, field)
    ok = allowed(locked) if callable(allowed) else before in allowed
    if not ok:
        raise loser(locked)
    fields = list(change(locked))
    if fields:
        locked.save(update_fields=fields)
    return locked, before


def log_and_notify(*, notice: dict | None = None, **decision) -> Decision:
    """Writes the decision's log row (`record_decision`'s arguments) and then tells the person
    (`notify`'s arguments; its e-mail leaves once the transaction commits)."""
    made = record_decision(**decision)
    if notice is not None:
        notify(**notice)
    return made
