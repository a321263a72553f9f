"""Writing the decision log: one immutable Decision row per moderation action.

Every service that changes what moderators decide about writes its row through
`record_decision`, so the log's shape (who, unit, target, status before → after, reason)
is the same whatever the action.
"""

from accounts.models import User
from forum.models import Post, Thread
from forum.services.stamps import touch_thread
from forum.stats import public_stats_changed
from moderation.models import Decision, Unit
from moderation.permissions import acting_unit


def record_decision(
    *,
    actor: User | None,
    action: str,
    post: Post | None = None,
    thread: Thread | None = None,
    target_user: User | None = None,
    status_before: str = "",
    status_after: str = "",
    reason: str = "",
    details: dict | None = None,
    unit: Unit | None = None,
) -> Decision:
    """Writes one row of the decision log. Call it inside the service's transaction.

    `unit` defaults to the actor's unit that moderates the theme of the post or thread;
    actions with no theme (accounts) pass it, or leave it empty.
    """
    if unit is None and actor is not None:
        theme = None
        if post is not None:
            theme = post.thread.theme
        elif thread is not None:
            theme = thread.theme
        if theme is not None:
            unit = acting_unit(actor, theme)
    if post is not None or thread is not None:
        # Decisions on posts and threads change what the home page counts (a status, a
        # thread's theme); the figures are counted afresh on the next read.
        public_stats_changed()
        # And what the thread's pages (and its theme's page) show: cached copies go stale.
        touch_thread(thread.pk if thread is not None else post.thread_id)
    return Decision.objects.create(
        actor=actor,
        unit=unit,
        action=action,
        post=post,
        thread=thread if thread is not None else (post.thread if post is not None else None),
        target_user=target_user,
        status_before=status_before,
        status_after=status_after,
        reason=reason,
        details=details or {},
    )
