"""What the forum holds about a person: their download, and what deleting their account
removes (accounts/personal_data.py; registered in ForumConfig.ready).

On deletion the person's posts are removed, except
- posts another app keeps (the guidebook keeps those it cites; see `register_kept_posts`),
  which stay with their text, credited to "a former participant" by the emptied account;
- the opening posts of threads others replied to: the thread stays, its opening post is
  credited the same way, so the replies keep their context.
Threads they opened that nobody else replied to go with their posts. Notifications,
follows and the e-mail preference are removed.
"""

from collections.abc import Callable

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet
from django.urls import reverse

from forum import followables
from forum.attachments.models import Attachment
from forum.attachments.services import delete_files_of_posts
from forum.models import EmailPreference, Follow, Notification, Post, PostRevision, Tag, Thread
from forum.search.documents import unindex_posts
from forum.services.stamps import touch_theme, touch_thread

# keeper(posts: QuerySet[Post]) -> QuerySet[Post]: those of `posts` that must stay.
PostKeeper = Callable[[QuerySet], QuerySet]
_keepers: list[PostKeeper] = []


def register_kept_posts(keeper: PostKeeper) -> None:
    """An app above the forum (the guidebook) says which posts it still needs when their
    author deletes their account. Registering the same keeper again is a no-op."""
    if keeper not in _keepers:
        _keepers.append(keeper)


def _when(value) -> str | None:
    return value.isoformat() if value else None


def _revision(revision: PostRevision) -> dict:
    return {
        "edited_at": _when(revision.edited_at),
        "title": revision.title,
        "kind": revision.kind,
        "body": revision.body,
        "place": revision.place,
        "period": revision.period,
        "actors": revision.actors,
        "outcome": revision.outcome,
    }


def _post(post: Post) -> dict:
    return {
        "id": post.pk,
        "url": post.get_absolute_url(),
        "thread": {"id": post.thread_id, "title": post.thread.title},
        "theme": post.thread.theme.title,
        "opens_thread": post.thread.first_post_id == post.pk,
        "kind": post.kind,
        "status": post.status,
        "status_reason": post.status_reason,
        "body": post.body,
        "place": post.place,
        "period": post.period,
        "actors": post.actors,
        "outcome": post.outcome,
        "tags": [tag.name for tag in post.tags.all()],
        "accepted_for_guidebook": post.accepted_for_guidebook,
        "created_at": _when(post.created_at),
        "edited_at": _when(post.edited_at),
        # Earlier texts, newest first (the text each edit replaced).
        "revisions": [_revision(revision) for revision in post.revisions.all()],
        # The files on the post: what they are; each downloads from its address. Those an
        # edit waiting for review adds are the person's too, marked as waiting.
        "files": [
            {
                "name": file.name,
                "type": file.content_type,
                "size": file.size,
                "url": reverse("forum:attachment_download", args=[file.pk]),
                "uploaded_at": _when(file.created_at),
                "awaiting_review": file.held_for_id is not None,
            }
            for file in post.attachments.all()
        ],
    }


def _follow(follow: Follow, titles: dict[tuple[str, int], str]) -> dict:
    return {
        "kind": follow.target_type,
        "id": follow.target_id,
        "title": titles.get((follow.target_type, follow.target_id), ""),
        "since": _when(follow.created_at),
    }


def _follow_titles(follows: list[Follow]) -> dict[tuple[str, int], str]:
    """The title of each followed thing that still exists, one query per kind."""
    titles = {}
    for kind in {f.target_type for f in follows}:
        model = followables.model_for(kind)
        if model is None:
            continue
        ids = [f.target_id for f in follows if f.target_type == kind]
        titles.update({(kind, obj.pk): str(obj) for obj in model.objects.filter(pk__in=ids)})
    return titles


def export_posts(user) -> list[dict]:
    posts = (
        Post.objects.filter(author=user)
        .select_related("thread__theme")
        .prefetch_related(
            Prefetch("tags", queryset=Tag.objects.order_by("name")),
            Prefetch("revisions", queryset=PostRevision.objects.order_by("-edited_at", "-pk")),
            Prefetch("attachments", queryset=Attachment.with_held.order_by("pk")),
        )
        .order_by("created_at", "pk")
    )
    return [_post(post) for post in posts]


def export_notifications(user) -> list[dict]:
    return [
        {
            "kind": n.kind,
            "message": n.message,
            "reason": n.reason,
            "url": n.url,
            "created_at": _when(n.created_at),
            "read_at": _when(n.read_at),
            "emailed_at": _when(n.emailed_at),
        }
        for n in Notification.objects.filter(recipient=user).order_by("created_at", "pk")
    ]


def export_follows(user) -> list[dict]:
    follows = list(Follow.objects.filter(user=user).order_by("target_type", "created_at", "pk"))
    titles = _follow_titles(follows)
    return [_follow(follow, titles) for follow in follows]


def export_email_preferences(user) -> dict:
    preference = EmailPreference.objects.filter(user=user).first()
    if preference is None:
        return {"frequency": EmailPreference.Frequency.IMMEDIATELY, "muted_kinds": []}
    return {"frequency": preference.frequency, "muted_kinds": list(preference.muted_kinds)}


def posts_kept_on_deletion(user) -> QuerySet[Post]:
    """The person's posts that stay when they delete their account (see the module's
    docstring)."""
    posts = Post.objects.filter(author=user)
    others_replied = Exists(
        Post.objects.filter(thread_id=OuterRef("thread_id")).exclude(author=user)
    )
    kept = {pk for keeper in _keepers for pk in keeper(posts).values_list("pk", flat=True)}
    kept.update(
        posts.filter(thread__first_post=F("pk")).filter(others_replied).values_list("pk", flat=True)
    )
    return posts.filter(pk__in=kept)


def erase_forum_data(user) -> None:
    """Removes the person's posts but those kept, the threads nobody else wrote in, and
    their notifications, follows and e-mail preference. Runs in delete_account's
    transaction."""
    kept = set(posts_kept_on_deletion(user).values_list("pk", flat=True))
    removed = list(
        Post.objects.filter(author=user).exclude(pk__in=kept).values_list("pk", flat=True)
    )
    # Threads they opened whose every post is going: the thread goes with them.
    empty_threads = Thread.objects.filter(author=user).exclude(
        Exists(Post.objects.filter(thread_id=OuterRef("pk")).exclude(pk__in=removed))
    )
    empty_thread_ids = list(empty_threads.values_list("pk", flat=True))
    # The kept posts are indexed again with the new credit by the profile change that
    # follows the deletion.
    unindex_posts(removed)
    # Their files leave storage once the deletion commits.
    delete_files_of_posts(removed)
    touched = set(Post.objects.filter(pk__in=removed).values_list("thread_id", "thread__theme_id"))
    Thread.objects.filter(pk__in=empty_thread_ids).delete()
    Post.objects.filter(pk__in=removed).delete()
    # The pages that showed the posts, cached for anonymous readers, and search's stamp.
    for thread_id, theme_id in touched:
        if thread_id in empty_thread_ids:
            touch_theme(theme_id)
        else:
            touch_thread(thread_id)
    Notification.objects.filter(recipient=user).delete()
    Follow.objects.filter(user=user).delete()
    EmailPreference.objects.filter(user=user).delete()
