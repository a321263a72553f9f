"""Participants' reports on approved posts: filing them, the threshold that hides a post,
and moderators dismissing them or hiding the post."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApprovalStatus
from forum.models import Notification, Post
from moderation.models import Decision, Report
from moderation.services import reports as services
from moderation.services.threads import hide_post, unhide_post
from tests.conftest import KINDS
from tests.factories import PostFactory, ThreadFactory, UserFactory
from tests.moderation.helpers import race, unit_page_status


@pytest.fixture(autouse=True)
def _report_threshold(settings):
    settings.MODERATION_REPORT_HIDE_THRESHOLD = 3


@pytest.fixture
def atu_post(themes):
    return PostFactory(thread=ThreadFactory(theme=themes["atu"], title="Community meetings"))


def _member(**fields):
    """A member long enough for their reports to count toward hiding a post."""
    return UserFactory(date_joined=timezone.now() - timedelta(days=30), **fields)


def _report(post, reporter=None, reason=Report.Reason.ABUSIVE, text=""):
    return services.report_post(reporter=reporter or _member(), post=post, reason=reason, text=text)


# Filing a report -------------------------------------------------------------------------------


def test_participant_reports_an_approved_post(participant, atu_post):
    report = _report(atu_post, participant, Report.Reason.MISINFORMATION, "Wrong figures")
    assert report.status == Report.Status.OPEN
    assert (report.reporter, report.reason, report.text) == (
        participant,
        "misinformation",
        "Wrong figures",
    )
    atu_post.refresh_from_db()
    assert atu_post.status == Post.Status.APPROVED
    assert not Decision.objects.exists()


def test_other_needs_text(participant, atu_post):
    with pytest.raises(ValidationError) as exc:
        _report(atu_post, participant, Report.Reason.OTHER, "  ")
    assert "text" in exc.value.error_dict
    assert not Report.objects.exists()


def test_unknown_reason_is_refused(participant, atu_post):
    with pytest.raises(ValidationError):
        _report(atu_post, participant, "boring")


def test_one_open_report_per_person_per_post(participant, atu_post):
    _report(atu_post, participant)
    with pytest.raises(services.AlreadyReported):
        _report(atu_post, participant, Report.Reason.OFF_TOPIC)
    assert Report.objects.count() == 1


def test_the_database_backs_up_the_one_open_report_rule(participant, atu_post):
    Report.objects.create(post=atu_post, reporter=participant, reason="abusive")
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(post=atu_post, reporter=participant, reason="off_topic")


def test_a_person_may_report_again_after_the_first_report_was_dealt_with(
    participant, atu_moderator, atu_post
):
    first = _report(atu_post, participant)
    services.dismiss_report(actor=atu_moderator, report=first)
    second = _report(atu_post, participant)
    assert second.pk != first.pk


@pytest.mark.parametrize("status", ["pending", "rejected", "changes_requested", "hidden"])
def test_only_approved_posts_can_be_reported(participant, themes, status):
    post = PostFactory(thread=ThreadFactory(theme=themes["atu"]), status=status)
    with pytest.raises(PermissionDenied):
        _report(post, participant)


def test_authors_do_not_report_their_own_posts(atu_post):
    with pytest.raises(PermissionDenied):
        _report(atu_post, atu_post.author)


# The threshold ---------------------------------------------------------------------------------


def test_reports_from_three_people_hide_the_post_pending_review(atu_post):
    _report(atu_post)
    _report(atu_post)
    atu_post.refresh_from_db()
    assert atu_post.status == Post.Status.APPROVED

    _report(atu_post)

    atu_post.refresh_from_db()
    assert atu_post.status == Post.Status.HIDDEN
    decision = Decision.objects.get()
    assert decision.action == Decision.Action.AUTO_HIDE
    assert decision.actor is None
    assert (decision.status_before, decision.status_after) == ("approved", "hidden")
    assert decision.details["reporters"] == 3
    assert Notification.objects.filter(recipient=atu_post.author).count() == 1
    # The reports stay open: they are what the moderators now look at.
    assert Report.objects.filter(status=Report.Status.OPEN).count() == 3


def test_reports_from_new_accounts_do_not_hide_a_post(atu_post):
    """Three accounts made for the purpose cannot hide anyone's post."""
    for _ in range(3):
        _report(atu_post, reporter=UserFactory())
    atu_post.refresh_from_db()
    assert atu_post.status == Post.Status.APPROVED
    assert Report.objects.filter(status=Report.Status.OPEN).count() == 3


def test_a_new_account_with_an_approved_post_counts(atu_post, themes):
    _report(atu_post)
    _report(atu_post)
    newcomer = UserFactory()
    ThreadFactory(theme=themes["atu"], author=newcomer)
    _report(atu_post, reporter=newcomer)
    atu_post.refresh_from_db()
    assert atu_post.status == Post.Status.HIDDEN


def test_the_trusted_membership_time_is_a_setting(settings, atu_post):
    settings.MODERATION_REPORT_HIDE_THRESHOLD = 1
    settings.MODERATION_REPORT_TRUSTED_AFTER_DAYS = 0
    _report(atu_post, reporter=UserFactory())
    atu_post.refresh_from_db()
    assert atu_post.status == Post.Status.HIDDEN


@pytest.mark.parametrize(
    "fields",
    [{"approval_status": ApprovalStatus.PENDING}, {"verified": False}],
    ids=["awaiting approval", "address not verified"],
)
def test_only_verified_approved_accounts_may_report(atu_post, fields):
    with pytest.raises(PermissionDenied):
        _report(atu_post, reporter=_member(**fields))
    assert not Report.objects.exists()


def test_the_threshold_is_a_setting(settings, atu_post):
    settings.MODERATION_REPORT_HIDE_THRESHOLD = 1
    _report(atu_post)
    atu_post.refresh_from_db()
    assert atu_post.status == Post.Status.HIDDEN


def test_dismissed_reports_do_not_count_towards_the_threshold(atu_moderator, atu_post):
    services.dismiss_report(actor=atu_moderator, report=_report(atu_post))
    _report(atu_post)
    _report(atu_post)
    atu_post.refresh_from_db()
    assert atu_post.status == Post.Status.APPROVED


def test_unhiding_after_auto_hide_dismisses_the_reports(atu_moderator, atu_post):
    for _ in range(3):
        _report(atu_post)
    unhide_post(actor=atu_moderator, post=atu_post, reason="Nothing wrong")
    atu_post.refresh_from_db()
    assert atu_post.status == Post.Status.APPROVED
    assert set(Report.objects.values_list("status", flat=True)) == {Report.Status.DISMISSED}
    # One more report does not hide it again at once.
    _report(atu_post)
    atu_post.refresh_from_db()
    assert atu_post.status == Post.Status.APPROVED


# Moderators dealing with reports --------------------------------------------------------------


def test_dismissing_a_report_is_logged(atu_moderator, atu_post):
    report = _report(atu_post)
    decision = services.dismiss_report(actor=atu_moderator, report=report, reason="Fair comment")
    report.refresh_from_db()
    assert report.status == Report.Status.DISMISSED
    assert report.resolved_by == atu_moderator
    assert report.resolved_at is not None
    assert decision.action == Decision.Action.DISMISS_REPORT
    assert decision.post == atu_post
    assert decision.unit.code == "atu"
    assert decision.details["report"] == report.pk
    atu_post.refresh_from_db()
    assert atu_post.status == Post.Status.APPROVED


def test_dismissing_twice_says_it_was_already_dealt_with(atu_moderator, atu_post):
    report = _report(atu_post)
    services.dismiss_report(actor=atu_moderator, report=report)
    with pytest.raises(services.ReportAlreadyResolved):
        services.dismiss_report(actor=atu_moderator, report=report)
    assert Decision.objects.count() == 1


def test_hiding_from_a_report_needs_a_reason(atu_moderator, atu_post):
    with pytest.raises(ValidationError):
        services.hide_reported_post(actor=atu_moderator, report=_report(atu_post), reason="")


def test_hiding_from_a_report_hides_and_closes_all_reports(atu_moderator, atu_post):
    first, second = _report(atu_post), _report(atu_post)
    decision = services.hide_reported_post(actor=atu_moderator, report=first, reason="Abusive")
    atu_post.refresh_from_db()
    assert atu_post.status == Post.Status.HIDDEN
    assert decision.action == Decision.Action.HIDE
    assert decision.details["report"] == first.pk
    second.refresh_from_db()
    assert second.status == Report.Status.ACTIONED


def test_confirming_an_automatic_hide(atu_moderator, atu_post):
    reports = [_report(atu_post) for _ in range(3)]
    decision = services.hide_reported_post(
        actor=atu_moderator, report=reports[0], reason="Personal data"
    )
    assert (decision.status_before, decision.status_after) == ("hidden", "hidden")
    assert not Report.objects.filter(status=Report.Status.OPEN).exists()


def test_another_units_moderator_cannot_resolve(odihr_moderator, atu_post):
    report = _report(atu_post)
    with pytest.raises(PermissionDenied):
        services.dismiss_report(actor=odihr_moderator, report=report)
    with pytest.raises(PermissionDenied):
        services.hide_reported_post(actor=odihr_moderator, report=report, reason="x")


# Pages -----------------------------------------------------------------------------------------


def test_report_page_needs_sign_in(client, atu_post):
    response = client.get(reverse("moderation:post_report", kwargs={"pk": atu_post.pk}))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_report_page_files_a_report(client_for, participant, atu_post):
    client = client_for("participant")
    url = reverse("moderation:post_report", kwargs={"pk": atu_post.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "abusive", "text": ""})
    assert response.status_code == 302
    assert Report.objects.get().reporter == participant


def test_report_page_second_attempt_shows_a_clear_message(client_for, atu_post):
    client = client_for("participant")
    url = reverse("moderation:post_report", kwargs={"pk": atu_post.pk})
    client.post(url, {"reason": "abusive"})
    page = client.get(url)
    assert b"You have already reported this post" in page.content
    again = client.post(url, {"reason": "off_topic"})
    assert again.status_code == 409
    assert b"You have already reported this post" in again.content
    assert Report.objects.count() == 1


def test_report_page_other_without_text_reshows_the_form(client_for, atu_post):
    response = client_for("participant").post(
        reverse("moderation:post_report", kwargs={"pk": atu_post.pk}),
        {"reason": "other", "text": ""},
    )
    assert response.status_code == 400
    assert b"There is a problem" in response.content
    assert not Report.objects.exists()


def test_a_post_one_cannot_see_is_404(client_for, themes):
    pending = PostFactory(thread=ThreadFactory(theme=themes["atu"]), status=Post.Status.PENDING)
    response = client_for("participant").get(
        reverse("moderation:post_report", kwargs={"pk": pending.pk})
    )
    assert response.status_code == 404


@pytest.mark.parametrize("who", KINDS)
def test_atu_reports_list_matrix(client_for, atu_post, who):
    _report(atu_post)
    response = client_for(who).get(reverse("moderation:unit_reports", kwargs={"code": "atu"}))
    assert response.status_code == unit_page_status(who)
    if response.status_code == 200:
        assert b"Community meetings" in response.content


def test_reports_list_shows_only_open_reports_in_the_units_themes(
    client_for, atu_moderator, themes, atu_post
):
    _report(atu_post)
    dismissed = _report(atu_post)
    services.dismiss_report(actor=atu_moderator, report=dismissed)
    _report(PostFactory(thread=ThreadFactory(theme=themes["spmu"], title="SPMU only")))
    response = client_for("atu_moderator").get(
        reverse("moderation:unit_reports", kwargs={"code": "atu"})
    )
    assert response.context["page_obj"].paginator.count == 1
    assert b"SPMU only" not in response.content


@pytest.mark.parametrize("who", KINDS)
@pytest.mark.parametrize("name", ["report_dismiss", "report_hide"])
def test_report_action_pages_matrix(client_for, atu_post, who, name):
    report = _report(atu_post)
    response = client_for(who).get(reverse(f"moderation:{name}", kwargs={"pk": report.pk}))
    assert response.status_code == unit_page_status(who)


@pytest.mark.parametrize("who", KINDS)
def test_dismiss_by_post_matrix(client_for, atu_post, who):
    report = _report(atu_post)
    response = client_for(who).post(
        reverse("moderation:report_dismiss", kwargs={"pk": report.pk}), {"reason": ""}
    )
    assert response.status_code == unit_page_status(who, ok=302)
    report.refresh_from_db()
    dismissed = who in ("atu_moderator", "administrator")
    assert (report.status == Report.Status.DISMISSED) is dismissed


def test_hide_from_report_page(client_for, atu_post):
    report = _report(atu_post)
    client = client_for("atu_moderator")
    url = reverse("moderation:report_hide", kwargs={"pk": report.pk})
    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "Abusive language"})
    assert response.status_code == 302
    assert response.url == reverse("moderation:unit_reports", kwargs={"code": "atu"})
    atu_post.refresh_from_db()
    assert atu_post.status == Post.Status.HIDDEN


# Concurrency (PostgreSQL) ----------------------------------------------------------------------


needs_postgres = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]


def _with_marks(marks):
    def apply(test):
        for mark in marks:
            test = mark(test)
        return test

    return apply


@_with_marks(needs_postgres)
def test_reports_arriving_together_hide_the_post_once(units, atu_post):
    reporters = [_member() for _ in range(4)]
    outcomes = race(
        *[
            lambda r=r: services.report_post(
                reporter=r, post=Post.objects.get(pk=atu_post.pk), reason="abusive"
            )
            for r in reporters
        ]
    )
    assert sum(isinstance(o, Report) for o in outcomes) >= 3, outcomes
    assert Decision.objects.filter(action=Decision.Action.AUTO_HIDE).count() == 1


@_with_marks(needs_postgres)
def test_the_same_person_reporting_twice_at_once_files_one_report(participant, atu_post):
    outcomes = race(
        *[
            lambda: services.report_post(
                reporter=participant, post=Post.objects.get(pk=atu_post.pk), reason="abusive"
            )
        ]
        * 2
    )
    assert Report.objects.filter(reporter=participant).count() == 1
    assert sum(isinstance(o, services.AlreadyReported) for o in outcomes) == 1, outcomes


@_with_marks(needs_postgres)
def test_two_moderators_hiding_at_once_record_one_decision(atu_moderator, odihr_moderator, themes):
    post = PostFactory(thread=ThreadFactory(theme=themes["shared"]))
    outcomes = race(
        lambda: hide_post(actor=atu_moderator, post=Post.objects.get(pk=post.pk), reason="a"),
        lambda: hide_post(actor=odihr_moderator, post=Post.objects.get(pk=post.pk), reason="b"),
    )
    assert Decision.objects.filter(post=post, action=Decision.Action.HIDE).count() == 1
    assert sum(isinstance(o, ValidationError) for o in outcomes) == 1, outcomes


# An opening post hidden ------------------------------------------------------------------------


def test_hiding_an_opening_post_leaves_the_thread_and_its_replies_up(
    client, client_for, atu_moderator, themes
):
    thread = ThreadFactory(theme=themes["atu"], title="Community meetings")
    reply = PostFactory(thread=thread, body="A reply worth keeping.")
    opening = thread.first_post
    opening.body_html = "<p>The abusive opening.</p>"
    opening.save(update_fields=["body_html"])
    _member()
    hide_post(actor=atu_moderator, post=opening, reason="Personal data")

    page = client.get(thread.get_absolute_url())
    assert page.status_code == 200
    assert "A moderator has hidden the post that opened this thread" in page.text
    assert "A reply worth keeping." in page.text
    assert "The abusive opening." not in page.text
    assert client.get(reverse("forum:post_permalink", args=[reply.pk])).status_code == 302
    assert client.get(reverse("forum:post_permalink", args=[opening.pk])).status_code == 404

    # Its moderators still read the opening post itself, and get no placeholder.
    staff = client_for("atu_moderator").get(thread.get_absolute_url())
    assert "The abusive opening." in staff.text
    assert "A moderator has hidden the post that opened" not in staff.text
