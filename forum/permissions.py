"""Who may see and do what with themes, threads and posts.

Each rule `can_<verb>_<noun>(user, obj)` stands beside the queryset filter that matches it
(`visible_<nouns>(user, qs)`), so a page and a check can never disagree. Views, services
and templates ask these functions; nothing else compares roles.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from guardian.models import GroupObjectPermission, UserObjectPermission

from accounts.models import ApprovalStatus
from accounts.permissions import has_verified_email
from forum.models import ConsultationSchedule, Post, SearchDocument, Theme, Thread

MODERATE_THEME = "forum.moderate_theme"
_CACHE_ATTR = "_moderated_theme_ids"


def is_administrator(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def permitted_object_ids(user, *, perm: str, model, cache_attr: str) -> frozenset[int]:
    """Ids of the `model` rows on which this person holds the object permission `perm`,
    read once per request and kept on the user under `cache_attr`.

    Administrators hold it on every row. Model-wide grants are deliberately not accepted: a
    stray global permission must never reach every row at once.
    """
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, cache_attr, None)
    if cached is None:
        if is_administrator(user):
            cached = frozenset(model.objects.values_list("pk", flat=True))
        else:
            cached = _object_permission_ids(user, perm=perm, model=model)
        setattr(user, cache_attr, cached)
    return cached


def _object_permission_ids(user, *, perm: str, model) -> frozenset[int]:
    """Ids of the `model` rows on which `user` holds `perm` of their own or through a group:
    what guardian's `get_objects_for_user(..., accept_global_perms=False)` answers, read in one
    query from guardian's tables without building its general queryset (a third of a
    signed-in page's permission work). A grant on a row since deleted names no row that
    exists, so it never matches one."""
    codename = perm.split(".", 1)[1]
    content_type = ContentType.objects.get_for_model(model)  # from ContentType's own cache
    scope = {"content_type_id": content_type.pk, "permission__codename": codename}
    own = UserObjectPermission.objects.filter(user_id=user.pk, **scope)
    groups = GroupObjectPermission.objects.filter(group__user=user.pk, **scope)
    rows = own.values_list("object_pk", flat=True).union(groups.values_list("object_pk", flat=True))
    return frozenset(int(pk) for pk in rows)


def forget_permitted_object_ids(user, *, cache_attr: str) -> None:
    """Drops what `permitted_object_ids` kept, after a grant or revoke in the same request."""
    if hasattr(user, cache_attr):
        delattr(user, cache_attr)


def moderated_theme_ids(user) -> frozenset[int]:
    """Ids of the themes this person moderates, read once per request and kept on the user.

    Administrators moderate every theme. Everyone else needs the object permission on the
    theme through their unit's group.
    """
    return permitted_object_ids(user, perm=MODERATE_THEME, model=Theme, cache_attr=_CACHE_ATTR)


def forget_cached_permissions(user) -> None:
    """Drops what `moderated_theme_ids` kept, after a grant or revoke in the same request."""
    forget_permitted_object_ids(user, cache_attr=_CACHE_ATTR)


def is_moderator(user) -> bool:
    return bool(moderated_theme_ids(user))


# Themes -----------------------------------------------------------------------------------


def can_moderate_theme(user, theme: Theme) -> bool:
    return theme.pk in moderated_theme_ids(user)


def consultation_accepts_posts(*, at=None, schedule: ConsultationSchedule | None = None) -> bool:
    """`schedule`: the row, when the caller has already read it for this request."""
    return (schedule or ConsultationSchedule.current()).is_open(at=at)


def can_post(user, *, schedule: ConsultationSchedule | None = None) -> bool:
    """Whether this person may write at all right now (before the per-theme checks)."""
    if not (user.is_authenticated and user.is_active):
        return False
    # Accounts waiting for approval, or declined, read but do not write.
    if user.approval_status != ApprovalStatus.APPROVED:
        return False
    return consultation_accepts_posts(schedule=schedule)


def posting_barrier(user) -> str:
    """What stands between this person and writing, for pages that offer a reply or a new
    thread: "sign_in" for visitors, "awaiting_approval" for accounts not yet approved (or
    declined), "" for everyone else (who may still be refused for other reasons)."""
    if not user.is_authenticated:
        return "sign_in"
    if user.approval_status != ApprovalStatus.APPROVED:
        return "awaiting_approval"
    return ""


def needs_profile_before_posting(user) -> bool:
    return bool(user.is_authenticated and not user.has_complete_profile)


def can_start_thread(user, theme: Theme, *, schedule: ConsultationSchedule | None = None) -> bool:
    return can_post(user, schedule=schedule)


# Threads ----------------------------------------------------------------------------------


# A thread stays readable once its opening post has been published, even when a moderator
# later hides that post: its replies are other people's words and stay up, and the thread
# page shows a placeholder where the opening post was.
_PUBLISHED_OPENING = (Post.Status.APPROVED, Post.Status.HIDDEN)


def can_view_thread(user, thread: Thread) -> bool:
    first = thread.first_post
    if first is not None and first.status in _PUBLISHED_OPENING:
        return True
    if can_moderate_theme(user, thread.theme):
        return True
    return user.is_authenticated and thread.author_id == user.pk


def visible_threads(user, qs: QuerySet[Thread]) -> QuerySet[Thread]:
    rule = Q(first_post__status__in=_PUBLISHED_OPENING)
    if user.is_authenticated:
        rule |= Q(author_id=user.pk) | Q(theme_id__in=moderated_theme_ids(user))
    return qs.filter(rule)


def can_reply_to_thread(user, thread: Thread, *, may_post: bool | None = None) -> bool:
    """`may_post`: `can_post(user)`, when a page has already asked it (it reads the schedule)."""
    if may_post is None:
        may_post = can_post(user)
    if not may_post or not can_view_thread(user, thread):
        return False
    if thread.locked and not can_moderate_theme(user, thread.theme):
        return False
    first = thread.first_post
    return first is not None and first.status == Post.Status.APPROVED


def can_moderate_thread(user, thread: Thread) -> bool:
    """Locking, unlocking, pinning and unpinning belong to the moderators of its theme."""
    return can_moderate_theme(user, thread.theme)


def visible_moderated_threads(user, qs: QuerySet[Thread]) -> QuerySet[Thread]:
    """The queryset side of `can_moderate_thread`: threads in the themes this person moderates."""
    return qs.filter(theme_id__in=moderated_theme_ids(user))


def can_move_thread(user, thread: Thread, theme: Theme) -> bool:
    """Moving takes a thread out of one theme and into another: both must be the mover's."""
    return can_moderate_theme(user, thread.theme) and can_moderate_theme(user, theme)


def can_move_thread_somewhere(user, thread: Thread) -> bool:
    """Whether to offer moving `thread` at all: `move_destinations` would not be empty."""
    return can_moderate_theme(user, thread.theme) and bool(
        moderated_theme_ids(user) - {thread.theme_id}
    )


def move_destinations(user, thread: Thread, qs: QuerySet[Theme]) -> QuerySet[Theme]:
    """The themes `thread` may be moved to by this person: theirs, other than its own."""
    return qs.filter(pk__in=moderated_theme_ids(user)).exclude(pk=thread.theme_id)


# Posts ------------------------------------------------------------------------------------


def can_view_post(user, post: Post) -> bool:
    if post.status == Post.Status.APPROVED:
        return can_view_thread(user, post.thread)
    if user.is_authenticated and post.author_id == user.pk:
        return True
    return can_moderate_theme(user, post.thread.theme)


def visible_posts(user, qs: QuerySet[Post]) -> QuerySet[Post]:
    """Approved posts for everyone; own posts in any state; everything in moderated themes.

    Approved posts in a thread whose first post is not public stay hidden from others: the
    thread itself is hidden.
    """
    rule = Q(status=Post.Status.APPROVED, thread__first_post__status__in=_PUBLISHED_OPENING)
    if user.is_authenticated:
        rule |= Q(author_id=user.pk) | Q(thread__theme_id__in=moderated_theme_ids(user))
    return qs.filter(rule)


# Search finds less than a person may read: an author finds their own posts while they are
# public or on their way to being so, but a rejected or hidden post is found only by the
# moderators of its theme (the author still reads it from their contributions page).
_NOT_FOUND_BY_AUTHOR = (Post.Status.REJECTED, Post.Status.HIDDEN)


def can_find_post(user, post: Post) -> bool:
    first = post.thread.first_post
    if post.status == Post.Status.APPROVED and first and first.status == Post.Status.APPROVED:
        return True
    if can_moderate_theme(user, post.thread.theme):
        return True
    return (
        user.is_authenticated
        and post.author_id == user.pk
        and post.status not in _NOT_FOUND_BY_AUTHOR
    )


def visible_search_documents(user, qs: QuerySet[SearchDocument]) -> QuerySet[SearchDocument]:
    """The search documents `can_find_post` allows (and every published text), from the
    fields the document copies, so a search is one query."""
    rule = Q(is_public=True)
    if user.is_authenticated:
        rule |= Q(theme_id__in=moderated_theme_ids(user))
        rule |= Q(author_id=user.pk) & ~Q(status__in=_NOT_FOUND_BY_AUTHOR)
    return qs.filter(rule)


def can_edit_post(user, post: Post, *, may_post: bool | None = None) -> bool:
    """Authors edit their own posts while the consultation is open; rejected posts stay put.

    `may_post`: `can_post(user)`, when a page asking about many posts has already asked it.
    """
    if not (user.is_authenticated and post.author_id == user.pk):
        return False
    if not (can_post(user) if may_post is None else may_post):
        return False
    if post.status in (Post.Status.REJECTED, Post.Status.HIDDEN):
        return False
    return not post.thread.locked


def can_view_revisions(user, post: Post) -> bool:
    if user.is_authenticated and post.author_id == user.pk:
        return True
    return can_moderate_theme(user, post.thread.theme)


def can_view_held_edit(user, post: Post) -> bool:
    """An edit of an approved post waiting for review (forum.models.PostEdit), and the files
    it would add, are for the post's author and its theme's moderators, who decide on it."""
    if user.is_authenticated and post.author_id == user.pk:
        return True
    return can_moderate_theme(user, post.thread.theme)


def can_edit_without_review(user, post: Post) -> bool:
    """An edit of an approved post goes live at once only when a moderator of its theme (or
    an administrator) makes it; anyone else's waits for review (forum.models.PostEdit)."""
    return can_moderate_theme(user, post.thread.theme)


def posts_need_review(user, theme: Theme) -> bool:
    """New posts wait for review unless the author moderates the theme (or administers)."""
    return not can_moderate_theme(user, theme)


def can_report_post(user, post: Post) -> bool:
    """Signed-in people may flag an approved post they can read, other than their own, once
    their address is verified and their account approved: reports can hide a post, so an
    account made a minute ago, or one waiting for approval, may not file them."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.approval_status != ApprovalStatus.APPROVED or not has_verified_email(user):
        return False
    if post.status != Post.Status.APPROVED or post.author_id == user.pk:
        return False
    return can_view_post(user, post)


def can_hide_post(user, post: Post) -> bool:
    """Hiding a post and making it public again belong to the moderators of its theme."""
    return can_moderate_theme(user, post.thread.theme)


# Follows ----------------------------------------------------------------------------------


def can_follow(user, target) -> bool:
    """Signed-in people follow what they may see: a thread they may read; themes, tags and
    guidebook chapters are public."""
    if not (user.is_authenticated and user.is_active):
        return False
    if isinstance(target, Thread):
        return can_view_thread(user, target)
    return True


# Attachments ------------------------------------------------------------------------------

# A rejected or hidden post's files are for its theme's moderators only, not its author:
# the file may be the reason it was taken down.
_FILES_FOR_MODERATORS_ONLY = (Post.Status.REJECTED, Post.Status.HIDDEN)


def can_download_attachment(user, attachment) -> bool:
    """Files follow their post: whoever may read the post may download them (a pending
    post's only its author and its theme's moderators), except a rejected or hidden post's;
    a file held with an edit, whoever may see the edit."""
    post = attachment.post
    if post.status in _FILES_FOR_MODERATORS_ONLY:
        return can_moderate_theme(user, post.thread.theme)
    if attachment.held_for_id is not None:
        return can_view_held_edit(user, post)
    return can_view_post(user, post)


def post_card_audience(user, thread) -> str:
    """Which shared copy of a post's card this person reads (the card is cached per post and
    audience, templates/forum/thread_detail.html): what a card shows differs only by
    `can_download_attachment`'s moderators-only rule, so a theme's moderators read one copy
    and everyone else another."""
    return "moderator" if can_moderate_theme(user, thread.theme) else "reader"


def visible_attachments(user, qs: QuerySet) -> QuerySet:
    """The queryset side of `can_download_attachment` (on `Attachment.with_held`, it
    answers for files held with an edit too)."""
    public = Q(
        held_for__isnull=True,
        post__status=Post.Status.APPROVED,
        post__thread__first_post__status=Post.Status.APPROVED,
    )
    if not user.is_authenticated:
        return qs.filter(public)
    own = Q(post__author_id=user.pk) & ~Q(post__status__in=_FILES_FOR_MODERATORS_ONLY)
    # An approved reply in a thread still awaiting review is read by the thread's author.
    own_thread = Q(
        held_for__isnull=True, post__status=Post.Status.APPROVED, post__thread__author_id=user.pk
    )
    moderated = Q(post__thread__theme_id__in=moderated_theme_ids(user))
    return qs.filter(public | own | own_thread | moderated)
