"""One post: found within what the reader may see, and its history of versions."""

from dataclasses import dataclass

from common.diffs import DiffLine, line_diff
from forum import permissions
from forum.attachments.models import AttachmentChange
from forum.attachments.selectors import changes_by_revision, held_files
from forum.models import Post, PostEdit, PostRevision


def visible_post_or_none(user, pk: int) -> Post | None:
    qs = permissions.visible_posts(
        user, Post.objects.select_related("thread", "thread__theme", "thread__first_post")
    )
    return qs.filter(pk=pk).first()


def open_edit(post: Post) -> PostEdit | None:
    """The post's edit held for review or sent back for changes, if it has one."""
    return PostEdit.objects.filter(post=post, status__in=PostEdit.OPEN).first()


@dataclass(frozen=True)
class RevisionView:
    """One version of a post, oldest first, with the lines changed since the version before."""

    text: str
    kind: str
    kind_value: str
    title: str
    edited_at: object
    edited_by: object
    diff: list[DiffLine]
    is_current: bool = False
    # The files this version's edit (or, for the first, the writing) attached and took off.
    files_added: tuple = ()
    files_removed: tuple = ()


def post_revisions(post: Post) -> list[RevisionView]:
    """Every version of a post, oldest first, the current text last."""
    revisions = list(
        PostRevision.objects.filter(post=post)
        .select_related("edited_by")
        .order_by("edited_at", "pk")
    )
    # A revision holds the text *before* an edit; the first version is the one written at
    # creation, each later one is the text left by the edit before it.
    opens_thread = post.thread.first_post_id == post.pk
    versions = [(r.body, r.kind, r.get_kind_display(), r.title) for r in revisions]
    current_title = post.thread.title if opens_thread else ""
    versions.append((post.body, post.kind, post.get_kind_display(), current_title))
    when = [post.created_at] + [r.edited_at for r in revisions]
    who = [post.author] + [r.edited_by for r in revisions]
    file_changes = changes_by_revision(post)
    made_by = [None] + [r.pk for r in revisions]
    views = []
    for index, (text, kind_value, kind, title) in enumerate(versions):
        changes = file_changes.get(made_by[index], [])
        diff = []
        if index:
            diff = line_diff(versions[index - 1][0], text)
        views.append(
            RevisionView(
                text=text,
                kind=kind,
                kind_value=kind_value,
                title=title,
                edited_at=when[index],
                edited_by=who[index],
                diff=diff,
                is_current=index == len(versions) - 1,
                files_added=tuple(c for c in changes if c.action == AttachmentChange.Action.ADDED),
                files_removed=tuple(
                    c for c in changes if c.action == AttachmentChange.Action.REMOVED
                ),
            )
        )
    return views


@dataclass(frozen=True)
class HeldEditView(RevisionView):
    """An edit of the post that is not public yet: waiting for review, or sent back with
    changes requested (`reason`). Its `diff` is against the current text, its `title` the
    thread's new title when it changes it, and its files (attachments, not changes) wait
    with it."""

    is_awaiting_review: bool = True
    reason: str = ""


def held_edit_version(post: Post) -> HeldEditView | None:
    """The post's open edit (PostEdit), for the versions page, or None. The caller asks
    `permissions.can_view_held_edit` first."""
    edit = (
        PostEdit.objects.filter(post=post, status__in=PostEdit.OPEN)
        .select_related("edited_by")
        .first()
    )
    if edit is None:
        return None
    added, removed = held_files(edit)
    return HeldEditView(
        text=edit.body,
        kind=edit.get_kind_display(),
        kind_value=edit.kind,
        title=edit.title if edit.title and edit.title != post.thread.title else "",
        edited_at=edit.submitted_at,
        edited_by=edit.edited_by,
        diff=line_diff(post.body, edit.body),
        is_awaiting_review=edit.status == PostEdit.Status.PENDING,
        reason=edit.status_reason,
        files_added=tuple(added),
        files_removed=tuple(removed),
    )
