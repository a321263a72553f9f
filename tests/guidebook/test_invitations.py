import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from guidebook.models import ReviewRound
from guidebook.services import get_draft, open_review, publish_version, save_draft


@pytest.fixture
def v1(drafter, chapters):
    draft = get_draft(chapters["one"])
    save_draft(
        actor=drafter,
        chapter=chapters["one"],
        text="Trust first.\n\nTraining second.",
        base_version=draft.version,
    )
    return publish_version(actor=drafter, chapter=chapters["one"])


def later(days=7):
    return timezone.now() + datetime.timedelta(days=days)


def test_each_invited_reviewer_gets_an_email_with_the_link(
    drafter, v1, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        open_review(
            actor=drafter,
            version=v1,
            ends_at=later(),
            audience=ReviewRound.Audience.INVITED,
            emails=["Reviewer.One@example.org", "two@example.org", "two@example.org "],
            site="https://consultation.example.org",
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["reviewer.one@example.org", "two@example.org"]
    message = mail.outbox[0]
    assert message.subject.startswith("[VERLT consultation] Invitation to review chapter 1")
    assert "https://consultation.example.org/guidebook/chapters/1/versions/1/" in message.body
    assert "Dora Drafter invites you" in message.body
    assert "Key concepts" in message.body


def test_no_email_before_the_round_is_committed(drafter, v1, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        open_review(
            actor=drafter,
            version=v1,
            ends_at=later(),
            audience=ReviewRound.Audience.INVITED,
            emails=["one@example.org"],
        )
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_rounds_open_to_all_verified_participants_send_no_invitations(
    drafter, v1, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        open_review(actor=drafter, version=v1, ends_at=later(), audience="verified")
    assert mail.outbox == []


def test_the_review_page_sends_invitations_with_this_sites_address(
    client, drafter, v1, django_capture_on_commit_callbacks
):
    client.force_login(drafter)
    ends = later(10).date().isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("guidebook:review_open", args=[1, 1]),
            {"ends_on": ends, "audience": "invited", "emails": "a@example.org\nb@example.org"},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    assert "http://testserver/guidebook/chapters/1/versions/1/" in mail.outbox[0].body


def test_a_refused_opening_sends_nothing(client, drafter, v1, django_capture_on_commit_callbacks):
    client.force_login(drafter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("guidebook:review_open", args=[1, 1]),
            {"ends_on": "2012-03-08", "audience": "invited", "emails": "a@example.org"},
        )
    assert response.status_code == 400
    assert mail.outbox == []


def test_an_invitation_is_in_the_language_of_the_account_it_reaches(
    drafter, v1, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    UserFactory(email="irina@example.org", language="ru")
    with django_capture_on_commit_callbacks(execute=True):
        open_review(
            actor=drafter,
            version=v1,
            ends_at=later(),
            audience=ReviewRound.Audience.INVITED,
            emails=["irina@example.org", "someone@example.org"],
        )
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "Приглашение" in by_address["irina@example.org"].subject
    # An address with no account gets the language of the drafter who sent it.
    assert "Invitation to review chapter 1" in by_address["someone@example.org"].subject
