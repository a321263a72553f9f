"""The header's "Review queue (N)" for moderators, and what it costs other visitors."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from accounts.models import ApprovalStatus
from forum.models import Post
from forum.permissions import moderated_theme_ids
from moderation.context_processors import queue_count
from moderation.models import Report
from tests.factories import PostFactory, ThreadFactory, UserFactory


@pytest.fixture
def pending(themes):
    for key in ("atu", "atu", "shared", "spmu"):
        ThreadFactory(theme=themes[key], opening__status=Post.Status.PENDING)
    # Not waiting: approved, and sent back for changes.
    PostFactory(thread=ThreadFactory(theme=themes["atu"]))
    PostFactory(thread=ThreadFactory(theme=themes["atu"]), status=Post.Status.CHANGES_REQUESTED)


@pytest.fixture
def reported(themes, participant):
    """One open report on an approved ATU post, and one already dismissed."""
    post = PostFactory(thread=ThreadFactory(theme=themes["atu"]))
    Report.objects.create(post=post, reporter=participant, reason=Report.Reason.ABUSIVE)
    Report.objects.create(
        post=PostFactory(thread=ThreadFactory(theme=themes["atu"])),
        reporter=participant,
        reason=Report.Reason.OFF_TOPIC,
        status=Report.Status.DISMISSED,
    )


@pytest.mark.parametrize(
    ("who", "shown"),
    [
        ("anonymous", None),
        ("participant", None),
        ("atu_moderator", "Review queue 3 waiting"),
        ("spmu_moderator", "Review queue 1 waiting"),
        ("odihr_moderator", "Review queue 1 waiting"),
        ("administrator", "Review queue 4 waiting"),
    ],
)
def test_header_shows_moderators_what_waits_in_their_themes(client_for, pending, who, shown):
    html = client_for(who).get(reverse("forum:home")).content.decode()
    content = " ".join(strip_tags(html).split())
    if shown is None:
        assert "Review queue" not in content
    else:
        assert shown in content


def _evaluate(rf, user) -> tuple[object, int]:
    request = rf.get("/")
    request.user = user
    with CaptureQueriesContext(connection) as queries:
        value = queue_count(request)["moderation_queue_count"]
        if callable(value):
            value = value()
    return value, len(queries)


def test_no_queries_for_anonymous_visitors(rf, db):
    assert _evaluate(rf, AnonymousUser()) == (None, 0)


def test_no_queries_for_people_who_moderate_nothing(rf, participant):
    moderated_theme_ids(participant)  # read once per request by the page already
    assert _evaluate(rf, participant) == (None, 0)


def test_one_query_for_moderators(rf, pending, atu_moderator):
    moderated_theme_ids(atu_moderator)
    assert _evaluate(rf, atu_moderator) == (3, 1)


def test_the_count_takes_in_open_reports(rf, pending, reported, atu_moderator, spmu_moderator):
    moderated_theme_ids(atu_moderator)
    assert _evaluate(rf, atu_moderator) == (4, 1)
    assert _evaluate(rf, spmu_moderator)[0] == 1


def test_the_count_takes_in_accounts_while_approval_is_required(
    rf, settings, pending, atu_moderator
):
    UserFactory(approval_status=ApprovalStatus.PENDING)
    settings.ACCOUNT_APPROVAL_REQUIRED = False
    assert _evaluate(rf, atu_moderator)[0] == 3
    settings.ACCOUNT_APPROVAL_REQUIRED = True
    assert _evaluate(rf, atu_moderator)[0] == 4


@pytest.mark.parametrize("who", ["participant", "atu_moderator", "administrator"])
def test_the_administration_link_is_for_staff(client_for, who):
    page = client_for(who).get(reverse("forum:home")).content.decode()
    assert (reverse("admin:index") in page) is (who == "administrator")
