"""Writing to the forum: starting threads, replying, editing posts, previewing text.

Every function here checks the rule in forum/permissions.py first (PermissionDenied when
it says no), validates the input (ValidationError keyed by form field, so a view can hand
it to `form.add_error(None, error)`), renders the Markdown once through forum/markup/ and
stores the HTML beside it, all inside one transaction.
"""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from forum import permissions
from forum.markup import normalise_newlines, render_markdown
from forum.models import Post, PostRevision, Theme, Thread
from forum.stats import public_stats_changed

# Two identical submissions by the same person this close together are one submission
# (a double click, or a browser resending the form), not two contributions.
DUPLICATE_WINDOW = timedelta(seconds=10)
TITLE_MAX_LENGTH = Thread._meta.get_field("title").max_length
OUTCOME_MAX_LENGTH = 5_000
STRUCTURED_FIELDS = ("place", "period", "actors", "outcome")


def _has_control_characters(text: str) -> bool:
    return any(ord(c) < 32 or 127 <= ord(c) < 160 for c in text if c not in "\t\n")


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": "Give the thread a title."})
    if _has_control_characters(title):
        raise ValidationError({"title": "Remove the control characters from the title."})
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationError(
            {"title": f"Keep the title to {TITLE_MAX_LENGTH} characters (it has {len(title)})."}
        )
    return title


def _clean_kind(kind: str) -> str:
    if kind not in Post.Kind.values:
        raise ValidationError({"kind": "Choose what kind of contribution this is."})
    return kind


def _clean_structured(kind: str, values: dict[str, str]) -> dict[str, str]:
    """The summary fields, trimmed; empty for kinds that do not carry a summary."""
    if kind not in Post.STRUCTURED_KINDS:
        return dict.fromkeys(STRUCTURED_FIELDS, "")
    cleaned, errors = {}, {}
    for name in STRUCTURED_FIELDS:
        # Newlines first: browsers send "\r\n" from the outcome's text area, which is a line
        # break, not a control character, and counts as one character.
        value = normalise_newlines((values.get(name) or "").strip())
        field = Post._meta.get_field(name)
        limit = field.max_length or OUTCOME_MAX_LENGTH
        if len(value) > limit:
            errors[name] = f"Keep {field.verbose_name} to {limit:,} characters."
        elif _has_control_characters(value):
            errors[name] = f"Remove the control characters from {field.verbose_name}."
        cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _render_body(body: str) -> tuple[str, str]:
    """The Markdown as stored (browser line endings normalised) and its HTML."""
    body = normalise_newlines(body or "")
    try:
        html = render_markdown(body)
    except ValidationError as error:
        raise ValidationError({"body": error.messages}) from error
    return body, html


def _clean_content(
    *, kind: str, body: str, place: str, period: str, actors: str, outcome: str
) -> tuple[dict[str, str], str]:
    """The post's fields as they will be stored (kind, body and summary), and the body's HTML.
    Raises ValidationError keyed by field for the first part that is wrong."""
    kind = _clean_kind(kind)
    structured = _clean_structured(
        kind, {"place": place, "period": period, "actors": actors, "outcome": outcome}
    )
    body, html = _render_body(body)
    return {"kind": kind, "body": body, **structured}, html


def _initial_status(author: User, theme: Theme) -> str:
    if permissions.posts_need_review(author, theme):
        return Post.Status.PENDING
    return Post.Status.APPROVED


def _require_profile(author: User) -> None:
    if permissions.needs_profile_before_posting(author):
        raise PermissionDenied("Complete your profile before you post.")


def _lock_author(author: User) -> None:
    """Serialises one person's concurrent submissions, so the duplicate check below sees
    the first of two simultaneous identical requests once it commits."""
    User.objects.select_for_update().filter(pk=author.pk).exists()


def _create_post(
    *, thread: Thread, author: User, content: dict[str, str], html: str, now: datetime
) -> Post:
    return Post.objects.create(
        thread=thread,
        author=author,
        body_html=html,
        status=_initial_status(author, thread.theme),
        created_at=now,
        submitted_at=now,
        **content,
    )


def preview_markdown(text: str) -> str:
    """The HTML a text would be stored as, without storing anything."""
    return _render_body(text)[1]


@transaction.atomic
def start_thread(
    *,
    author: User,
    theme: Theme,
    title: str,
    kind: str,
    body: str,
    place: str = "",
    period: str = "",
    actors: str = "",
    outcome: str = "",
) -> Thread:
    """Opens a thread with its first post: awaiting review, unless the author moderates the
    theme (or administers), in which case it is public at once."""
    if not permissions.can_start_thread(author, theme):
        raise PermissionDenied("You cannot start a thread here now.")
    _require_profile(author)
    title = _clean_title(title)
    content, html = _clean_content(
        kind=kind, body=body, place=place, period=period, actors=actors, outcome=outcome
    )

    _lock_author(author)
    now = timezone.now()
    earlier = (
        Thread.objects.filter(
            theme=theme,
            author=author,
            title=title,
            created_at__gte=now - DUPLICATE_WINDOW,
            first_post__body=content["body"],
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if earlier is not None:
        return earlier

    thread = Thread.objects.create(
        theme=theme, title=title, author=author, created_at=now, last_activity_at=now
    )
    post = _create_post(thread=thread, author=author, content=content, html=html, now=now)
    thread.first_post = post
    thread.save(update_fields=["first_post"])
    public_stats_changed()
    return thread


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
) -> Post:
    """Adds a post to a thread.

    The thread's last activity moves only when the reply is public at once (a moderator's or
    an administrator's). A reply awaiting review is not activity anyone else can see; its
    approval moves the thread's last activity instead (moderation.services.decisions).
    """
    if not permissions.can_reply_to_thread(author, thread):
        raise PermissionDenied("You cannot reply to this thread.")
    _require_profile(author)
    content, html = _clean_content(
        kind=kind, body=body, place=place, period=period, actors=actors, outcome=outcome
    )

    _lock_author(author)
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

    post = _create_post(thread=thread, author=author, content=content, html=html, now=now)
    if post.is_public:
        Thread.objects.filter(pk=thread.pk, last_activity_at__lt=now).update(last_activity_at=now)
        thread.last_activity_at = max(thread.last_activity_at, now)
    public_stats_changed()
    return post


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
) -> Post:
    """Changes a post's text and fields, keeping the earlier version as a PostRevision.

    A post a moderator sent back with "changes requested" returns to the review queue
    (pending, with a new submission time) when its author edits it. The title of the thread
    changes too when `title` is given and the post opens the thread. An edit that changes
    nothing stores nothing.
    """
    if not permissions.can_edit_post(editor, post):
        raise PermissionDenied("You cannot edit this post.")
    content, html = _clean_content(
        kind=kind, body=body, place=place, period=period, actors=actors, outcome=outcome
    )
    thread = post.thread
    opens_thread = thread.first_post_id == post.pk
    new_title = _clean_title(title) if (title is not None and opens_thread) else thread.title

    # Read the row again under a lock: two edits at once must each keep the other's text.
    locked = Post.objects.select_for_update().get(pk=post.pk)
    before = {name: getattr(locked, name) for name in content}
    if before == content and new_title == thread.title:
        return locked

    # A changed title counts as an edit of the opening post: it is part of what was reviewed.
    now = timezone.now()
    PostRevision.objects.create(
        post=locked,
        edited_by=editor,
        edited_at=now,
        title=thread.title if opens_thread else "",
        **before,
    )
    for name, value in content.items():
        setattr(locked, name, value)
    locked.body_html = html
    locked.edited_at = now
    fields = [*content, "body_html", "edited_at"]
    if locked.status == Post.Status.CHANGES_REQUESTED and editor.pk == locked.author_id:
        locked.status = Post.Status.PENDING
        locked.submitted_at = now
        fields += ["status", "submitted_at"]
        public_stats_changed()
    locked.save(update_fields=fields)
    if new_title != thread.title:
        thread.title = new_title
        thread.save(update_fields=["title"])
    locked.thread = thread
    return locked
