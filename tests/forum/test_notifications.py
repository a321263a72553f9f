"""The notifications page: a read that changes nothing, and marking read as a POST."""

import pytest
from django.urls import reverse

from forum.models import Notification
from forum.services.notifications import mark_notifications_read, notify
from tests.conftest import KINDS
from tests.factories import UserFactory


def _unread(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def test_the_page_lists_own_notifications_and_marks_nothing(client_for, participant):
    notify(recipient=participant, message="Your post was approved.", email=False)
    notify(recipient=UserFactory(), message="Not for the participant.", email=False)

    response = client_for("participant").get(reverse("forum:notifications"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Your post was approved." in page
    assert "Not for the participant." not in page
    assert "New" in page
    assert _unread(participant) == 1


def test_mark_all_read_is_a_post_that_touches_only_own_rows(client_for, participant):
    other = UserFactory()
    notify(recipient=participant, message="One.", email=False)
    notify(recipient=other, message="Two.", email=False)
    client = client_for("participant")

    assert client.get(reverse("forum:notifications_mark_read")).status_code == 405
    response = client.post(reverse("forum:notifications_mark_read"))

    assert response.status_code == 302
    assert response.url == reverse("forum:notifications")
    assert _unread(participant) == 0
    assert _unread(other) == 1


def test_the_service_marks_only_the_given_ids_of_their_own(participant):
    mine = notify(recipient=participant, message="Mine.", email=False)
    kept = notify(recipient=participant, message="Kept.", email=False)
    theirs = notify(recipient=UserFactory(), message="Theirs.", email=False)

    assert mark_notifications_read(user=participant, ids=[mine.pk, theirs.pk]) == 1

    mine.refresh_from_db(), kept.refresh_from_db(), theirs.refresh_from_db()
    assert mine.read_at is not None
    assert kept.read_at is None and theirs.read_at is None
    assert mark_notifications_read(user=participant) == 1


@pytest.mark.parametrize("who", KINDS)
def test_notification_pages_need_only_a_sign_in(client_for, who):
    client = client_for(who)
    page = client.get(reverse("forum:notifications"))
    mark = client.post(reverse("forum:notifications_mark_read"))
    assert page.status_code == (302 if who == "anonymous" else 200)
    assert mark.status_code == 302
    if who == "anonymous":
        assert page.url.startswith(reverse("account_login"))


def test_a_notification_records_what_it_is_about(participant):
    default = notify(recipient=participant, message="Decided.", email=False)
    reply = notify(
        recipient=participant, message="A reply.", email=False, kind=Notification.Kind.REPLY
    )
    assert default.kind == Notification.Kind.MODERATION
    assert Notification.objects.get(pk=reply.pk).kind == Notification.Kind.REPLY
