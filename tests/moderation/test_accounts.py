"""Account approval: the setting, the sign-up hook, the posting rule and the queue."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import ApprovalStatus, User
from forum.models import Notification
from forum.permissions import can_post
from moderation.models import Decision
from moderation.services import accounts as services
from tests.conftest import KINDS, staff_page_status
from tests.factories import UserFactory


@pytest.fixture
def newcomer(db):
    return UserFactory(username="newcomer", approval_status=ApprovalStatus.PENDING)


def _sign_up(client, email):
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "password1": "a-long-pass-phrase-2012",
            "password2": "a-long-pass-phrase-2012",
            "privacy_consent": "on",
        },
    )


# The setting and the posting rule ------------------------------------------------------------


def test_approval_is_off_by_default(settings, client, db):
    assert settings.ACCOUNT_APPROVAL_REQUIRED is False
    _sign_up(client, "new@example.org")
    assert User.objects.get(email="new@example.org").approval_status == ApprovalStatus.APPROVED


def test_with_approval_on_new_accounts_wait(settings, client, db):
    settings.ACCOUNT_APPROVAL_REQUIRED = True
    _sign_up(client, "new@example.org")
    assert User.objects.get(email="new@example.org").approval_status == ApprovalStatus.PENDING


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        (ApprovalStatus.APPROVED, True),
        (ApprovalStatus.PENDING, False),
        (ApprovalStatus.DECLINED, False),
    ],
)
def test_only_approved_accounts_may_post(db, status, allowed):
    assert can_post(UserFactory(approval_status=status)) is allowed


# Services ---------------------------------------------------------------------------------------


def test_approving_lets_the_person_post_and_tells_them(
    spmu_moderator, newcomer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.approve_account(actor=spmu_moderator, person=newcomer)
    newcomer.refresh_from_db()
    assert newcomer.approval_status == ApprovalStatus.APPROVED
    assert can_post(newcomer)
    assert decision.action == Decision.Action.APPROVE_ACCOUNT
    assert decision.target_user == newcomer
    assert (decision.status_before, decision.status_after) == ("pending", "approved")
    assert decision.unit.code == "spmu"
    assert Notification.objects.filter(recipient=newcomer).count() == 1
    assert [m.to for m in mail.outbox] == [[newcomer.email]]


def test_declining_needs_a_reason_and_tells_the_person(
    odihr_moderator, newcomer, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError):
        services.decline_account(actor=odihr_moderator, person=newcomer, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decline_account(
            actor=odihr_moderator, person=newcomer, reason="Not a real organisation"
        )
    newcomer.refresh_from_db()
    assert newcomer.approval_status == ApprovalStatus.DECLINED
    assert newcomer.approval_reason == "Not a real organisation"
    assert not can_post(newcomer)
    assert decision.reason == "Not a real organisation"
    notification = Notification.objects.get(recipient=newcomer)
    assert notification.reason == "Not a real organisation"
    assert notification.kind == Notification.Kind.ACCOUNT
    assert "Not a real organisation" in mail.outbox[0].body


def test_a_decided_account_cannot_be_decided_again(atu_moderator, spmu_moderator, newcomer):
    services.approve_account(actor=atu_moderator, person=newcomer)
    with pytest.raises(services.AccountAlreadyDecided) as exc:
        services.decline_account(actor=spmu_moderator, person=newcomer, reason="x")
    assert "Ana ATU" in str(exc.value)
    assert Decision.objects.count() == 1


def test_participants_cannot_decide_on_accounts(participant, newcomer):
    with pytest.raises(PermissionDenied):
        services.approve_account(actor=participant, person=newcomer)


def test_moderators_without_mfa_cannot_decide(settings, atu_moderator, newcomer):
    settings.MODERATION_MFA_EXEMPT_EMAILS = []
    with pytest.raises(PermissionDenied):
        services.approve_account(actor=atu_moderator, person=newcomer)


# Pages ------------------------------------------------------------------------------------------

EVERY_MODERATOR = {"atu_moderator", "spmu_moderator", "odihr_moderator", "administrator"}


def _expected(who, ok):
    return staff_page_status(who, ok)


@pytest.mark.parametrize("who", KINDS)
def test_account_queue_is_open_to_every_units_moderator(client_for, newcomer, who):
    response = client_for(who).get(reverse("moderation:account_queue"))
    assert response.status_code == _expected(who, 200)
    if response.status_code == 200:
        assert list(response.context["page_obj"].object_list) == [newcomer]


@pytest.mark.parametrize("who", KINDS)
@pytest.mark.parametrize("name", ["account_approve", "account_decline"])
def test_account_decision_pages(client_for, newcomer, who, name):
    response = client_for(who).get(reverse(f"moderation:{name}", kwargs={"pk": newcomer.pk}))
    assert response.status_code == _expected(who, 200)


@pytest.mark.parametrize("who", KINDS)
def test_approve_by_post(client_for, newcomer, who):
    response = client_for(who).post(
        reverse("moderation:account_approve", kwargs={"pk": newcomer.pk})
    )
    assert response.status_code == _expected(who, 302)
    newcomer.refresh_from_db()
    approved = newcomer.approval_status == ApprovalStatus.APPROVED
    assert approved is (who in EVERY_MODERATOR)


def test_decline_page_requires_a_reason(client_for, newcomer):
    client = client_for("odihr_moderator")
    url = reverse("moderation:account_decline", kwargs={"pk": newcomer.pk})
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Spam"}).status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.approval_status == ApprovalStatus.DECLINED


def test_deciding_twice_by_page_says_so(client_for, newcomer):
    client = client_for("atu_moderator")
    url = reverse("moderation:account_approve", kwargs={"pk": newcomer.pk})
    client.post(url)
    response = client.post(
        reverse("moderation:account_decline", kwargs={"pk": newcomer.pk}),
        {"reason": "Spam"},
        follow=True,
    )
    assert b"already decided" in response.content
    newcomer.refresh_from_db()
    assert newcomer.approval_status == ApprovalStatus.APPROVED
