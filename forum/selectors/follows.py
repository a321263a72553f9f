"""Follows: whether a person follows something, what they follow, and who follows the
targets of an event (for notifying them)."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from accounts.models import User
from forum import followables, permissions
from forum.models import Follow, Thread
from forum.selectors.pages import page_of

FOLLOWS_PER_PAGE = 50
# The order of the groups on the following page.
_KIND_ORDER = [
    Follow.Target.THREAD,
    Follow.Target.THEME,
    Follow.Target.TAG,
    Follow.Target.CHAPTER,
]


def is_following(user, target) -> bool:
    if not user.is_authenticated:
        return False
    kind, pk = followables.target_of(target)
    return Follow.objects.filter(user=user, target_type=kind, target_id=pk).exists()


@dataclass(frozen=True)
class FollowButton:
    """What a page's follow button needs (templates/includes/follow_button.html)."""

    kind: str
    target_id: int
    following: bool


def follow_button(user, target) -> FollowButton | None:
    """The follow button for `target`, or None for someone who may not follow it (not
    signed in): one query at most."""
    if not permissions.can_follow(user, target):
        return None
    kind, pk = followables.target_of(target)
    return FollowButton(kind=kind, target_id=pk, following=is_following(user, target))


def _visible_targets(user, kind: str) -> QuerySet | None:
    """The objects of `kind` this person may see (and so follow); None for an unknown kind."""
    model = followables.model_for(kind)
    if model is None:
        return None
    qs = model.objects.all()
    if model is Thread:
        # A thread hidden since it was followed is gone for its follower too.
        qs = permissions.visible_threads(user, qs.select_related("theme", "first_post"))
    return qs


def followable_or_none(user, kind: str, pk: int):
    """The object of `kind` with id `pk`, if it exists and this person may see it."""
    qs = _visible_targets(user, kind)
    return None if qs is None else qs.filter(pk=pk).first()


def _targets(user, kind: str, ids: list[int]) -> dict[int, object]:
    qs = _visible_targets(user, kind)
    return {} if qs is None else qs.in_bulk(ids)


def following_page(user: User, *, page: int | str = 1) -> Page:
    """One page of what this person follows, grouped by kind (threads, themes, tags,
    chapters), newest first within each: a COUNT, the page, and one query per kind on it.

    Each row carries `target`, the object followed, or None when it is gone or no longer
    visible to them."""
    rank = Case(
        *(When(target_type=kind, then=Value(i)) for i, kind in enumerate(_KIND_ORDER)),
        output_field=IntegerField(),
    )
    qs = (
        Follow.objects.filter(user=user)
        .annotate(kind_rank=rank)
        .order_by("kind_rank", "-created_at", "-pk")
    )
    page_obj = page_of(qs, per_page=FOLLOWS_PER_PAGE, number=page)
    rows = list(page_obj.object_list)
    by_kind: dict[str, list[int]] = {}
    for row in rows:
        by_kind.setdefault(row.target_type, []).append(row.target_id)
    found = {kind: _targets(user, kind, ids) for kind, ids in by_kind.items()}
    for row in rows:
        row.target = found[row.target_type].get(row.target_id)
    page_obj.object_list = rows
    return page_obj


def follows_of_targets(targets: Iterable[tuple[str, int]]) -> QuerySet[Follow]:
    """The follows of any of `targets` ((kind, id) pairs) by active people, with the person:
    one query however many follow them."""
    by_kind: dict[str, set[int]] = {}
    for kind, pk in targets:
        by_kind.setdefault(kind, set()).add(pk)
    rule = Q(pk__in=[])
    for kind, ids in by_kind.items():
        rule |= Q(target_type=kind, target_id__in=sorted(ids))
    return Follow.objects.filter(rule, user__is_active=True).select_related("user")
