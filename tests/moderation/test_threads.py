"""Hiding and unhiding posts; locking, pinning and moving threads."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from forum.models import Notification, Post, Thread
from moderation.models import Decision, Report
from moderation.services import threads as services
from tests.conftest import KINDS
from tests.factories import PostFactory, ThreadFactory, UserFactory
from tests.moderation.helpers import unit_page_status


@pytest.fixture
def atu_thread(themes):
    return ThreadFactory(theme=themes["atu"], title="Police and schools")


@pytest.fixture
def atu_reply(atu_thread):
    return PostFactory(thread=atu_thread)


# Hiding and unhiding posts -------------------------------------------------------------------


def test_hiding_an_approved_post_logs_notifies_and_closes_reports(atu_moderator, atu_reply):
    reporter = UserFactory()
    Report.objects.create(post=atu_reply, reporter=reporter, reason=Report.Reason.ABUSIVE)

    decision = services.hide_post(actor=atu_moderator, post=atu_reply, reason="Insults")

    atu_reply.refresh_from_db()
    assert atu_reply.status == Post.Status.HIDDEN
    assert atu_reply.status_reason == "Insults"
    assert decision.action == Decision.Action.HIDE
    assert (decision.status_before, decision.status_after) == ("approved", "hidden")
    assert decision.unit.code == "atu"
    assert decision.actor == atu_moderator
    report = Report.objects.get()
    assert report.status == Report.Status.ACTIONED
    assert report.resolved_by == atu_moderator
    assert Notification.objects.filter(recipient=atu_reply.author, reason="Insults").exists()


def test_hiding_needs_a_reason(atu_moderator, atu_reply):
    with pytest.raises(ValidationError) as exc:
        services.hide_post(actor=atu_moderator, post=atu_reply, reason="  ")
    assert "reason" in exc.value.error_dict
    atu_reply.refresh_from_db()
    assert atu_reply.status == Post.Status.APPROVED
    assert not Decision.objects.exists()


@pytest.mark.parametrize("status", ["pending", "rejected", "changes_requested", "hidden"])
def test_only_approved_posts_can_be_hidden(atu_moderator, atu_thread, status):
    post = PostFactory(thread=atu_thread, status=status)
    with pytest.raises(ValidationError):
        services.hide_post(actor=atu_moderator, post=post, reason="No")
    assert not Decision.objects.exists()


def test_another_units_moderator_cannot_hide(odihr_moderator, atu_reply):
    with pytest.raises(PermissionDenied):
        services.hide_post(actor=odihr_moderator, post=atu_reply, reason="No")


def test_moderator_without_mfa_cannot_hide(settings, atu_moderator, atu_reply):
    settings.MODERATION_MFA_EXEMPT_EMAILS = []
    with pytest.raises(PermissionDenied):
        services.hide_post(actor=atu_moderator, post=atu_reply, reason="No")


def test_moderator_past_the_second_factor_may_hide(settings, atu_moderator, atu_reply, with_totp):
    from django.test import Client

    from tests.conftest import session_user, sign_in

    settings.MODERATION_MFA_EXEMPT_EMAILS = []
    with_totp(atu_moderator)
    actor = session_user(sign_in(Client(), atu_moderator, second_factor=True))
    services.hide_post(actor=actor, post=atu_reply, reason="No")
    atu_reply.refresh_from_db()
    assert atu_reply.status == Post.Status.HIDDEN


def test_unhiding_makes_the_post_public_and_dismisses_reports(atu_moderator, atu_thread):
    post = PostFactory(thread=atu_thread, status=Post.Status.HIDDEN, status_reason="x")
    Report.objects.create(post=post, reporter=UserFactory(), reason=Report.Reason.OFF_TOPIC)

    decision = services.unhide_post(actor=atu_moderator, post=post, reason="Fine after all")

    post.refresh_from_db()
    assert post.status == Post.Status.APPROVED
    assert post.status_reason == ""
    assert decision.action == Decision.Action.UNHIDE
    assert (decision.status_before, decision.status_after) == ("hidden", "approved")
    assert Report.objects.get().status == Report.Status.DISMISSED


def test_unhiding_a_post_that_is_not_hidden_is_refused(atu_moderator, atu_reply):
    with pytest.raises(ValidationError):
        services.unhide_post(actor=atu_moderator, post=atu_reply)


# Threads ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "field", "start", "end", "action"),
    [
        (services.lock_thread, "locked", False, True, Decision.Action.LOCK),
        (services.unlock_thread, "locked", True, False, Decision.Action.UNLOCK),
        (services.pin_thread, "pinned", False, True, Decision.Action.PIN),
        (services.unpin_thread, "pinned", True, False, Decision.Action.UNPIN),
    ],
)
def test_thread_flags_change_once_and_are_logged(
    atu_moderator, atu_thread, service, field, start, end, action
):
    Thread.objects.filter(pk=atu_thread.pk).update(**{field: start})
    atu_thread.refresh_from_db()

    decision = service(actor=atu_moderator, thread=atu_thread, reason="Because")

    atu_thread.refresh_from_db()
    assert getattr(atu_thread, field) is end
    assert decision.action == action
    assert decision.thread == atu_thread
    assert decision.post is None
    assert decision.unit.code == "atu"
    assert decision.reason == "Because"
    # Doing it again is refused: the state is already what was asked.
    with pytest.raises(ValidationError):
        service(actor=atu_moderator, thread=atu_thread)
    assert Decision.objects.count() == 1


def test_locking_another_units_thread_is_refused(spmu_moderator, atu_thread):
    with pytest.raises(PermissionDenied):
        services.lock_thread(actor=spmu_moderator, thread=atu_thread)


def test_moving_between_two_moderated_themes(atu_moderator, themes, atu_thread):
    decision = services.move_thread(
        actor=atu_moderator, thread=atu_thread, theme=themes["shared"], reason="Fits better"
    )
    atu_thread.refresh_from_db()
    assert atu_thread.theme == themes["shared"]
    assert decision.action == Decision.Action.MOVE
    assert (decision.status_before, decision.status_after) == ("key-concepts", "human-rights")
    assert decision.details == {"from_theme": themes["atu"].pk, "to_theme": themes["shared"].pk}
    assert decision.unit.code == "atu"


def test_moving_to_a_theme_one_does_not_moderate_is_refused(atu_moderator, themes, atu_thread):
    with pytest.raises(PermissionDenied):
        services.move_thread(actor=atu_moderator, thread=atu_thread, theme=themes["odihr"])
    atu_thread.refresh_from_db()
    assert atu_thread.theme == themes["atu"]


def test_moving_to_the_same_theme_is_refused(atu_moderator, themes, atu_thread):
    with pytest.raises(ValidationError):
        services.move_thread(actor=atu_moderator, thread=atu_thread, theme=themes["atu"])


def test_administrator_moves_anywhere(administrator, themes, atu_thread):
    decision = services.move_thread(actor=administrator, thread=atu_thread, theme=themes["odihr"])
    assert decision.unit is None
    atu_thread.refresh_from_db()
    assert atu_thread.theme == themes["odihr"]


# Pages: the authorisation matrix ------------------------------------------------------------


@pytest.mark.parametrize("who", KINDS)
@pytest.mark.parametrize("name", ["post_hide", "post_unhide"])
def test_post_action_pages(client_for, atu_reply, who, name):
    response = client_for(who).get(reverse(f"moderation:{name}", kwargs={"pk": atu_reply.pk}))
    assert response.status_code == unit_page_status(who)
    if who == "anonymous":
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("who", KINDS)
@pytest.mark.parametrize(
    "name", ["thread_lock", "thread_unlock", "thread_pin", "thread_unpin", "thread_move"]
)
def test_thread_action_pages(client_for, atu_thread, who, name):
    response = client_for(who).get(reverse(f"moderation:{name}", kwargs={"pk": atu_thread.pk}))
    assert response.status_code == unit_page_status(who)


@pytest.mark.parametrize("who", KINDS)
def test_hide_by_post_changes_state_only_for_allowed_people(client_for, atu_reply, who):
    url = reverse("moderation:post_hide", kwargs={"pk": atu_reply.pk})
    response = client_for(who).post(url, {"reason": "Off-topic"})
    assert response.status_code == unit_page_status(who, ok=302)
    atu_reply.refresh_from_db()
    hidden = who in ("atu_moderator", "administrator")
    assert (atu_reply.status == Post.Status.HIDDEN) is hidden
    assert Decision.objects.filter(action=Decision.Action.HIDE).exists() is hidden


def test_co_moderating_unit_may_act_on_the_shared_theme(client_for, themes):
    post = PostFactory(thread=ThreadFactory(theme=themes["shared"]))
    url = reverse("moderation:post_hide", kwargs={"pk": post.pk})
    assert client_for("odihr_moderator").post(url, {"reason": "x"}).status_code == 302
    assert Decision.objects.get().unit.code == "odihr"


def test_confirmation_page_says_what_will_happen(client_for, atu_reply):
    response = client_for("atu_moderator").get(
        reverse("moderation:post_hide", kwargs={"pk": atu_reply.pk})
    )
    assert b"Hide this post" in response.content
    assert b"disappears from public view" in response.content
    assert not Decision.objects.exists()


def test_hide_without_reason_reshows_the_form(client_for, atu_reply):
    response = client_for("atu_moderator").post(
        reverse("moderation:post_hide", kwargs={"pk": atu_reply.pk}), {"reason": ""}
    )
    assert response.status_code == 400
    assert b"There is a problem" in response.content
    atu_reply.refresh_from_db()
    assert atu_reply.status == Post.Status.APPROVED


def test_locking_twice_by_page_shows_a_message(client_for, atu_thread):
    client = client_for("atu_moderator")
    url = reverse("moderation:thread_lock", kwargs={"pk": atu_thread.pk})
    assert client.post(url, {}).status_code == 302
    response = client.post(url, {}, follow=True)
    assert b"already locked" in response.content
    assert Decision.objects.count() == 1


def test_move_page_lists_only_the_moderators_other_themes(client_for, themes, atu_thread):
    response = client_for("atu_moderator").get(
        reverse("moderation:thread_move", kwargs={"pk": atu_thread.pk})
    )
    themes_offered = list(response.context["form"].fields["theme"].queryset)
    assert themes_offered == [themes["shared"]]


def test_move_page_refuses_a_theme_outside_the_moderators(client_for, themes, atu_thread):
    response = client_for("atu_moderator").post(
        reverse("moderation:thread_move", kwargs={"pk": atu_thread.pk}),
        {"theme": themes["spmu"].pk},
    )
    assert response.status_code == 400
    atu_thread.refresh_from_db()
    assert atu_thread.theme == themes["atu"]


def test_move_page_moves(client_for, themes, atu_thread):
    response = client_for("atu_moderator").post(
        reverse("moderation:thread_move", kwargs={"pk": atu_thread.pk}),
        {"theme": themes["shared"].pk, "reason": "Belongs there"},
    )
    assert response.status_code == 302
    atu_thread.refresh_from_db()
    assert atu_thread.theme == themes["shared"]


def test_moderator_without_mfa_is_told_how_to_enable_it(settings, client_for, atu_thread):
    settings.MODERATION_MFA_EXEMPT_EMAILS = []
    response = client_for("atu_moderator").post(
        reverse("moderation:thread_lock", kwargs={"pk": atu_thread.pk})
    )
    assert response.status_code == 403
    assert b"two-factor" in response.content
    atu_thread.refresh_from_db()
    assert atu_thread.locked is False
