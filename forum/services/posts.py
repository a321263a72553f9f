"""Writing posts: replying to a thread and editing a post.

Every function here checks the rule in forum/permissions.py first (PermissionDenied when
it says no), validates the content (forum/services/content.py), stores the rendered HTML
beside the Markdown, all inside one transaction.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from common.diffs import changed_characters
from forum import permissions
from forum.attachments import services as attachments
from forum.models import Post, PostEdit, PostRevision, Theme, Thread
from forum.search import index_post, index_posts
from forum.services.content import clean_content, clean_title
from forum.services.follows import announce_public_post, follow_own_thread
from forum.services.stamps import touch_thread
from forum.stats import public_stats_changed

# Two identical submissions by the same person this close together are one submission
# (a double click, or a browser resending the form), not two contributions.
DUPLICATE_WINDOW = timedelta(seconds=10)


def _initial_status(author: User, theme: Theme) -> str:
    if permissions.posts_need_review(author, theme):
        return Post.Status.PENDING
    return Post.Status.APPROVED


def require_profile(author: User) -> None:
    if permissions.needs_profile_before_posting(author):
        raise PermissionDenied(_("Complete your profile before you post."))


def lock_author(author: User) -> None:
    """Serialises one person's concurrent submissions, so the duplicate check below sees
    the first of two simultaneous identical requests once it commits."""
    User.objects.select_for_update().filter(pk=author.pk).exists()


def author_language(author: User) -> str:
    """The language a person's posts are recorded in: their profile's, if the site offers it."""
    language = author.language
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def post_language(author: User, language: str = "") -> str:
    """The language a post is recorded in: the one its author chose, if the site offers it,
    else the author's own."""
    return language if language in dict(settings.LANGUAGES) else author_language(author)


def create_post(
    *,
    thread: Thread,
    author: User,
    content: dict[str, str],
    html: str,
    now: datetime,
    language: str = "",
) -> Post:
    return Post.objects.create(
        thread=thread,
        author=author,
        # Written, unless the author said otherwise, in the language they read the site in.
        language=post_language(author, language),
        body_html=html,
        status=_initial_status(author, thread.theme),
        created_at=now,
        submitted_at=now,
        **content,
    )


@transaction.atomic
def reply(
    *,
    author: User,
    thread: Thread,
    kind: str,
    body: str,
    place: str = "",
    period: str = "",
    actors: str = "",
    outcome: str = "",
    language: str = "",
    files: Sequence = (),
) -> Post:
    """Adds a post to a thread, with the `files` attached (forum/attachments/).

    The thread's last activity moves only when the reply is public at once (a moderator's or
    an administrator's). A reply awaiting review is not activity anyone else can see; its
    approval moves the thread's last activity instead (moderation.services.decisions), and
    tells the thread's followers then, as a public reply does now. The author follows the
    thread unless they turned that off.
    """
    if not permissions.can_reply_to_thread(author, thread):
        raise PermissionDenied(_("You cannot reply to this thread."))
    require_profile(author)
    content, html = clean_content(
        kind=kind, body=body, place=place, period=period, actors=actors, outcome=outcome
    )
    uploads = attachments.check_uploads(files)

    lock_author(author)
    now = timezone.now()
    latest = Post.objects.filter(thread=thread, author=author).order_by("-created_at", "-pk")
    latest = latest.first()
    if (
        latest is not None
        and latest.created_at >= now - DUPLICATE_WINDOW
        and latest.body == content["body"]
        and latest.kind == content["kind"]
    ):
        return latest

    post = create_post(
        thread=thread, author=author, content=content, html=html, now=now, language=language
    )
    attachments.store_uploads(actor=author, post=post, uploads=uploads)
    index_posts([post.pk])
    follow_own_thread(user=author, post=post)
    if post.is_public:
        Thread.objects.filter(pk=thread.pk, last_activity_at__lt=now).update(last_activity_at=now)
        thread.last_activity_at = max(thread.last_activity_at, now)
        announce_public_post(post=post, actor=author)
    public_stats_changed()
    touch_thread(thread.pk)
    return post


def _is_small_change(before: dict, content: dict, *, old_title: str, new_title: str) -> bool:
    """Whether an edit changes so little (a typo) that FORUM_UNREVIEWED_EDIT_MAX_CHARS lets
    it through unreviewed. A change of kind is never small: it changes what the post is."""
    limit = settings.FORUM_UNREVIEWED_EDIT_MAX_CHARS
    if limit <= 0 or before["kind"] != content["kind"]:
        return False
    changed = changed_characters(old_title, new_title) + sum(
        changed_characters(before[name] or "", content[name] or "")
        for name in content
        if name != "kind"
    )
    return changed < limit


def _hold_edit(
    *,
    editor: User,
    post: Post,
    content: dict,
    html: str,
    title: str,
    now: datetime,
    files: Sequence,
    remove_files: Sequence[int],
) -> PostEdit | None:
    """Keeps an edit of an approved post for review instead of publishing it: the post's
    open edit takes the new text and the file changes (or one is opened). The files it adds
    wait with it, out of sight of readers, and those it takes off stay public until a
    moderator approves (forum/attachments/services.py). An edit back to the public text and
    files withdraws the open edit. The post enters the queue at the time the edit does."""
    open_edit = PostEdit.objects.select_for_update().filter(post=post, status__in=PostEdit.OPEN)
    open_edit = open_edit.first()
    added, removing = attachments.held_files(open_edit)
    removing_ids = {a.pk for a in removing}
    public_files = list(post.attachments.all())
    wanted_off = set(remove_files)
    remove = [a for a in public_files + added if a.pk in wanted_off and a.pk not in removing_ids]
    still_added = [a for a in added if a.pk not in wanted_off]
    still_public = [a for a in public_files if a.pk not in removing_ids and a.pk not in wanted_off]
    uploads = attachments.check_uploads(files, keeping=len(still_public) + len(still_added))
    files_change = bool(uploads or still_added or len(still_public) != len(public_files))

    public = {name: getattr(post, name) for name in content}
    if public == content and title == (post.thread.title if title else "") and not files_change:
        if open_edit is not None:
            attachments.discard_held_files(open_edit)
            open_edit.delete()
        return None
    if open_edit is None:
        open_edit = PostEdit(post=post, created_at=now, submitted_at=now)
    elif open_edit.status == PostEdit.Status.CHANGES_REQUESTED:
        open_edit.submitted_at = now  # resubmitted: back into the queue, at its end
    for name, value in content.items():
        setattr(open_edit, name, value)
    open_edit.title = title
    open_edit.body_html = html
    open_edit.edited_by = editor
    open_edit.status = PostEdit.Status.PENDING
    open_edit.status_reason = ""
    open_edit.save()
    attachments.hold_file_changes(actor=editor, edit=open_edit, uploads=uploads, remove=remove)
    post.submitted_at = open_edit.submitted_at
    post.save(update_fields=["submitted_at"])
    public_stats_changed()
    return open_edit


@transaction.atomic
def edit_post(
    *,
    editor: User,
    post: Post,
    body: str,
    kind: str,
    place: str = "",
    period: str = "",
    actors: str = "",
    outcome: str = "",
    title: str | None = None,
    language: str = "",
    files: Sequence = (),
    remove_files: Sequence[int] = (),
) -> Post:
    """Changes a post's text and fields, keeping the earlier version as a PostRevision.

    `language` (the language the text is in) is a fact about the text, not text: it changes
    at once, also on an edit that is held for review.

    `files` are attached and the attachments with the ids in `remove_files` taken off; the
    revision records which (forum/attachments/). A held edit (below) holds its file changes
    too: they take effect, and the revision records them, only when the edit is approved.

    A post a moderator sent back with "changes requested" returns to the review queue
    (pending, with a new submission time) when its author edits it. The title of the thread
    changes too when `title` is given and the post opens the thread. An edit that changes
    nothing stores nothing.

    An edit of an approved post by anyone who may not edit it without review (forum
    permissions) is held instead: the public text stays, the edit waits in the review queue
    as a PostEdit, set on the returned post as `held_edit`, until a moderator decides
    (moderation.services.decisions). Edits smaller than FORUM_UNREVIEWED_EDIT_MAX_CHARS
    characters are not held.
    """
    if not permissions.can_edit_post(editor, post):
        raise PermissionDenied(_("You cannot edit this post."))
    content, html = clean_content(
        kind=kind, body=body, place=place, period=period, actors=actors, outcome=outcome
    )
    thread = post.thread
    opens_thread = thread.first_post_id == post.pk
    new_title = clean_title(title) if (title is not None and opens_thread) else thread.title

    # Read the row again under a lock: two edits at once must each keep the other's text.
    locked = Post.objects.select_for_update().get(pk=post.pk)
    locked.thread = thread
    locked.held_edit = None
    before = {name: getattr(locked, name) for name in content}
    now = timezone.now()
    if language in dict(settings.LANGUAGES) and language != locked.language:
        locked.language = language
        locked.save(update_fields=["language"])
        touch_thread(thread.pk)
    # A typo's fix may go through unreviewed (the setting); a change of files never does.
    changes_files = any(files) or bool(remove_files)
    if (
        locked.status == Post.Status.APPROVED
        and not permissions.can_edit_without_review(editor, locked)
        and not (
            not changes_files
            and _is_small_change(before, content, old_title=thread.title, new_title=new_title)
            and not PostEdit.objects.filter(post=locked, status__in=PostEdit.OPEN).exists()
        )
    ):
        locked.held_edit = _hold_edit(
            editor=editor,
            post=locked,
            content=content,
            html=html,
            title=new_title if opens_thread else "",
            now=now,
            files=files,
            remove_files=remove_files,
        )
        return locked
    removed = attachments.removable(locked, remove_files)
    kept = locked.attachments.count() - len(removed)
    uploads = attachments.check_uploads(files, keeping=kept)
    if before == content and new_title == thread.title and not uploads and not removed:
        return locked

    # A changed title counts as an edit of the opening post: it is part of what was reviewed.
    revision = apply_edit(
        post=locked, editor=editor, content=content, html=html, title=new_title, now=now
    )
    attachments.remove_attachments(
        actor=editor, post=locked, attachments=removed, revision=revision
    )
    attachments.store_uploads(actor=editor, post=locked, uploads=uploads, revision=revision)
    if locked.status == Post.Status.CHANGES_REQUESTED and editor.pk == locked.author_id:
        locked.status = Post.Status.PENDING
        locked.submitted_at = now
        locked.save(update_fields=["status", "submitted_at"])
        public_stats_changed()
    return locked


def apply_edit(
    *, post: Post, editor: User, content: dict, html: str, title: str, now: datetime
) -> PostRevision:
    """Makes `content` the post's text (and `title` its thread's, for an opening post),
    keeping the text it replaces as a PostRevision, and lets search find the new text. The
    caller holds the post's row lock; moderation calls this when it approves a held edit."""
    thread = post.thread
    opens_thread = thread.first_post_id == post.pk
    revision = PostRevision.objects.create(
        post=post,
        edited_by=editor,
        edited_at=now,
        title=thread.title if opens_thread else "",
        **{name: getattr(post, name) for name in content},
    )
    for name, value in content.items():
        setattr(post, name, value)
    post.body_html = html
    post.edited_at = now
    post.save(update_fields=[*content, "body_html", "edited_at"])
    if opens_thread and title and title != thread.title:
        thread.title = title
        thread.save(update_fields=["title"])
    touch_thread(thread.pk)
    index_post(post)
    return revision
