"""Files changed by an edit of an approved post wait with the edit: readers keep the approved
files until a moderator approves it (then the history records the change), and a rejected
edit's files never go public. The versions page lists the waiting edit to its author and the
theme's moderators."""

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from forum import selectors, services
from forum.attachments.models import Attachment, AttachmentChange
from forum.attachments.storage import attachment_storage
from forum.models import Post, PostEdit
from moderation.models import UndoableDecision
from moderation.services.decisions import approve_post, reject_post, request_changes
from moderation.services.undo import decide_with_undo, undo_decision
from tests.factories import UserFactory
from tests.forum.attachment_files import (
    attachment_root,  # noqa: F401 (a fixture)
    pdf_bytes,
    png_bytes,
    upload,
)

pytestmark = pytest.mark.usefixtures("attachment_root")


@pytest.fixture
def approved(participant, atu_moderator, themes, django_capture_on_commit_callbacks):
    """An approved case study by the participant in an ATU theme, carrying first.pdf."""
    with django_capture_on_commit_callbacks(execute=True):
        thread = services.start_thread(
            author=participant,
            theme=themes["atu"],
            title="Neighbourhood officers",
            kind=Post.Kind.CASE_STUDY,
            body="Officers stayed in one district.",
            files=[upload("first.pdf", pdf_bytes())],
        )
        approve_post(actor=atu_moderator, post=thread.first_post)
    return Post.objects.get(pk=thread.first_post_id)


def _held_edit(participant, post, *, body="Officers stayed in one district for years.", **files):
    with_held = services.edit_post(
        editor=participant, post=post, body=body, kind=post.kind, **files
    )
    assert with_held.held_edit is not None
    return with_held.held_edit


def _swap_files(participant, post, **kwargs):
    [first] = post.attachments.all()
    edit = _held_edit(
        participant,
        post,
        files=[upload("second.png", png_bytes(), "image/png")],
        remove_files=[first.pk],
        **kwargs,
    )
    return edit, first


def _names(post) -> list[str]:
    return [a.name for a in Post.objects.get(pk=post.pk).attachments.all()]


def _page(client, url) -> str:
    return " ".join(strip_tags(client.get(url).content.decode()).split())


# The service -------------------------------------------------------------------------------


def test_files_added_and_removed_by_a_held_edit_wait_with_it(participant, approved):
    edit, first = _swap_files(participant, approved)

    assert _names(approved) == ["first.pdf"]
    [second] = Attachment.with_held.filter(held_for=edit)
    assert second.name == "second.png"
    assert list(edit.removes_files.all()) == [first]
    assert attachment_storage().exists(first.stored_name)
    assert not AttachmentChange.objects.filter(name="second.png").exists()
    versions = selectors.post_revisions(Post.objects.get(pk=approved.pk))
    assert len(versions) == 1


def test_readers_see_only_the_approved_files(client_for, participant, approved):
    _swap_files(participant, approved)

    page = _page(client_for("anonymous"), approved.thread.get_absolute_url())
    assert "first.pdf" in page and "second.png" not in page


def test_an_edit_of_the_files_alone_is_held(participant, approved):
    edit = _held_edit(
        participant, approved, body=approved.body, files=[upload("more.pdf", pdf_bytes())]
    )
    assert edit.body == approved.body
    assert _names(approved) == ["first.pdf"]
    assert [a.name for a in Attachment.with_held.filter(held_for=edit)] == ["more.pdf"]


def test_approving_the_edit_publishes_its_files_and_the_history_records_them(
    participant, atu_moderator, approved, django_capture_on_commit_callbacks
):
    edit, first = _swap_files(participant, approved)

    with django_capture_on_commit_callbacks(execute=True):
        approve_post(actor=atu_moderator, post=approved)

    assert _names(approved) == ["second.png"]
    assert not Attachment.with_held.filter(held_for__isnull=False).exists()
    assert not attachment_storage().exists(first.stored_name)
    versions = selectors.post_revisions(Post.objects.get(pk=approved.pk))
    assert [c.name for c in versions[0].files_added] == ["first.pdf"]
    assert [c.name for c in versions[1].files_added] == ["second.png"]
    assert [c.name for c in versions[1].files_removed] == ["first.pdf"]
    assert versions[1].edited_by == participant


def test_a_rejected_edit_s_files_never_go_public(
    participant, atu_moderator, approved, django_capture_on_commit_callbacks
):
    edit, first = _swap_files(participant, approved)
    second = Attachment.with_held.get(held_for=edit)

    with django_capture_on_commit_callbacks(execute=True):
        reject_post(actor=atu_moderator, post=approved, preset_reason="off_topic")

    assert _names(approved) == ["first.pdf"]
    assert not Attachment.with_held.filter(pk=second.pk).exists()
    assert not attachment_storage().exists(second.stored_name)
    assert attachment_storage().exists(first.stored_name)
    assert not PostEdit.objects.get(pk=edit.pk).removes_files.exists()


def test_files_wait_with_an_edit_sent_back_and_its_resubmission(
    participant, atu_moderator, approved
):
    edit, _first = _swap_files(participant, approved)
    request_changes(actor=atu_moderator, post=approved, reason="Say which district.")
    assert Attachment.with_held.filter(held_for=edit).count() == 1

    again = _held_edit(participant, Post.objects.get(pk=approved.pk), body="District 7.")
    assert again.pk == edit.pk
    assert Attachment.with_held.filter(held_for=edit).count() == 1
    assert _names(approved) == ["first.pdf"]


def test_an_edit_back_to_the_approved_text_and_files_withdraws_them(participant, approved):
    edit = _held_edit(participant, approved, files=[upload("more.pdf", pdf_bytes())])
    more = Attachment.with_held.get(held_for=edit)

    services.edit_post(
        editor=participant,
        post=Post.objects.get(pk=approved.pk),
        body=approved.body,
        kind=approved.kind,
        remove_files=[more.pk],
    )

    assert not PostEdit.objects.filter(post=approved).exists()
    assert not Attachment.with_held.filter(pk=more.pk).exists()
    assert _names(approved) == ["first.pdf"]


def test_undoing_the_approval_of_an_edit_holds_its_added_files_again(
    participant, atu_moderator, approved
):
    edit = _held_edit(participant, approved, files=[upload("more.pdf", pdf_bytes())])
    decision = decide_with_undo(
        actor=atu_moderator,
        post=approved,
        decide=lambda: approve_post(actor=atu_moderator, post=approved),
    )
    assert _names(approved) == ["first.pdf", "more.pdf"]

    undo_decision(actor=atu_moderator, decision_id=decision.pk)

    assert _names(approved) == ["first.pdf"]
    assert [a.name for a in Attachment.with_held.filter(held_for=edit)] == ["more.pdf"]
    assert not AttachmentChange.objects.filter(name="more.pdf").exists()


@pytest.mark.parametrize(
    ("service", "arguments"),
    [(approve_post, {}), (reject_post, {"preset_reason": "spam"})],
)
def test_a_decision_that_deletes_files_offers_no_undo(
    participant, atu_moderator, approved, service, arguments
):
    """Approving takes the removed files off for good, rejecting deletes the added ones: their
    bytes leave the storage once the decision commits, so it cannot be taken back."""
    _swap_files(participant, approved)
    decide_with_undo(
        actor=atu_moderator,
        post=approved,
        decide=lambda: service(actor=atu_moderator, post=approved, **arguments),
    )
    assert not UndoableDecision.objects.exists()


def test_a_request_for_changes_to_an_edit_with_files_can_be_undone(
    participant, atu_moderator, approved
):
    edit, _first = _swap_files(participant, approved)
    decision = decide_with_undo(
        actor=atu_moderator,
        post=approved,
        decide=lambda: request_changes(actor=atu_moderator, post=approved, reason="Why?"),
    )
    undo_decision(actor=atu_moderator, decision_id=decision.pk)
    assert PostEdit.objects.get(pk=edit.pk).status == PostEdit.Status.PENDING
    assert Attachment.with_held.filter(held_for=edit).count() == 1


# The pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who", ["anonymous", "participant", "atu_moderator", "spmu_moderator", "administrator"]
)
def test_a_held_file_is_downloaded_only_by_those_who_may_see_the_edit(
    client_for, participant, approved, who
):
    edit, _first = _swap_files(participant, approved)
    second = Attachment.with_held.get(held_for=edit)

    response = client_for(who).get(reverse("forum:attachment_download", args=[second.pk]))

    allowed = who in ("participant", "atu_moderator", "administrator")
    assert response.status_code == (200 if allowed else 404)


def test_the_review_page_lists_the_files_the_edit_adds_and_takes_off(
    client_for, participant, approved
):
    _swap_files(participant, approved)
    page = _page(client_for("atu_moderator"), reverse("moderation:post_review", args=[approved.pk]))
    assert "Adds the file second.png" in page
    assert "Takes off the file first.pdf" in page


def test_the_edit_form_starts_from_the_files_as_the_author_left_them(
    client_for, participant, approved
):
    _swap_files(participant, approved)
    page = _page(client_for("participant"), reverse("forum:post_edit", args=[approved.pk]))
    assert "Remove second.png" in page and "Remove first.pdf" not in page


@pytest.mark.parametrize(
    "who", ["anonymous", "participant", "atu_moderator", "spmu_moderator", "administrator"]
)
def test_the_versions_page_lists_the_waiting_edit_to_its_author_and_moderators(
    client_for, participant, approved, who
):
    _swap_files(participant, approved)
    response = client_for(who).get(reverse("forum:post_revisions", args=[approved.pk]))

    if who in ("anonymous", "spmu_moderator"):
        assert response.status_code == 404
        return
    page = " ".join(strip_tags(response.content.decode()).split())
    assert "Edit awaiting review" in page
    assert "Not public yet" in page
    assert "Officers stayed in one district for years." in page
    assert "Adds the file second.png" in page and "Takes off the file first.pdf" in page
    assert "Version 2" not in page


def test_the_versions_page_shows_an_edit_sent_back_with_the_request(
    client_for, participant, atu_moderator, approved
):
    _held_edit(participant, approved)
    request_changes(actor=atu_moderator, post=approved, reason="Say which district.")

    page = _page(client_for("participant"), reverse("forum:post_revisions", args=[approved.pk]))
    assert "Edit sent back for changes" in page
    assert "Say which district." in page


def test_the_versions_page_shows_no_held_edit_to_another_participant(client_for, approved):
    """The versions page itself is for the author and moderators; another reader gets 404
    and so never learns an edit waits."""
    other = UserFactory()
    client = client_for("anonymous")
    client.force_login(other)
    response = client.get(reverse("forum:post_revisions", args=[approved.pk]))
    assert response.status_code == 404


def test_a_held_file_is_in_its_authors_data_and_goes_with_their_account(
    participant, approved, django_capture_on_commit_callbacks
):
    import json

    from accounts.data_export import personal_data_json
    from accounts.deletion import delete_account
    from tests.factories import DEFAULT_PASSWORD

    edit, _first = _swap_files(participant, approved)
    second = Attachment.with_held.get(held_for=edit)

    downloaded = json.loads(personal_data_json(viewer=participant, user=participant))
    files = {f["name"]: f for post in downloaded["posts"] for f in post["files"]}
    assert files["second.png"]["awaiting_review"] is True
    assert files["first.pdf"]["awaiting_review"] is False

    with django_capture_on_commit_callbacks(execute=True):
        delete_account(user=participant, password=DEFAULT_PASSWORD)
    assert not attachment_storage().exists(second.stored_name)


def test_a_bulk_approval_with_an_edit_that_deletes_files_offers_no_undo(
    participant, atu_moderator, approved, themes
):
    """One undo is for the whole batch, and one approval in it cannot be taken back."""
    from moderation.services.undo import bulk_approve_with_undo
    from tests.moderation.helpers import pending_thread

    _swap_files(participant, approved)
    made, _skipped = bulk_approve_with_undo(
        actor=atu_moderator, posts=[pending_thread(themes["atu"]), approved]
    )
    assert len(made) == 2
    assert not UndoableDecision.objects.exists()
