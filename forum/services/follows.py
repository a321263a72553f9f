"""Following threads, themes, tags and guidebook chapters, and telling followers when
something they follow gets a new public post (or, for chapters, opens for review).

A person is told once per event however many of its targets they follow (the thread and
its theme, or two of a post's tags); never about their own action; never about a post they
may not see. Finding the followers is one query whatever their number, and their
notifications are written in one INSERT (`notify_many`).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from common.translations import translated
from forum import followables, permissions
from forum.models import Follow, Notification, Post, Tag
from forum.selectors.follows import follows_of_targets
from forum.services.notifications import lazy_text, localized, notify_many


@transaction.atomic
def follow(*, user: User, target: Model) -> Follow:
    """Follows `target`; following it again changes nothing."""
    if not permissions.can_follow(user, target):
        raise PermissionDenied(_("You cannot follow this."))
    kind, pk = followables.target_of(target)
    # Two clicks at once must not fail on the unique constraint: the second is a no-op.
    Follow.objects.bulk_create(
        [Follow(user=user, target_type=kind, target_id=pk)], ignore_conflicts=True
    )
    return Follow.objects.get(user=user, target_type=kind, target_id=pk)


@transaction.atomic
def unfollow(*, user: User, target_type: str, target_id: int) -> bool:
    """Stops following; by kind and id, so a target that is gone can be unfollowed too.
    Returns whether there was a follow to remove."""
    deleted, _rows = Follow.objects.filter(
        user=user, target_type=target_type, target_id=target_id
    ).delete()
    return bool(deleted)


def follow_own_thread(*, user: User, post: Post) -> None:
    """Starting or replying to a thread follows it, unless the person turned that off."""
    if user.follows_own_threads:
        follow(user=user, target=post.thread)


def _tell(
    follows,
    *,
    exclude: set[int],
    visible=lambda user: True,
    messages: dict[str, tuple[str, str]],
    url: str,
) -> None:
    """Writes one notification per person among `follows`, other than `exclude`, who may
    see the event. `messages` maps a kind of target to (notification kind, message), in
    order of preference: a person following several targets gets the first that applies."""
    rank = {kind: i for i, kind in enumerate(messages)}
    chosen: dict[int, tuple[int, User]] = {}
    for row in follows:
        if row.user_id in exclude or row.target_type not in rank:
            continue
        best = chosen.get(row.user_id)
        if best is None or rank[row.target_type] < best[0]:
            chosen[row.user_id] = (rank[row.target_type], row.user)
    by_kind: dict[str, list[User]] = {}
    for index, user in chosen.values():
        if visible(user):
            by_kind.setdefault(list(messages)[index], []).append(user)
    for target_kind, users in by_kind.items():
        kind, message = messages[target_kind]
        notify_many(recipients=users, message=message, url=url, kind=kind)


def announce_public_post(*, post: Post, actor: User) -> None:
    """Tells the followers of a post that has just become public: those of its thread (a
    reply) or of its theme (a new thread), and those of any of its tags. Call it once the
    post is approved and its tags are set. Neither `actor` (who published it) nor the
    post's author is told."""
    thread = post.thread
    opens_thread = thread.first_post_id == post.pk
    tags = list(Tag.objects.filter(post_tags__post=post).order_by("name"))
    if opens_thread:
        messages = {
            Follow.Target.THEME: (
                Notification.Kind.NEW_THREAD,
                localized(
                    _("New thread in “%(theme)s”: “%(title)s”, by %(author)s."),
                    {
                        "theme": lazy_text(translated, thread.theme, "title"),
                        "title": thread.title,
                        "author": post.author,
                    },
                ),
            )
        }
        targets = [followables.target_of(thread.theme)]
    else:
        messages = {
            Follow.Target.THREAD: (
                Notification.Kind.REPLY,
                localized(
                    _("New reply by %(author)s in “%(title)s”."),
                    {"author": post.author, "title": thread.title},
                ),
            )
        }
        targets = [followables.target_of(thread)]
    if tags:
        messages[Follow.Target.TAG] = (
            Notification.Kind.TAGGED,
            localized(
                _("New contribution tagged %(tags)s: “%(title)s”, by %(author)s."),
                {
                    "tags": lazy_text(
                        lambda: ", ".join(f"“{tag.translated_name}”" for tag in tags)
                    ),
                    "title": thread.title,
                    "author": post.author,
                },
            ),
        )
        targets += [followables.target_of(tag) for tag in tags]
    _tell(
        follows_of_targets(targets),
        exclude={actor.pk, post.author_id},
        visible=lambda user: permissions.can_view_post(user, post),
        messages=messages,
        url=post.get_absolute_url(),
    )


def notify_followers(*, target: Model, actor: User, kind: str, message: str, url: str) -> None:
    """Tells everyone following `target` (a public object: a theme, a tag, a chapter) about
    something `actor` did to it; not `actor`."""
    target_kind, _pk = followables.target_of(target)
    _tell(
        follows_of_targets([followables.target_of(target)]),
        exclude={actor.pk},
        messages={target_kind: (kind, message)},
        url=url,
    )
