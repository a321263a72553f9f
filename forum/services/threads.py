"""Starting a thread: its title and opening post, written together."""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from forum import permissions
from forum.attachments import services as attachments
from forum.models import Theme, Thread
from forum.search import index_posts
from forum.services.content import clean_content, clean_title
from forum.services.follows import announce_public_post, follow_own_thread
from forum.services.posts import DUPLICATE_WINDOW, create_post, lock_author, require_profile
from forum.services.stamps import touch_thread
from forum.stats import public_stats_changed


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
    language: str = "",
    files: Sequence = (),
) -> Thread:
    """Opens a thread with its first post: awaiting review, unless the author moderates the
    theme (or administers), in which case it is public at once and the theme's followers
    are told. The author follows the thread unless they turned that off. `files` are
    attached to the opening post (forum/attachments/)."""
    if not permissions.can_start_thread(author, theme):
        raise PermissionDenied(_("You cannot start a thread here now."))
    require_profile(author)
    title = clean_title(title)
    content, html = clean_content(
        kind=kind, body=body, place=place, period=period, actors=actors, outcome=outcome
    )
    uploads = attachments.check_uploads(files)

    lock_author(author)
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
    post = create_post(
        thread=thread, author=author, content=content, html=html, now=now, language=language
    )
    thread.first_post = post
    thread.save(update_fields=["first_post"])
    attachments.store_uploads(actor=author, post=post, uploads=uploads)
    index_posts([post.pk])
    follow_own_thread(user=author, post=post)
    if post.is_public:
        announce_public_post(post=post, actor=author)
    public_stats_changed()
    touch_thread(thread.pk)
    return thread
