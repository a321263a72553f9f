"""Notification e-mail: each reader's choice (at once, digests, never, per kind), the
messages themselves, one-click unsubscribe links, and retries when the mail server fails."""

import time
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from forum.models import EmailPreference, Notification
from forum.services import email as email_service
from forum.services.notifications import notify
from tests.conftest import KINDS
from tests.factories import UserFactory

Frequency = EmailPreference.Frequency
Kind = Notification.Kind


@pytest.fixture
def reader(db):
    return UserFactory(email="reader@example.org", display_name="Rita Reader")


def _notify(recipient, kind=Kind.MODERATION, **fields):
    fields.setdefault("message", "Your case study was approved.")
    fields.setdefault("url", "/threads/1/")
    return notify(recipient=recipient, kind=kind, **fields)


# At once -----------------------------------------------------------------------------------


def test_by_default_each_notification_is_e_mailed_at_once(
    reader, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://forum.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(reader, reason="Well documented.")

    (message,) = mail.outbox
    assert message.to == ["reader@example.org"]
    assert "Your case study was approved." in message.subject
    assert "Hello Rita Reader," in message.body
    assert "Reason given:\nWell documented." in message.body
    assert "https://forum.example.org/threads/1/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'href="https://forum.example.org/threads/1/"' in html
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://forum.example.org/email/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_a_notification_is_never_e_mailed_twice(reader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(reader)
    assert email_service.send_notification(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("frequency", "muted", "sent"),
    [
        (Frequency.IMMEDIATELY, [], 1),
        (Frequency.IMMEDIATELY, [Kind.MODERATION], 0),
        (Frequency.DAILY, [], 0),
        (Frequency.WEEKLY, [], 0),
        (Frequency.OFF, [], 0),
    ],
)
def test_the_persons_choice_decides_what_goes_out_at_once(
    reader, django_capture_on_commit_callbacks, frequency, muted, sent
):
    email_service.set_email_preference(user=reader, frequency=frequency, muted_kinds=muted)
    with django_capture_on_commit_callbacks(execute=True):
        _notify(reader)
    assert len(mail.outbox) == sent


def test_site_only_notifications_are_never_e_mailed(reader, django_capture_on_commit_callbacks):
    email_service.set_email_preference(user=reader, frequency=Frequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        _notify(reader, email=False)
    assert email_service.send_digests(period=Frequency.DAILY) == {"people": 0, "notifications": 0}
    assert mail.outbox == []


# Digests -----------------------------------------------------------------------------------


def test_a_daily_digest_lists_what_waits_and_running_it_again_sends_nothing(reader):
    email_service.set_email_preference(
        user=reader, frequency=Frequency.DAILY, muted_kinds=[Kind.REPLY]
    )
    _notify(reader, message="First decision.")
    _notify(reader, message="Second decision.")
    _notify(reader, kind=Kind.REPLY, message="A muted reply.")
    weekly = UserFactory(email="weekly@example.org")
    email_service.set_email_preference(user=weekly, frequency=Frequency.WEEKLY)
    _notify(weekly, message="For the weekly digest.")

    assert email_service.send_digests(period=Frequency.DAILY) == {"people": 1, "notifications": 2}
    assert email_service.send_digests(period=Frequency.DAILY) == {"people": 0, "notifications": 0}

    (digest,) = mail.outbox
    assert digest.to == ["reader@example.org"]
    assert "daily digest: 2 notifications" in digest.subject
    assert "First decision." in digest.body and "Second decision." in digest.body
    assert "A muted reply." not in digest.body
    assert "List-Unsubscribe" in digest.extra_headers
    assert "First decision." in digest.alternatives[0][0]


def test_the_digest_command_reports_and_a_dry_run_sends_nothing(reader):
    email_service.set_email_preference(user=reader, frequency=Frequency.WEEKLY)
    _notify(reader)

    dry = call_command_output("--period", "weekly", "--dry-run")
    assert "Would send 1 weekly digest(s) listing 1 notification(s)." in dry
    assert mail.outbox == []
    assert "Sent 1 weekly digest(s)" in call_command_output("--period", "weekly")
    assert "Sent 0 weekly digest(s)" in call_command_output("--period", "weekly")
    assert len(mail.outbox) == 1


def call_command_output(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("send_digests", *args, stdout=out)
    return out.getvalue()


# Unsubscribe links -------------------------------------------------------------------------


def _unsubscribe_path(reader, kind=""):
    token = email_service.unsubscribe_token(reader, kind)
    return reverse("forum:email_unsubscribe", kwargs={"token": token})


def test_opening_the_link_asks_first_and_changes_nothing(client, reader):
    response = client.get(_unsubscribe_path(reader, Kind.REPLY))
    assert response.status_code == 200
    assert "Stop e-mails about" in response.text
    assert not EmailPreference.objects.filter(user=reader).exists()


def test_one_click_from_a_mail_program_stops_that_kind(reader):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(_unsubscribe_path(reader, Kind.REPLY), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    preference = email_service.preference_for(reader)
    assert preference.muted_kinds == [Kind.REPLY]
    assert preference.frequency == Frequency.IMMEDIATELY


def test_the_confirmation_can_stop_every_e_mail(client, reader):
    client.post(_unsubscribe_path(reader, Kind.REPLY), {"scope": "all"})
    assert email_service.preference_for(reader).frequency == Frequency.OFF


@pytest.mark.parametrize("change", ["tampered", "truncated", "made_up"])
def test_a_changed_link_is_refused_with_a_message(client, reader, change):
    token = email_service.unsubscribe_token(reader)
    token = {"tampered": token[:-2] + "xx", "truncated": token[:10], "made_up": "abc"}[change]
    response = client.post(reverse("forum:email_unsubscribe", kwargs={"token": token}))
    assert response.status_code == 400
    assert "This link is not valid" in response.text
    assert not EmailPreference.objects.filter(user=reader).exists()


def test_an_expired_link_is_refused_with_a_message(client, reader):
    path = _unsubscribe_path(reader)
    later = time.time() + email_service.UNSUBSCRIBE_MAX_AGE.total_seconds() + 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.post(path)
    assert response.status_code == 400
    assert "This link has expired" in response.text
    assert not EmailPreference.objects.filter(user=reader).exists()


# The settings page -------------------------------------------------------------------------


@pytest.mark.parametrize("who", KINDS)
def test_email_settings_are_for_signed_in_people(client_for, who):
    response = client_for(who).get(reverse("forum:email_settings"))
    assert response.status_code == (302 if who == "anonymous" else 200)


def test_saving_email_settings(client_for, participant):
    client = client_for("participant")
    response = client.post(
        reverse("forum:email_settings"), {"frequency": "weekly", "muted_kinds": ["reply"]}
    )
    assert response.status_code == 302
    preference = email_service.preference_for(participant)
    assert (preference.frequency, preference.muted_kinds) == ("weekly", ["reply"])


def test_a_bad_choice_reshows_the_form_with_a_400(client_for, participant):
    response = client_for("participant").post(
        reverse("forum:email_settings"), {"frequency": "hourly"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["frequency"]
    assert not EmailPreference.objects.filter(user=participant).exists()


# When the mail server fails ----------------------------------------------------------------


def test_a_refused_e_mail_is_tried_again_then_fails_loudly(
    reader, django_capture_on_commit_callbacks, caplog
):
    from forum.tasks import EMAIL_ATTEMPTS

    failing = mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=ConnectionRefusedError
    )
    with failing as send, django_capture_on_commit_callbacks(execute=True):
        notification = _notify(reader)

    assert send.call_count == EMAIL_ATTEMPTS
    notification.refresh_from_db()
    assert notification.emailed_at is None
    assert "attempt 1 of 4" in caplog.text
