"""Every rule in moderation/permissions.py against every kind of person, on an approved
post in the ATU theme (with a report on it, a decision about it logged for ATU and an ATU
moderator's note on it), and the ATU unit. Each kind is asked twice: in a session that used
the password alone, and in one that passed the second factor. Nobody is exempt from
two-factor authentication here."""

import inspect

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client

from forum.models import Post
from moderation import permissions
from moderation.models import Decision, ModeratorNote, Report
from tests.conftest import KINDS, session_user, sign_in
from tests.factories import ThreadFactory, UserFactory

SIGNED_IN = frozenset(KINDS) - {"anonymous"}
ATU = frozenset({"atu_moderator"})
ATU_MODERATORS = ATU | {"administrator"}
MODERATION_STAFF = frozenset({"atu_moderator", "spmu_moderator", "odihr_moderator"}) | {
    "administrator"
}
ADMINISTRATOR = frozenset({"administrator"})
NOBODY = frozenset()

# rule → (kinds for whom it holds with the password alone, ... after the second factor)
RULES = {
    "acting_units": (ATU, ATU),
    "units_moderating": (ATU, ATU),
    "acting_unit": (ATU, ATU),
    "unit_theme_ids": (ATU, ATU),
    "is_moderation_staff": (MODERATION_STAFF, MODERATION_STAFF),
    "visible_units": (ATU_MODERATORS, ATU_MODERATORS),
    "can_review_post": (ATU_MODERATORS, ATU_MODERATORS),
    "reviewable_posts": (ATU_MODERATORS, ATU_MODERATORS),
    "can_hide_public_post": (ATU_MODERATORS, ATU_MODERATORS),
    "can_unhide_post": (NOBODY, NOBODY),
    "can_add_moderator_note": (ATU_MODERATORS, ATU_MODERATORS),
    "visible_moderator_notes": (ATU_MODERATORS, ATU_MODERATORS),
    "has_authenticator": (NOBODY, SIGNED_IN),
    "passed_second_factor": (NOBODY, SIGNED_IN),
    "is_mfa_exempt": (NOBODY, NOBODY),
    "may_take_moderation_actions": (NOBODY, SIGNED_IN),
    "require_may_act": (NOBODY, ATU_MODERATORS),
    "is_admin_staff": (ADMINISTRATOR, ADMINISTRATOR),
    "can_use_admin": (NOBODY, ADMINISTRATOR),
    "can_resolve_report": (ATU_MODERATORS, ATU_MODERATORS),
    "visible_reports": (ATU_MODERATORS, ATU_MODERATORS),
    "can_work_account_queue": (MODERATION_STAFF, MODERATION_STAFF),
    "can_view_decision_log": (MODERATION_STAFF, MODERATION_STAFF),
    "can_change_unit_themes": (ADMINISTRATOR, ADMINISTRATOR),
    "visible_decisions": (ATU_MODERATORS, ATU_MODERATORS),
}


def public_rules() -> set[str]:
    return {
        name
        for name, value in vars(permissions).items()
        if inspect.isfunction(value)
        and value.__module__ == permissions.__name__
        and not name.startswith("_")
    }


def test_every_rule_is_covered():
    assert public_rules() == set(RULES)


def ask(
    rule: str, user, *, post: Post, unit, report: Report, decision: Decision, note: ModeratorNote
) -> bool:
    theme = post.thread.theme
    fn = getattr(permissions, rule)
    match rule:
        case "acting_units":
            return fn(user).filter(pk=unit.pk).exists()
        case "units_moderating":
            return permissions.acting_units(user).filter(pk__in=fn(theme).values("pk")).exists()
        case "acting_unit":
            return fn(user, theme) == unit
        case "unit_theme_ids":
            units = list(permissions.acting_units(user))
            return theme.pk in set().union(*fn(units).values())
        case "visible_units":
            return fn(user, type(unit).objects.all()).filter(pk=unit.pk).exists()
        case (
            "can_review_post"
            | "can_hide_public_post"
            | "can_unhide_post"
            | "can_add_moderator_note"
        ):
            return fn(user, post)
        case "reviewable_posts":
            return fn(user, Post.objects.all()).filter(pk=post.pk).exists()
        case "require_may_act":
            try:
                fn(user, permissions.can_review_post(user, post))
            except PermissionDenied:
                return False
            return True
        case "can_resolve_report":
            return fn(user, report)
        case "visible_reports":
            return fn(user, Report.objects.all()).filter(pk=report.pk).exists()
        case "visible_decisions":
            return fn(user, Decision.objects.all()).filter(pk=decision.pk).exists()
        case "visible_moderator_notes":
            return fn(user, ModeratorNote.objects.all()).filter(pk=note.pk).exists()
        case _:
            return fn(user)


@pytest.fixture(autouse=True)
def _nobody_exempt(settings):
    settings.MODERATION_MFA_EXEMPT_EMAILS = []


@pytest.mark.parametrize("second_factor", [False, True], ids=["password", "second-factor"])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("rule", RULES)
def test_rule(person, participant, themes, units, with_totp, rule, kind, second_factor):
    post = ThreadFactory(theme=themes["atu"], author=participant).first_post
    report = Report.objects.create(post=post, reporter=UserFactory(), reason="other")
    decision = Decision.objects.create(
        unit=units["atu"], action=Decision.Action.APPROVE, post=post, thread=post.thread
    )
    note = ModeratorNote.objects.create(
        post=post, text="Check the figures.", written_by=UserFactory(), unit=units["atu"]
    )
    user = person(kind)
    if user is None:
        user = AnonymousUser()
    else:
        if second_factor:
            with_totp(user)
        user = session_user(sign_in(Client(), user, second_factor=second_factor))
    expected = kind in RULES[rule][1 if second_factor else 0]

    found = ask(
        rule, user, post=post, unit=units["atu"], report=report, decision=decision, note=note
    )
    assert found is expected
