"""Files on posts through the pages: who may download (404 for everyone else), the
response headers, the forms that attach and remove files, and where the files are shown."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from forum import services
from forum.attachments.models import Attachment
from forum.models import Post, Thread
from tests.conftest import KINDS
from tests.factories import PostFactory, ThreadFactory
from tests.forum.attachment_files import (
    attachment_root,  # noqa: F401 (a fixture)
    exe_bytes,
    html_bytes,
    jpeg_with_gps_bytes,
    pdf_bytes,
    png_bytes,
    upload,
)

pytestmark = pytest.mark.usefixtures("attachment_root")

Status = Post.Status
EVERYONE = frozenset(KINDS)
ATU_MODERATORS = frozenset({"atu_moderator", "administrator"})
AUTHOR_AND_ATU = ATU_MODERATORS | {"participant"}


def _download(pk: int) -> str:
    return reverse("forum:attachment_download", kwargs={"pk": pk})


def _thumbnail(pk: int) -> str:
    return reverse("forum:attachment_thumbnail", kwargs={"pk": pk})


def thread_with_file(author, theme, *, name="evaluation.pdf", content=None, claimed=None):
    thread = services.start_thread(
        author=author,
        theme=theme,
        title="Evaluation of the youth council",
        kind=Post.Kind.CASE_STUDY,
        body="The evaluation is attached.",
        files=[upload(name, content or pdf_bytes(), claimed or "application/pdf")],
    )
    return thread, thread.first_post.attachments.get()


def set_status(post: Post, status: str) -> None:
    Post.objects.filter(pk=post.pk).update(status=status)


# Who may download -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        (Status.APPROVED, EVERYONE),
        (Status.PENDING, AUTHOR_AND_ATU),
        (Status.CHANGES_REQUESTED, AUTHOR_AND_ATU),
        (Status.REJECTED, ATU_MODERATORS),
        (Status.HIDDEN, ATU_MODERATORS),
    ],
)
@pytest.mark.parametrize("kind", KINDS)
def test_a_file_is_served_to_those_who_may_see_its_post_and_404_to_everyone_else(
    client_for, participant, themes, kind, status, allowed
):
    thread, attachment = thread_with_file(participant, themes["atu"])
    set_status(thread.first_post, status)

    response = client_for(kind).get(_download(attachment.pk))

    assert response.status_code == (200 if kind in allowed else 404)


def test_an_unknown_file_is_404(client_for, themes):
    assert client_for("administrator").get(_download(999_999)).status_code == 404


def test_a_file_on_an_approved_reply_in_a_thread_back_in_review_is_not_public(
    client_for, participant, atu_moderator, themes
):
    """An opening post sent back for changes and edited waits again; its thread's replies,
    and their files, are hidden with it, except from the thread's author and moderators."""
    from forum.attachments import services as attachments

    thread = ThreadFactory(theme=themes["atu"], author=participant, opening__status=Status.PENDING)
    reply = PostFactory(thread=thread, author=atu_moderator, status=Status.APPROVED)
    [attachment] = attachments.store_uploads(
        actor=atu_moderator,
        post=reply,
        uploads=attachments.check_uploads([upload("notes.pdf", pdf_bytes())]),
    )

    assert client_for("anonymous").get(_download(attachment.pk)).status_code == 404
    assert client_for("spmu_moderator").get(_download(attachment.pk)).status_code == 404
    assert client_for("participant").get(_download(attachment.pk)).status_code == 200


def test_a_download_is_an_attachment_of_the_detected_type_and_never_sniffed(
    client, participant, themes
):
    thread, attachment = thread_with_file(
        participant, themes["atu"], name="Évaluation finale.exe", claimed="text/html"
    )
    set_status(thread.first_post, Status.APPROVED)

    response = client.get(_download(attachment.pk))

    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%C3%89valuation%20finale.exe.pdf" in disposition
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_photo_is_downloaded_without_its_location_and_has_a_thumbnail(
    client, participant, themes
):
    from tests.forum.attachment_files import exif_of

    thread, attachment = thread_with_file(
        participant,
        themes["atu"],
        name="meeting.jpg",
        content=jpeg_with_gps_bytes(),
        claimed="image/jpeg",
    )
    set_status(thread.first_post, Status.APPROVED)

    photo = b"".join(client.get(_download(attachment.pk)).streaming_content)
    thumbnail = client.get(_thumbnail(attachment.pk))

    assert exif_of(photo) == {"base": {}, "gps": {}}
    assert thumbnail.status_code == 200 and thumbnail["Content-Type"] == "image/jpeg"
    assert thumbnail["X-Content-Type-Options"] == "nosniff"


def test_a_pdf_has_no_thumbnail(client, participant, themes):
    thread, attachment = thread_with_file(participant, themes["atu"])
    set_status(thread.first_post, Status.APPROVED)
    assert client.get(_thumbnail(attachment.pk)).status_code == 404


def test_no_public_address_serves_the_stored_file(client, participant, themes, settings):
    thread, attachment = thread_with_file(participant, themes["atu"])
    set_status(thread.first_post, Status.APPROVED)
    for url in (
        f"/media/{attachment.stored_name}",
        f"/{attachment.stored_name}",
        f"/static/{attachment.stored_name}",
    ):
        assert client.get(url).status_code == 404


def test_a_file_missing_from_storage_is_404_not_500(client, participant, themes):
    from forum.attachments.storage import attachment_storage

    thread, attachment = thread_with_file(participant, themes["atu"])
    set_status(thread.first_post, Status.APPROVED)
    attachment_storage().delete(attachment.stored_name)
    assert client.get(_download(attachment.pk)).status_code == 404


# The forms --------------------------------------------------------------------------------

NEW_THREAD = reverse("forum:thread_create", kwargs={"slug": "key-concepts"})


def thread_data(**overrides):
    return {
        "title": "Youth liaison",
        "kind": "case_study",
        "body": "Meet **monthly**.",
        "place": "Vienna",
    } | overrides


def test_the_post_form_takes_files(client_for, themes):
    response = client_for("participant").get(NEW_THREAD)
    assert 'enctype="multipart/form-data"' in response.text
    assert 'type="file" name="files"' in response.text and "multiple" in response.text
    assert "PDF, DOCX, ODT, XLSX, PNG or JPEG" in response.text


def test_a_participant_starts_a_case_study_with_files(client_for, participant, themes):
    files = [upload("Evaluation.pdf", pdf_bytes()), upload("photo.png", png_bytes(), "image/png")]
    response = client_for("participant").post(NEW_THREAD, thread_data(files=files))

    thread = Thread.objects.get()
    assert response.status_code == 302
    assert [a.name for a in thread.first_post.attachments.all()] == ["Evaluation.pdf", "photo.png"]


@pytest.mark.parametrize(
    ("name", "content"), [("report.pdf", exe_bytes()), ("evaluation.pdf", html_bytes())]
)
def test_a_refused_file_reshows_the_form_with_everything_typed(client_for, themes, name, content):
    response = client_for("participant").post(
        NEW_THREAD, thread_data(files=[upload(name, content)])
    )

    assert response.status_code == 400
    assert not Thread.objects.exists()
    text = response.content.decode()
    assert f"“{name}” is not a file type we accept" in text
    assert "PDF, DOCX, ODT, XLSX, PNG or JPEG" in text
    assert 'href="#id_files"' in text  # the error summary links to the file input
    assert 'value="Youth liaison"' in text and "Meet **monthly**." in text
    assert 'value="Vienna"' in text


def test_a_reply_carries_files(client_for, themes):
    thread = ThreadFactory(theme=themes["atu"])
    url = reverse("forum:post_create", kwargs={"pk": thread.pk})
    response = client_for("participant").post(
        url,
        {"kind": "comment", "body": "The memorandum.", "files": [upload("mou.pdf", pdf_bytes())]},
    )
    assert response.status_code == 302
    assert thread.posts.get(attachments__name="mou.pdf")


def test_editing_removes_and_adds_files_and_the_versions_page_lists_them(
    client_for, participant, themes
):
    thread, first = thread_with_file(participant, themes["atu"], name="first.pdf")
    post = thread.first_post
    client = client_for("participant")
    url = reverse("forum:post_edit", kwargs={"pk": post.pk})

    form = client.get(url)
    assert "Remove first.pdf" in form.text
    response = client.post(
        url,
        thread_data(
            title=thread.title,
            body=post.body,
            place="",
            remove_files=[first.pk],
            files=[upload("second.pdf", pdf_bytes())],
        ),
    )

    assert response.status_code == 302
    assert [a.name for a in post.attachments.all()] == ["second.pdf"]
    versions = client.get(reverse("forum:post_revisions", kwargs={"pk": post.pk})).text
    assert "File added: first.pdf" in versions
    assert "File added: second.pdf" in versions and "File removed: first.pdf" in versions


# Where files are shown --------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_the_thread_page_lists_the_files_its_reader_may_download(
    client_for, participant, themes, kind
):
    thread, attachment = thread_with_file(participant, themes["atu"])
    set_status(thread.first_post, Status.APPROVED)

    page = client_for(kind).get(thread.get_absolute_url()).text

    assert _download(attachment.pk) in page
    assert "evaluation.pdf" in page and "PDF" in page


def test_the_author_of_a_hidden_post_reads_it_without_its_files(client_for, participant, themes):
    thread, attachment = thread_with_file(participant, themes["atu"])
    reply, reply_file = thread_with_file(participant, themes["atu"], name="hidden.pdf")
    set_status(thread.first_post, Status.APPROVED)
    set_status(reply.first_post, Status.HIDDEN)

    page = client_for("participant").get(reply.get_absolute_url())

    assert _download(reply_file.pk) not in page.text


def test_the_review_page_shows_the_files_to_the_moderator(client_for, participant, themes):
    thread, attachment = thread_with_file(participant, themes["atu"])

    page = client_for("atu_moderator").get(
        reverse("moderation:post_review", kwargs={"pk": thread.first_post.pk})
    )

    assert page.status_code == 200
    assert _download(attachment.pk) in page.text


def test_a_file_whose_text_could_not_be_read_is_marked(
    client_for, participant, themes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread, attachment = thread_with_file(
            participant, themes["atu"], name="broken.pdf", content=b"%PDF-1.7\nnot really"
        )
    set_status(thread.first_post, Status.APPROVED)
    assert Attachment.objects.get().text_status == Attachment.Text.FAILED

    page = client_for("anonymous").get(thread.get_absolute_url())

    assert page.status_code == 200 and "text not extracted" in page.text


def test_the_permission_rule_and_the_queryset_agree(participant, themes, person):
    from forum import permissions

    thread, attachment = thread_with_file(participant, themes["atu"])
    for kind in KINDS:
        user = person(kind) or AnonymousUser()
        listed = permissions.visible_attachments(user, Attachment.objects.all()).exists()
        assert listed is permissions.can_download_attachment(user, attachment), kind


def test_a_card_a_moderator_read_first_does_not_show_the_author_the_moderators_files(
    client_for, participant, themes
):
    """The post cards are cached: a hidden post's files, listed on the moderator's copy,
    stay off the copy its author reads next, on the same thread version."""
    thread, attachment = thread_with_file(participant, themes["atu"])
    set_status(thread.first_post, Status.APPROVED)
    reply = services.reply(
        author=participant,
        thread=Thread.objects.get(pk=thread.pk),
        kind=Post.Kind.COMMENT,
        body="The annex with the names.",
        files=[upload("names.pdf", pdf_bytes(), "application/pdf")],
    )
    reply_file = reply.attachments.get()
    set_status(reply, Status.HIDDEN)
    Thread.objects.filter(pk=thread.pk).update(version=thread.version + 7)

    moderator_page = client_for("atu_moderator").get(thread.get_absolute_url()).text
    author_page = client_for("participant").get(thread.get_absolute_url()).text

    assert _download(reply_file.pk) in moderator_page
    assert "The annex with the names." in author_page
    assert _download(reply_file.pk) not in author_page
