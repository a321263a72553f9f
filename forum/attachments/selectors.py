"""The reads pages need for attachments, scoped by forum/permissions.py."""

from collections import defaultdict
from collections.abc import Iterable

from django.http import Http404

from forum import permissions
from forum.attachments.models import Attachment, AttachmentChange


def show_attachments(user, posts: Iterable) -> None:
    """Gives each post `shown_attachments`: the files this person may download from it, in
    one query for all the posts. The posts must carry their thread (and its theme)."""
    posts = list(posts)
    by_post = defaultdict(list)
    for attachment in Attachment.objects.filter(post__in=[p.pk for p in posts]):
        by_post[attachment.post_id].append(attachment)
    for post in posts:
        shown = []
        for attachment in by_post[post.pk]:
            attachment.post = post
            if permissions.can_download_attachment(user, attachment):
                shown.append(attachment)
        post.shown_attachments = shown


def attachment_for_download(user, pk: int) -> Attachment:
    """The attachment, if this person may download it; Http404 otherwise, so a file's
    existence is not revealed to someone who may not see its post."""
    attachment = (
        permissions.visible_attachments(user, Attachment.with_held.all())
        .select_related("post__thread__theme", "post__thread__first_post")
        .filter(pk=pk)
        .first()
    )
    if attachment is None or not permissions.can_download_attachment(user, attachment):
        raise Http404("No such file.")
    return attachment


def changes_by_revision(post) -> dict[int | None, list[AttachmentChange]]:
    """A post's file changes, keyed by the revision whose edit made them (None: the files
    given when the post was written)."""
    changes = defaultdict(list)
    for change in AttachmentChange.objects.filter(post=post):
        changes[change.revision_id].append(change)
    return changes


def held_files(edit) -> tuple[list[Attachment], list[Attachment]]:
    """The files an edit held for review adds and those of the post it takes off."""
    if edit is None or edit.pk is None:
        return [], []
    return (
        list(Attachment.with_held.filter(held_for=edit)),
        list(edit.removes_files.all()),
    )


def files_as_edited(post, edit) -> list[Attachment]:
    """The files `post` would carry were its open `edit` approved: its shown files (set by
    `show_attachments`) less those the edit takes off, then those the edit adds."""
    if edit is None:
        return list(post.shown_attachments)
    removed = set(edit.removes_files.values_list("pk", flat=True))
    added = list(Attachment.with_held.filter(held_for=edit))
    for attachment in added:
        attachment.post = post
    return [a for a in post.shown_attachments if a.pk not in removed] + added
