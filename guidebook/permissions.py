"""Who may see and do what with chapters, drafts, versions and the contribution pool.

A drafter's right on a chapter is the guardian object permission `guidebook.draft_chapter`
on that chapter; model-wide grants are not accepted, so a stray global permission never
turns someone into the drafter of every chapter. Administrators may do everything.
"""

from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from guardian.models import UserObjectPermission

from forum.models import Post
from forum.permissions import (
    forget_permitted_object_ids,
    is_administrator,
    permitted_object_ids,
    visible_posts,
)
from guidebook.models import (
    Chapter,
    ChapterVersion,
    ContributionLink,
    ReviewComment,
    ReviewRound,
)

DRAFT_CHAPTER = "guidebook.draft_chapter"
_CACHE_ATTR = "_drafted_chapter_ids"


def drafted_chapter_ids(user) -> frozenset[int]:
    """Ids of the chapters this person drafts, read once per request and kept on the user."""
    return permitted_object_ids(user, perm=DRAFT_CHAPTER, model=Chapter, cache_attr=_CACHE_ATTR)


def forget_cached_permissions(user) -> None:
    """Drops what `drafted_chapter_ids` kept, after a grant or revoke in the same request."""
    forget_permitted_object_ids(user, cache_attr=_CACHE_ATTR)


def is_drafter(user) -> bool:
    return bool(drafted_chapter_ids(user))


def drafter_names() -> list[tuple[int, str]]:
    """(id, display name) of everyone holding the drafting right on some chapter: the names
    nobody else may take one that looks like (accounts.services)."""
    rows = UserObjectPermission.objects.filter(
        content_type=ContentType.objects.get_for_model(Chapter),
        permission__codename=DRAFT_CHAPTER.split(".", 1)[1],
    ).exclude(user__display_name="")
    return list(rows.values_list("user_id", "user__display_name").distinct())


def drafters_by_chapter(chapter_ids) -> dict[int, list]:
    """chapter id → the people holding the drafting right on it (by name), in one query.

    Administrators may draft every chapter but are not listed: the list names the people
    a chapter was given to.
    """
    rows = (
        UserObjectPermission.objects.filter(
            content_type=ContentType.objects.get_for_model(Chapter),
            permission__codename=DRAFT_CHAPTER.split(".", 1)[1],
            object_pk__in=[str(pk) for pk in chapter_ids],
        )
        .select_related("user")
        .order_by("user__display_name", "user__username")
    )
    drafters: dict[int, list] = {int(pk): [] for pk in chapter_ids}
    for row in rows:
        drafters.setdefault(int(row.object_pk), []).append(row.user)
    return drafters


# Chapters ---------------------------------------------------------------------------------


def can_assign_drafters(user) -> bool:
    return is_administrator(user)


def can_draft_chapter(user, chapter: Chapter) -> bool:
    """Edit the working draft, link contributions, publish versions, change the state."""
    return chapter.pk in drafted_chapter_ids(user)


def drafted_chapters(user, qs: QuerySet[Chapter]) -> QuerySet[Chapter]:
    return qs.filter(pk__in=drafted_chapter_ids(user))


# The contribution pool and links ----------------------------------------------------------


def can_view_pool(user) -> bool:
    """Drafters of any chapter (and administrators) browse the accepted contributions."""
    return is_drafter(user) or is_administrator(user)


def can_link_to_chapter(user, chapter: Chapter) -> bool:
    return can_draft_chapter(user, chapter)


def can_change_link(user, link: ContributionLink) -> bool:
    """Unlink, or move the link to the post's current text."""
    return link.chapter_id in drafted_chapter_ids(user)


def visible_links(user, qs: QuerySet[ContributionLink]) -> QuerySet[ContributionLink]:
    """Which contributions went into which chapter, and what became of them, is public: the
    consultation promised participants that account (the chapter report). Everyone sees a
    link whose post they may read (a post hidden later takes its link out of public view);
    the drafting team sees every link. What a link shows beyond its post, attribution and
    outcome is the drafters' (see `can_view_link_notes`)."""
    if can_view_pool(user):
        return qs
    return qs.filter(post__in=visible_posts(user, Post.objects.all()))


def can_view_link_notes(user, chapter: Chapter) -> bool:
    """The note a drafter leaves on a link, and the linked text beside the post's current
    one, are working material among the drafters. The drafters of every chapter see them,
    not only this chapter's: the team shares one pool, where each post shows the links other
    chapters made of it."""
    return can_view_pool(user)


# Peer review -------------------------------------------------------------------------------


def verified_emails(user) -> frozenset[str]:
    """The person's verified e-mail addresses (lower case), read once per request."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_verified_emails", None)
    if cached is None:
        cached = frozenset(
            email.lower()
            for email in EmailAddress.objects.filter(user=user, verified=True).values_list(
                "email", flat=True
            )
        )
        user._verified_emails = cached
    return cached


def can_open_review(user, version: ChapterVersion) -> bool:
    return can_draft_chapter(user, version.chapter)


def is_in_review_audience(user, review: ReviewRound) -> bool:
    """Verified participants (or, for invited rounds, those invited) and the drafters."""
    if can_draft_chapter(user, review.version.chapter):
        return True
    emails = verified_emails(user)
    if not emails:
        return False
    if review.audience == ReviewRound.Audience.VERIFIED:
        return True
    invited = {i.email.lower() for i in review.invitations.all()}
    return bool(emails & invited)


def can_comment_in_review(user, review: ReviewRound, *, at=None) -> bool:
    """Comments and replies are taken while the round is open; afterwards it is read-only."""
    return review.is_open(at=at) and is_in_review_audience(user, review)


def can_sign_in_to_comment(user, review: ReviewRound, *, at=None) -> bool:
    """An anonymous reader of a round still open is offered to sign in and comment: once
    signed in, the audience rule above decides, so the offer does not reveal who was
    invited."""
    return not user.is_authenticated and review.is_open(at=at)


def can_reply_to_comment(user, comment: ReviewComment, review: ReviewRound) -> bool:
    """Replies go to the round of the version the thread sits on; a thread left on removed
    text is no longer under review."""
    return not comment.on_removed_text and can_comment_in_review(user, review)


def can_view_review(user, review: ReviewRound) -> bool:
    """Comments of an open-to-all round are public; invited rounds stay among their audience."""
    if review.audience == ReviewRound.Audience.VERIFIED:
        return True
    return is_in_review_audience(user, review)


def visible_comments(user, qs: QuerySet[ReviewComment]) -> QuerySet[ReviewComment]:
    rule = Q(round__audience=ReviewRound.Audience.VERIFIED)
    rule |= Q(chapter_id__in=drafted_chapter_ids(user))
    emails = verified_emails(user)
    if emails:
        rule |= Q(round__invitations__email__in=list(emails))
    return qs.filter(rule).distinct()


def can_respond_to_comment(user, comment: ReviewComment) -> bool:
    """Marking a comment addressed or declined is the drafters' job, during and after review."""
    return can_draft_chapter(user, comment.chapter)
