"""Who may work which review queue and take which moderation action.

Rules about posts, threads and themes themselves (reporting and hiding a post; locking,
pinning and moving a thread) live in forum/permissions.py; the rules here are about units,
queues, resolving reports, multi-factor authentication and the decision log, and ask those
for the theme.
"""

from django.conf import settings
from django.db.models import Q, QuerySet

from forum.models import Post
from forum.permissions import (
    can_moderate_theme,
    is_administrator,
    moderated_theme_ids,
)
from moderation.models import Decision, Unit

_UNIT_IDS_ATTR = "_moderation_unit_ids"
_MFA_ATTR = "_moderation_has_mfa"


def _unit_ids(user) -> frozenset[int]:
    """Ids of the units this person belongs to, read once per request and kept on the user."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _UNIT_IDS_ATTR, None)
    if cached is None:
        cached = frozenset(Unit.objects.filter(group__user=user).values_list("pk", flat=True))
        setattr(user, _UNIT_IDS_ATTR, cached)
    return cached


# Units and their queues ------------------------------------------------------------------


def is_moderation_staff(user) -> bool:
    """Administrators, members of a unit, and anyone moderating a theme: the people for
    whom moderation pages exist at all (everyone else gets 403 there)."""
    return is_administrator(user) or bool(_unit_ids(user)) or bool(moderated_theme_ids(user))


def visible_units(user, qs: QuerySet[Unit]) -> QuerySet[Unit]:
    """The units whose queues this person may open: their own; every unit for administrators."""
    if is_administrator(user):
        return qs
    return qs.filter(pk__in=_unit_ids(user))


def can_work_unit_queue(user, unit: Unit) -> bool:
    return is_administrator(user) or unit.pk in _unit_ids(user)


# Posts under review ------------------------------------------------------------------------


def can_review_post(user, post: Post) -> bool:
    return can_moderate_theme(user, post.thread.theme)


def reviewable_posts(user, qs: QuerySet[Post]) -> QuerySet[Post]:
    """The posts this person may open for review: those in the themes they moderate."""
    return qs.filter(thread__theme_id__in=moderated_theme_ids(user))


# Multi-factor authentication ---------------------------------------------------------------


def has_required_mfa(user) -> bool:
    """Whether this person has a TOTP authenticator set up (allauth.mfa)."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, _MFA_ATTR, None)
    if cached is None:
        from allauth.mfa.models import Authenticator

        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        setattr(user, _MFA_ATTR, cached)
    return cached


def is_mfa_exempt(user) -> bool:
    exempt = {email.strip().lower() for email in settings.MODERATION_MFA_EXEMPT_EMAILS}
    return bool(user.is_authenticated and user.email and user.email.lower() in exempt)


def may_take_moderation_actions(user) -> bool:
    """Moderation rights are worth stealing, so a password alone does not carry them:
    moderators and administrators act only once TOTP is on (or their demo account is exempt).
    """
    if not (user.is_authenticated and user.is_active):
        return False
    return is_mfa_exempt(user) or has_required_mfa(user)


# Reports -----------------------------------------------------------------------------------


def can_resolve_report(user, report) -> bool:
    return can_moderate_theme(user, report.post.thread.theme)


def visible_reports(user, qs: QuerySet) -> QuerySet:
    """Reports on posts in the themes this person moderates."""
    return qs.filter(post__thread__theme_id__in=moderated_theme_ids(user))


# Account approval ---------------------------------------------------------------------------


def can_work_account_queue(user) -> bool:
    """Accounts belong to no theme, so any unit's moderator (or an administrator) may decide."""
    return is_moderation_staff(user)


# The decision log ---------------------------------------------------------------------------


def can_view_decision_log(user) -> bool:
    return is_moderation_staff(user)


def visible_decisions(user, qs: QuerySet) -> QuerySet:
    """Administrators see every row. A moderator sees their units' rows, the rows about
    accounts (any unit may decide on those), and rows made in no unit's name (automatic
    hiding after reports, an administrator's action) about the themes they moderate."""
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
