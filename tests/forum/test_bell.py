"""The header: the bell's unread count (one query, then cached per person until their
notifications change), the signed-in person's menu, and what an author is told after
posting."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum.models import EmailPreference, Notification, Post
from forum.selectors.notifications import unread_count
from forum.services.email import set_email_preference
from forum.services.notifications import mark_notifications_read, notify, notify_many
from tests.conftest import KINDS
from tests.factories import PostFactory, ThreadFactory, UserFactory

MENU = [
    "contributions:mine",
    "guidebook:my_input",
    "forum:following",
    "forum:notifications",
    "accounts:profile_edit",
    "mfa_index",
    "account_logout",
]


def _count_queries(user) -> int:
    with CaptureQueriesContext(connection) as queries:
        unread_count(user)
    return len(queries)


def test_the_count_is_one_query_then_cached(participant):
    notify(recipient=participant, message="One.", email=False)
    assert _count_queries(participant) == 1
    assert _count_queries(participant) == 0
    assert unread_count(participant) == 1


def test_the_headers_bell_costs_one_query_at_most_then_none(participant):
    client = Client()
    client.force_login(participant)
    notify(recipient=participant, message="One.", email=False)
    notify(recipient=participant, message="Two.", email=False)
    url = reverse("guidebook:home")

    with CaptureQueriesContext(connection) as first:
        page = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as second:
        client.get(url)

    def counting(queries):
        return [q for q in queries.captured_queries if "forum_notification" in q["sql"]]

    assert len(counting(first)) == 1
    assert counting(second) == []
    assert "Notifications, 2 unread" in page
    assert f'href="{reverse("forum:notifications")}"' in page


@pytest.mark.parametrize(
    "change",
    [
        lambda user: notify(recipient=user, message="New.", email=False),
        lambda user: notify_many(recipients=[user, UserFactory()], message="New.", kind="reply"),
        lambda user: mark_notifications_read(user=user),
    ],
    ids=["notify", "notify_many", "mark_read"],
)
def test_every_change_drops_the_cached_count(participant, change):
    notify(recipient=participant, message="Old.", email=False)
    before = unread_count(participant)

    change(participant)

    expected = Notification.objects.filter(recipient=participant, read_at__isnull=True).count()
    assert expected != before
    assert _count_queries(participant) == 1
    assert unread_count(participant) == expected


def test_notify_many_writes_one_row_per_person_in_one_insert(participant, mailoutbox):
    other = UserFactory()
    with CaptureQueriesContext(connection) as queries:
        rows = notify_many(
            recipients=[participant, other, participant], message="Hello.", kind="reply"
        )
    assert len(rows) == 2
    assert len([q for q in queries.captured_queries if "INSERT" in q["sql"]]) == 1


def test_notify_many_emails_each_person_as_they_chose(
    participant, django_capture_on_commit_callbacks, mailoutbox
):
    """At once for the participant; nothing now for the person who chose a daily digest."""
    digest = UserFactory()
    set_email_preference(user=digest, frequency=EmailPreference.Frequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify_many(
            recipients=[participant, digest], message="Hello.", url="/x/", kind="reply"
        )

    assert [m.to for m in mailoutbox] == [[participant.email]]
    assert "/x/" in mailoutbox[0].body
    assert all(row.by_email for row in rows)


@pytest.mark.parametrize("who", KINDS)
def test_the_menu_is_for_signed_in_people(client_for, who):
    page = client_for(who).get(reverse("forum:home")).content.decode()
    for name in MENU:
        assert (f'"{reverse(name)}"' in page) is (who != "anonymous"), name
    assert ('class="bell"' in page) is (who != "anonymous")


def test_sign_out_is_a_form_button(client_for):
    page = client_for("participant").get(reverse("forum:home")).content.decode()
    assert f'<form method="post" action="{reverse("account_logout")}">' in page


# What an author is told after posting ----------------------------------------------------


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize(
    ("theme", "kind", "expected"),
    [
        (
            "odihr",
            "case_study",
            "Your case study is waiting for review by ODIHR; you will be notified of the decision.",
        ),
        (
            "shared",
            "comment",
            "Your comment is waiting for review by TNT/ATU and ODIHR; you "
            "will be notified of the decision.",
        ),
    ],
)
def test_a_reply_awaiting_review_names_the_units_that_review_it(
    client_for, themes, theme, kind, expected
):
    thread = ThreadFactory(theme=themes[theme])
    response = client_for("participant").post(
        reverse("forum:post_create", kwargs={"pk": thread.pk}),
        {"kind": kind, "body": "From our district."},
        follow=True,
    )
    assert _messages(response) == [expected]


def test_a_theme_no_unit_moderates_names_its_moderators(client_for, units):
    from tests.factories import ThemeFactory

    theme = ThemeFactory(title="Unassigned")
    response = client_for("participant").post(
        reverse("forum:thread_create", kwargs={"slug": theme.slug}),
        {"title": "A thread", "kind": "comment", "body": "Hello."},
        follow=True,
    )
    assert _messages(response) == [
        "Your comment is waiting for review by the moderators of “Unassigned”; you will be "
        "notified of the decision."
    ]


def test_a_reply_that_needs_no_review_is_published(client_for, themes):
    thread = ThreadFactory(theme=themes["atu"])
    response = client_for("atu_moderator").post(
        reverse("forum:post_create", kwargs={"pk": thread.pk}),
        {"kind": "comment", "body": "Noted."},
        follow=True,
    )
    assert _messages(response) == ["Your reply is published."]


def test_a_resubmission_says_who_reviews_it_again(client_for, participant, themes):
    thread = ThreadFactory(theme=themes["spmu"])
    post = PostFactory(
        thread=thread, author=participant, status=Post.Status.CHANGES_REQUESTED, body="Old"
    )
    response = client_for("participant").post(
        reverse("forum:post_edit", kwargs={"pk": post.pk}),
        {"kind": "comment", "body": "Better."},
        follow=True,
    )
    assert _messages(response) == [
        "Your comment is waiting for review by TNT/SPMU; you will be notified of the decision."
    ]
