"""Adding, removing and deleting a post's files, and extracting their text.

The forum's writing services (forum/services/posts.py, threads.py) call `check_uploads`
before they write and `store_uploads` / `remove_attachments` inside their transaction, so
a post and its files change together, and the edit's revision records which files came and
went. Files leave the storage only once the transaction that forgot them has committed.
"""

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.attachments import extraction
from forum.attachments.detection import ALLOWED_LABELS, detect_type, type_for
from forum.attachments.images import clean_image
from forum.attachments.models import Attachment, AttachmentChange
from forum.attachments.names import display_name, stored_name
from forum.attachments.selectors import held_files
from forum.attachments.storage import attachment_storage

logger = logging.getLogger(__name__)

MAX_FILES = 5
MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Upload:
    """One accepted file, ready to store: its cleaned name and type, and the bytes to keep
    (for images, re-encoded without metadata) with the thumbnail."""

    name: str
    content_type: str
    content: bytes
    thumbnail: bytes = b""
    thumbnail_width: int | None = None
    thumbnail_height: int | None = None


def _named_in_message(name: str) -> str:
    """The name a person gave the file, on one line, for a message about it."""
    return " ".join((name or "").split())[:120] or _("A file")


def _too_large(uploaded) -> str | None:
    if uploaded.size > MAX_BYTES:
        return _("“%(name)s” is larger than 10 MB: attach files of up to 10 MB each.") % {
            "name": _named_in_message(uploaded.name)
        }
    return None


def _prepare(uploaded) -> Upload:
    name = _named_in_message(uploaded.name)
    uploaded.seek(0)
    file_type = detect_type(uploaded)
    if file_type is None:
        raise ValidationError(
            {
                "files": _("“%(name)s” is not a file type we accept: attach %(allowed)s files.")
                % {"name": name, "allowed": ALLOWED_LABELS}
            }
        )
    content = uploaded.read()
    cleaned = display_name(uploaded.name, file_type)
    if not file_type.is_image:
        return Upload(name=cleaned, content_type=file_type.content_type, content=content)
    image = clean_image(content, file_type, name=name)
    return Upload(
        name=cleaned,
        content_type=file_type.content_type,
        content=image.content,
        thumbnail=image.thumbnail,
        thumbnail_width=image.thumbnail_width,
        thumbnail_height=image.thumbnail_height,
    )


def check_uploads(files: Sequence, *, keeping: int = 0) -> list[Upload]:
    """The files a person chose, checked and made ready to store; ValidationError keyed
    "files" naming every refused file and why. `keeping`: files the post keeps."""
    files = [f for f in files if f]
    if keeping + len(files) > MAX_FILES:
        raise ValidationError(
            {
                "files": _(
                    "A post can carry up to %(max)d files; with these it would have %(count)d. "
                    "Choose fewer files, or remove some of those attached."
                )
                % {"max": MAX_FILES, "count": keeping + len(files)}
            }
        )
    uploads, problems = [], []
    for uploaded in files:
        if refusal := _too_large(uploaded):
            problems.append(refusal)
            continue
        try:
            uploads.append(_prepare(uploaded))
        except ValidationError as error:
            problems.extend(error.messages)
    if problems:
        raise ValidationError({"files": problems})
    return uploads


def _delete_stored(names: Iterable[str]) -> None:
    storage = attachment_storage()
    for name in names:
        if not name:
            continue
        try:
            storage.delete(name)
        except OSError:
            # A file that cannot be deleted now is left for the storage's own clean-up;
            # the row that pointed at it is gone either way.
            logger.warning("Could not delete the stored attachment %s", name, exc_info=True)


def _forget_files_on_commit(attachments: Iterable[Attachment]) -> None:
    names = [n for a in attachments for n in (a.stored_name, a.thumbnail_name)]
    transaction.on_commit(lambda: _delete_stored(names))


def store_uploads(
    *, actor, post, uploads: Sequence[Upload], revision=None, held_for=None
) -> list[Attachment]:
    """Keeps the checked files on `post` and records their arrival. Text extraction is
    queued for after the commit. Called inside the writing service's transaction.

    With `held_for` (an edit waiting for review) the files are kept with that edit, out of
    the post's public files, and their arrival is recorded only when the edit is approved
    (`publish_held_files`)."""
    from forum.attachments.tasks import extract_attachment_text

    storage = attachment_storage()
    stored = []
    for upload in uploads:
        file_type = type_for(upload.content_type)
        saved = storage.save(stored_name(file_type), ContentFile(upload.content))
        thumbnail = ""
        if upload.thumbnail:
            thumbnail = storage.save(
                stored_name(file_type, suffix="-thumb"), ContentFile(upload.thumbnail)
            )
        needs_text = extraction.has_text(file_type)
        attachment = Attachment.objects.create(
            post=post,
            uploaded_by=actor,
            name=upload.name,
            stored_name=saved,
            thumbnail_name=thumbnail,
            thumbnail_width=upload.thumbnail_width,
            thumbnail_height=upload.thumbnail_height,
            content_type=upload.content_type,
            size=len(upload.content),
            text_status=Attachment.Text.PENDING if needs_text else Attachment.Text.NOT_APPLICABLE,
            held_for=held_for,
        )
        if held_for is None:
            _record_added(post=post, attachment=attachment, revision=revision, actor=actor)
        if needs_text:
            pk = attachment.pk
            transaction.on_commit(lambda pk=pk: extract_attachment_text.enqueue(attachment_id=pk))
        stored.append(attachment)
    return stored


def _record(action: str, *, post, attachment: Attachment, revision, actor) -> None:
    """Writes a file's arrival or departure (`action`) into the post's history."""
    AttachmentChange.objects.create(
        post=post, revision=revision, action=action, name=attachment.name, changed_by=actor
    )


def _record_added(**change) -> None:
    _record(AttachmentChange.Action.ADDED, **change)


def removable(post, ids: Iterable[int]) -> list[Attachment]:
    return list(post.attachments.filter(pk__in=list(ids)))


# Files changed by an edit held for review (forum.models.PostEdit) ----------------------------


def hold_file_changes(
    *, actor, edit, uploads: Sequence[Upload], remove: Sequence[Attachment]
) -> None:
    """Keeps an edit's file changes with the edit until a moderator decides: the uploads are
    stored held for it, and of the files in `remove` those it had added are deleted now
    (they were never public), the post's own are marked for removal on approval."""
    store_uploads(actor=actor, post=edit.post, uploads=uploads, held_for=edit)
    added = [a for a in remove if a.held_for_id == edit.pk]
    _delete_rows_and_files(added)
    edit.removes_files.add(*[a for a in remove if a.held_for_id is None])


def publish_held_files(*, edit, revision) -> None:
    """An approved edit's files take effect: those it added become the post's, those it
    took off leave it, each recorded with the revision the approval kept."""
    added, removed = held_files(edit)
    for attachment in added:
        _record_added(
            post=edit.post, attachment=attachment, revision=revision, actor=attachment.uploaded_by
        )
    Attachment.with_held.filter(pk__in=[a.pk for a in added]).update(held_for=None)
    remove_attachments(actor=edit.edited_by, post=edit.post, attachments=removed, revision=revision)


def discard_held_files(edit) -> None:
    """A rejected or withdrawn edit's files never go public: those it added are deleted and
    the post keeps those it would have taken off."""
    added, _removed = held_files(edit)
    _delete_rows_and_files(added)
    edit.removes_files.clear()


def _delete_rows_and_files(attachments: Sequence[Attachment]) -> None:
    Attachment.with_held.filter(pk__in=[a.pk for a in attachments]).delete()
    _forget_files_on_commit(attachments)


def remove_attachments(*, actor, post, attachments: Sequence[Attachment], revision=None) -> None:
    """Takes files off `post` (an edit's choice), recording each in the post's history."""
    for attachment in attachments:
        _record(
            AttachmentChange.Action.REMOVED,
            post=post,
            attachment=attachment,
            revision=revision,
            actor=actor,
        )
    _delete_rows_and_files(attachments)


@transaction.atomic
def delete_files_of_posts(post_ids: Iterable[int]) -> int:
    """Deletes every file of these posts, rows now and stored bytes after the commit; for
    whatever deletes posts (a post, a thread, an account). Returns how many files."""
    attachments = list(Attachment.with_held.filter(post_id__in=list(post_ids)))
    _delete_rows_and_files(attachments)
    return len(attachments)


def delete_post_files(post) -> int:
    """Deletes the files of one post, before the post itself is deleted."""
    return delete_files_of_posts([post.pk])


def delete_user_files(user) -> int:
    """Deletes the files on every post `user` wrote, for the deletion of their account."""
    from forum.models import Post

    return delete_files_of_posts(Post.objects.filter(author=user).values_list("pk", flat=True))


def extract_attachment_text(*, attachment_id: int) -> str:
    """Reads the text of one PDF or DOCX file into its row and the post's search document;
    a file that cannot be read is marked "text not extracted". Returns the status.

    The reading happens outside any transaction (it may take up to extraction.MAX_SECONDS,
    and SQLite would hold its write lock that long); the result is written only if the row
    still waits for it, so a second run of the same task changes nothing.
    """
    from forum.search import index_post
    from forum.services.stamps import touch_thread

    attachment = Attachment.with_held.filter(pk=attachment_id).first()
    if attachment is None or attachment.text_status != Attachment.Text.PENDING:
        return attachment.text_status if attachment else ""
    status, text = Attachment.Text.EXTRACTED, ""
    try:
        with attachment_storage().open(attachment.stored_name, "rb") as stored:
            text = extraction.extract_text(stored, type_for(attachment.content_type))
    except (extraction.ExtractionFailed, OSError):
        status = Attachment.Text.FAILED
    with transaction.atomic():
        written = Attachment.with_held.filter(
            pk=attachment.pk, text_status=Attachment.Text.PENDING
        ).update(text_status=status, text=text)
        if written:
            index_post(attachment.post)
            # "text not extracted" shows beside the file on the thread page.
            touch_thread(attachment.post.thread_id)
    return status


# Files that outlived their rows: a theme deleted in the admin takes its posts' rows with it
# (the database cascades), and a transaction rolled back after a file was saved leaves the
# file. Young files are left alone: they may belong to a transaction still running.
ORPHAN_MIN_AGE = timedelta(hours=1)


def _stored_names(storage, folder: str = ""):
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from _stored_names(storage, f"{folder}/{sub}" if folder else sub)


def delete_orphaned_files(*, dry_run: bool = False) -> list[str]:
    """Deletes the stored files no attachment row points at (older than ORPHAN_MIN_AGE);
    returns their names. A dry run only lists them."""
    storage = attachment_storage()
    known = set(Attachment.with_held.values_list("stored_name", flat=True))
    known |= set(
        Attachment.with_held.exclude(thumbnail_name="").values_list("thumbnail_name", flat=True)
    )
    cutoff = timezone.now() - ORPHAN_MIN_AGE
    try:
        names = list(_stored_names(storage))
    except FileNotFoundError:  # nothing stored yet
        return []
    orphans = [n for n in names if n not in known and storage.get_modified_time(n) < cutoff]
    if not dry_run:
        _delete_stored(orphans)
    return orphans
