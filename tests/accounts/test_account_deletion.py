"""Deleting an account: what stays (pseudonymised) and what goes."""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from accounts.deletion import delete_account
from accounts.models import PrivacyConsent, User
from accounts.notices import current_privacy_notice, record_privacy_consent
from forum.models import EmailPreference, Follow, Notification, Post, SearchDocument, Thread
from forum.search.documents import index_posts
from forum.services.email import set_email_preference
from forum.services.follows import follow
from forum.services.notifications import notify
from guidebook.models import ChapterVersion, ReviewInvitation
from guidebook.services import get_draft, link_contribution, publish_version, save_draft
from moderation.models import Decision, ModeratorNote, Report
from moderation.services.decisions import reject_post
from tests.conftest import sign_in
from tests.factories import DEFAULT_PASSWORD, PostFactory, ThreadFactory, UserFactory


@pytest.fixture
def leaver(db):
    return UserFactory(
        username="leaver",
        email="lena.leaver@example.org",
        display_name="Lena Leaver",
        organisation="Leavers' Institute",
    )


@pytest.fixture
def footprint(leaver, participant, themes, chapters, drafter, atu_moderator, with_totp):
    """Everything a participant leaves behind, by what it is."""
    theme = themes["atu"]
    alone = ThreadFactory(theme=theme, author=leaver, title="Nobody answered")
    answered = ThreadFactory(theme=theme, author=leaver, title="Others answered")
    PostFactory(thread=answered, author=participant, body="A reply by someone else.")
    others = ThreadFactory(theme=theme, author=participant, title="Someone else's thread")
    reply = PostFactory(thread=others, author=leaver, body="A plain reply.")
    pending = PostFactory(thread=others, author=leaver, status=Post.Status.PENDING)
    cited_thread = ThreadFactory(
        theme=theme, author=participant, title="Cited", opening__accepted_for_guidebook=True
    )
    cited = PostFactory(
        thread=cited_thread,
        author=leaver,
        body="Words the guidebook cites.",
        accepted_for_guidebook=True,
    )
    chapter = chapters["one"]
    link_contribution(actor=drafter, post=cited, chapter=chapter)
    save_draft(
        actor=drafter,
        chapter=chapter,
        text=f"Cited here [[post:{cited.pk}]].",
        base_version=get_draft(chapter).version,
    )
    version = publish_version(actor=drafter, chapter=chapter)

    with_totp(atu_moderator)
    decision = reject_post(
        actor=atu_moderator, post=pending, preset_reason="off_topic", text="Lena wrote this."
    )
    note = ModeratorNote.objects.create(author=leaver, text="About Lena", written_by=atu_moderator)
    report = Report.objects.create(
        post=others.first_post, reporter=leaver, reason="other", text="x"
    )
    notify(recipient=leaver, message="Something happened")
    follow(user=leaver, target=others)
    set_email_preference(user=leaver, frequency="daily")
    with_totp(leaver)
    record_privacy_consent(user=leaver, notice=current_privacy_notice())
    index_posts(Post.objects.values_list("pk", flat=True))
    return {
        "alone": alone,
        "answered": answered,
        "reply": reply,
        "pending": pending,
        "cited": cited,
        "version": version,
        "decision": decision,
        "note": note,
        "report": report,
    }


def test_deletion_needs_the_right_password(leaver):
    with pytest.raises(ValidationError) as error:
        delete_account(user=leaver, password="not-the-password")
    assert "password" in error.value.message_dict
    leaver.refresh_from_db()
    assert leaver.is_active and leaver.deleted_at is None


def test_administrators_cannot_delete_their_own_account(administrator):
    with pytest.raises(PermissionDenied):
        delete_account(user=administrator, password=DEFAULT_PASSWORD)


def test_the_account_row_stays_emptied_of_everything_that_names_the_person(leaver, footprint):
    pk = leaver.pk
    delete_account(user=leaver, password=DEFAULT_PASSWORD)
    former = User.objects.get(pk=pk)
    assert former.deleted_at is not None
    assert not former.is_active
    assert not former.has_usable_password()
    assert str(former) == "A former participant"
    for field in ("display_name", "organisation", "stakeholder_group", "country", "gender"):
        assert getattr(former, field) == ""
    assert "leaver" not in former.username and "lena" not in former.email
    assert not EmailAddress.objects.filter(user=former).exists()
    assert not Authenticator.objects.filter(user=former).exists()
    assert not PrivacyConsent.objects.filter(user=former).exists()


def test_cited_contributions_stay_credited_to_a_former_participant(leaver, footprint):
    delete_account(user=leaver, password=DEFAULT_PASSWORD)
    cited = Post.objects.get(pk=footprint["cited"].pk)
    assert cited.body == "Words the guidebook cites."
    version = ChapterVersion.objects.get(pk=footprint["version"].pk)
    (note,) = version.citations
    assert note["attribution"] == "A former participant"
    assert "A former participant" in version.html
    assert "Lena Leaver" not in version.html and "Leavers" not in version.html


def test_a_thread_others_replied_to_stays_and_one_nobody_answered_goes(leaver, footprint):
    delete_account(user=leaver, password=DEFAULT_PASSWORD)
    assert not Thread.objects.filter(pk=footprint["alone"].pk).exists()
    answered = Thread.objects.get(pk=footprint["answered"].pk)
    assert answered.first_post is not None
    assert str(answered.first_post.author) == "A former participant"
    assert answered.posts.count() == 2


def test_other_posts_go(leaver, footprint):
    delete_account(user=leaver, password=DEFAULT_PASSWORD)
    assert not Post.objects.filter(pk__in=[footprint["reply"].pk, footprint["pending"].pk])
    assert set(Post.objects.filter(author=leaver).values_list("pk", flat=True)) == {
        footprint["cited"].pk,
        footprint["answered"].first_post_id,
    }


def test_the_decision_log_keeps_its_rows_without_personal_data(leaver, footprint):
    delete_account(user=leaver, password=DEFAULT_PASSWORD)
    decision = Decision.objects.get(pk=footprint["decision"].pk)
    assert decision.post_id is None
    assert decision.reason == ""
    assert decision.action == Decision.Action.REJECT


def test_notifications_follows_preferences_reports_and_notes_go(leaver, footprint):
    delete_account(user=leaver, password=DEFAULT_PASSWORD)
    assert not Notification.objects.filter(recipient=leaver).exists()
    assert not Follow.objects.filter(user=leaver).exists()
    assert not EmailPreference.objects.filter(user=leaver).exists()
    assert not Report.objects.filter(pk=footprint["report"].pk).exists()
    assert not ModeratorNote.objects.filter(pk=footprint["note"].pk).exists()


def test_search_no_longer_finds_the_name_or_removed_posts(leaver, footprint):
    delete_account(user=leaver, password=DEFAULT_PASSWORD)
    assert not SearchDocument.objects.filter(people__icontains="Leaver").exists()
    assert not SearchDocument.objects.filter(post_id=footprint["reply"].pk).exists()
    response = Client().get(reverse("forum:search"), {"q": "plain reply"})
    assert "A plain reply." not in response.content.decode()


def test_invitations_to_the_persons_address_go(leaver, footprint, drafter):
    from datetime import timedelta

    from django.utils import timezone

    from guidebook.services.review import open_review

    open_review(
        actor=drafter,
        version=footprint["version"],
        ends_at=timezone.now() + timedelta(days=7),
        audience="invited",
        emails=["Lena.Leaver@example.org", "someone@example.org"],
    )
    delete_account(user=leaver, password=DEFAULT_PASSWORD)
    assert list(ReviewInvitation.objects.values_list("email", flat=True)) == ["someone@example.org"]


def test_every_session_of_the_person_ends(leaver):
    one, two = Client(), Client()
    for client in (one, two):
        sign_in(client, leaver, second_factor=False)
    other = sign_in(Client(), UserFactory(), second_factor=False)
    delete_account(user=leaver, password=DEFAULT_PASSWORD)
    assert Session.objects.count() == 1
    assert other.get(reverse("accounts:profile_edit")).status_code == 200
    assert one.get(reverse("accounts:profile_edit")).status_code == 302


def test_the_former_address_can_register_again(leaver, client):
    delete_account(user=leaver, password=DEFAULT_PASSWORD)
    assert not User.objects.filter(email__iexact="lena.leaver@example.org").exists()


def test_a_kept_thread_shows_a_former_participant_without_a_profile_link(leaver, footprint):
    delete_account(user=leaver, password=DEFAULT_PASSWORD)
    former = User.objects.get(pk=leaver.pk)
    thread = footprint["answered"]
    html = Client().get(thread.get_absolute_url()).content.decode()
    assert "A former participant" in html
    assert "Lena Leaver" not in html
    assert reverse("accounts:profile", kwargs={"username": former.username}) not in html
    theme_html = Client().get(thread.theme.get_absolute_url()).content.decode()
    assert "Started by A former participant" in theme_html


def test_review_comments_others_answered_stay_and_the_rest_go(
    leaver, footprint, drafter, participant
):
    from datetime import timedelta

    from django.utils import timezone

    from guidebook.models import ReviewComment
    from guidebook.services.review import add_comment, open_review, reply_to_comment

    version = footprint["version"]
    open_review(
        actor=drafter,
        version=version,
        ends_at=timezone.now() + timedelta(days=7),
        audience="verified",
    )
    para = version.paragraphs[0]["id"]
    answered = add_comment(actor=leaver, version=version, para_id=para, body="Answered one")
    reply_to_comment(actor=participant, comment=answered, body="An answer")
    lonely = add_comment(actor=leaver, version=version, para_id=para, body="Nobody answered")
    delete_account(user=leaver, password=DEFAULT_PASSWORD)
    assert ReviewComment.objects.filter(pk=answered.pk).exists()
    assert not ReviewComment.objects.filter(pk=lonely.pk).exists()


def test_the_files_of_removed_posts_leave_storage_and_the_download_lists_them(
    leaver, themes, django_capture_on_commit_callbacks, settings, tmp_path
):
    from accounts.data_export import personal_data_json
    from forum.services import start_thread
    from tests.forum.attachment_files import pdf_bytes, upload

    attachment_root = tmp_path / "attachments"
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(attachment_root)},
        },
    }
    with django_capture_on_commit_callbacks(execute=True):
        thread = start_thread(
            author=leaver,
            theme=themes["atu"],
            title="Our evaluation",
            kind="case_study",
            body="The evaluation is attached.",
            files=[upload("evaluation.pdf", pdf_bytes())],
        )
    stored = thread.first_post.attachments.get()
    assert (attachment_root / stored.stored_name).exists()
    downloaded = json.loads(personal_data_json(viewer=leaver, user=leaver))
    files = [f for post in downloaded["posts"] for f in post["files"]]
    assert [f["name"] for f in files] == ["evaluation.pdf"]

    with django_capture_on_commit_callbacks(execute=True):
        delete_account(user=leaver, password=DEFAULT_PASSWORD)
    assert not (attachment_root / stored.stored_name).exists()
