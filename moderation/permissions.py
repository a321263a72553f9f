"""Who may work which review queue and take which moderation action.

Rules about posts, threads and themes themselves (reporting and hiding a post; locking,
pinning and moving a thread) live in forum/permissions.py; the rules here are about units,
queues, resolving reports, multi-factor authentication and the decision log, and ask those
for the theme.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from guardian.models import GroupObjectPermission

from forum.models import Post, Theme
from forum.permissions import (
    MODERATE_THEME,
    can_hide_post,
    can_moderate_theme,
    is_administrator,
    moderated_theme_ids,
)
from moderation.models import Decision, ModeratorNote, Unit

_UNIT_IDS_ATTR = "_moderation_unit_ids"
_AUTHENTICATOR_ATTR = "_moderation_has_authenticator"
# Set on request.user by moderation.middleware.SecondFactorMiddleware: whether this
# session's sign-in included the second factor. A user object without it (a shell, a
# management command, a task) has not passed one.
SECOND_FACTOR_ATTR = "_moderation_passed_second_factor"


def _unit_ids(user) -> frozenset[int]:
    """Ids of the units this person belongs to, read once per request and kept on the user."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _UNIT_IDS_ATTR, None)
    if cached is None:
        cached = frozenset(acting_units(user).values_list("pk", flat=True))
        setattr(user, _UNIT_IDS_ATTR, cached)
    return cached


# Units, their members and their themes ---------------------------------------------------


def acting_units(user) -> QuerySet[Unit]:
    """The units this person acts for: those whose group they belong to, by code."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return Unit.objects.none()
    return Unit.objects.filter(group__user=user).order_by("code")


def units_moderating(theme: Theme) -> QuerySet[Unit]:
    """The units whose group holds the moderation permission on `theme`."""
    app_label, codename = MODERATE_THEME.split(".")
    groups = GroupObjectPermission.objects.filter(
        permission__codename=codename,
        permission__content_type__app_label=app_label,
        object_pk=str(theme.pk),
    ).values("group_id")
    return Unit.objects.filter(group_id__in=groups).order_by("code")


def acting_unit(user, theme: Theme | None) -> Unit | None:
    """The unit in whose name `user` acts on `theme`: the first of their units (by code)
    that moderates it. None for an administrator outside any such unit, or with no theme.
    """
    if theme is None:
        return None
    return acting_units(user).filter(pk__in=units_moderating(theme).values("pk")).first()


def unit_theme_ids(units: list[Unit]) -> dict[int, set[int]]:
    """unit id → ids of the themes it moderates, in one query over guardian's group table."""
    app_label, codename = MODERATE_THEME.split(".")
    by_group = {u.group_id: u.pk for u in units}
    result: dict[int, set[int]] = {u.pk: set() for u in units}
    rows = GroupObjectPermission.objects.filter(
        group_id__in=by_group,
        permission__codename=codename,
        permission__content_type__app_label=app_label,
    ).values_list("group_id", "object_pk")
    for group_id, object_pk in rows:
        result[by_group[group_id]].add(int(object_pk))
    return result


# Who gets moderation pages -----------------------------------------------------------------


def is_moderation_staff(user) -> bool:
    """Administrators, members of a unit, and anyone moderating a theme: the people for
    whom moderation pages exist at all (everyone else gets 403 there)."""
    return is_administrator(user) or bool(_unit_ids(user)) or bool(moderated_theme_ids(user))


def visible_units(user, qs: QuerySet[Unit]) -> QuerySet[Unit]:
    """The units whose queues this person may open: their own; every unit for administrators."""
    if is_administrator(user):
        return qs
    return qs.filter(pk__in=_unit_ids(user))


# Posts under review ------------------------------------------------------------------------


def can_review_post(user, post: Post) -> bool:
    return can_moderate_theme(user, post.thread.theme)


def reviewable_posts(user, qs: QuerySet[Post]) -> QuerySet[Post]:
    """The posts this person may open for review: those in the themes they moderate."""
    return qs.filter(thread__theme_id__in=moderated_theme_ids(user))


def can_hide_public_post(user, post: Post) -> bool:
    """Whether the review page offers hiding: the post is public and in the person's themes."""
    return post.status == Post.Status.APPROVED and can_hide_post(user, post)


def can_unhide_post(user, post: Post) -> bool:
    return post.status == Post.Status.HIDDEN and can_hide_post(user, post)


# Moderators' notes -------------------------------------------------------------------------


def can_add_moderator_note(user, post: Post | None) -> bool:
    """A note on a post is for those who may review it. A note on an author (`post` None)
    is about an account, which belongs to no theme, so any unit's moderator may write one."""
    if post is None:
        return is_moderation_staff(user)
    return can_review_post(user, post)


def visible_moderator_notes(user, qs: QuerySet[ModeratorNote]) -> QuerySet[ModeratorNote]:
    """Notes on a post go to every unit that may see the post: the moderators of its theme.
    Notes on an author go to all moderation staff, as accounts belong to no theme. Nobody
    else sees any, and nobody sees the notes about themselves or their own posts, a
    moderator who also writes included."""
    if not is_moderation_staff(user):
        return qs.none()
    qs = qs.exclude(author_id=user.pk).exclude(post__author_id=user.pk)
    if is_administrator(user):
        return qs
    return qs.filter(Q(post__thread__theme_id__in=moderated_theme_ids(user)) | Q(post__isnull=True))


# Two-factor authentication -----------------------------------------------------------------

MFA_REFUSAL = "Sign in with your authenticator app (two-factor authentication) before moderating."


def has_authenticator(user) -> bool:
    """Whether this person has a TOTP authenticator set up (allauth.mfa). It decides what
    the two-factor page asks them to do: set one up, or sign in again using it."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, _AUTHENTICATOR_ATTR, None)
    if cached is None:
        from allauth.mfa.models import Authenticator

        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        setattr(user, _AUTHENTICATOR_ATTR, cached)
    return cached


def passed_second_factor(user) -> bool:
    """Whether this person's current session signed in with the second factor. Having an
    authenticator is not enough: a stolen password opens a session that never used it."""
    return bool(user.is_authenticated and getattr(user, SECOND_FACTOR_ATTR, False))


def is_mfa_exempt(user) -> bool:
    exempt = {email.strip().lower() for email in settings.MODERATION_MFA_EXEMPT_EMAILS}
    return bool(user.is_authenticated and user.email and user.email.lower() in exempt)


def may_take_moderation_actions(user) -> bool:
    """Moderation rights are worth stealing, so a password alone does not carry them:
    moderators and administrators act only in a session that passed the second factor (or
    with a demo account exempt from it).
    """
    if not (user.is_authenticated and user.is_active):
        return False
    return is_mfa_exempt(user) or passed_second_factor(user)


def require_may_act(actor, allowed: bool = True, refusal: str = "") -> None:
    """Raises PermissionDenied unless `actor` holds the right (`allowed`, the answer of the
    rule about the object) and may act in this session. Every moderation service starts here.
    """
    if not (actor is not None and actor.is_authenticated and allowed):
        raise PermissionDenied(refusal or "You do not moderate this theme.")
    if not may_take_moderation_actions(actor):
        raise PermissionDenied(MFA_REFUSAL)


def is_admin_staff(user) -> bool:
    """Staff accounts, for whom the site offers the Django admin."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def can_use_admin(user) -> bool:
    """The admin changes everything moderation guards, so it asks the same second factor."""
    return is_admin_staff(user) and may_take_moderation_actions(user)


# Reports -----------------------------------------------------------------------------------


def can_resolve_report(user, report) -> bool:
    return can_moderate_theme(user, report.post.thread.theme)


def visible_reports(user, qs: QuerySet) -> QuerySet:
    """Reports on posts in the themes this person moderates."""
    return qs.filter(post__thread__theme_id__in=moderated_theme_ids(user))


# Account approval ---------------------------------------------------------------------------


def can_change_unit_themes(user) -> bool:
    """Which themes a unit moderates is the administrators' choice alone."""
    return is_administrator(user)


def can_work_account_queue(user) -> bool:
    """Accounts belong to no theme, so any unit's moderator (or an administrator) may decide."""
    return is_moderation_staff(user)


# The decision log ---------------------------------------------------------------------------


def can_view_decision_log(user) -> bool:
    return is_moderation_staff(user)


def visible_decisions(user, qs: QuerySet) -> QuerySet:
    """Administrators see every row. A moderator sees their units' rows, the rows about
    accounts (any unit may decide on those), and rows made in no unit's name (automatic
    hiding after reports, an administrator's action) about the themes they moderate. Rows
    giving a unit a theme or taking one away carry that unit, so its members see them."""
    if is_administrator(user):
        return qs
    if not is_moderation_staff(user):
        return qs.none()
    account_actions = (Decision.Action.APPROVE_ACCOUNT, Decision.Action.DECLINE_ACCOUNT)
    return qs.filter(
        Q(unit_id__in=_unit_ids(user))
        | Q(action__in=account_actions)
        | Q(unit__isnull=True, thread__theme_id__in=moderated_theme_ids(user))
    )
