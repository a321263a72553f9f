"""Telling people what the guidebook did with their input: a contribution linked to a
chapter, cited in a published version, or given an outcome; a reply or an
outcome on a review comment; a new comment on a chapter someone drafts; a followed chapter
opening for review.

Nobody is told about their own action. Each address points at the exact item: the link on
the author's "how my input was used" page, the note of the citation, or the comment.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from common.translations import translated
from forum.models import Notification, Post
from forum.services.follows import notify_followers
from forum.services.notifications import lazy_text, localized, notify, notify_many
from guidebook.models import ChapterVersion, ContributionLink, ReviewComment, ReviewRound
from guidebook.permissions import drafters_by_chapter


def _link_url(link: ContributionLink) -> str:
    return f"{reverse('guidebook:my_input')}#link-{link.pk}"


def _comment_url(comment: ReviewComment) -> str:
    return f"{comment.version.get_absolute_url()}#comment-{comment.pk}"


def contribution_linked(*, link: ContributionLink, actor: User) -> None:
    post = link.post
    if post.author_id == actor.pk:
        return
    chapter = link.chapter
    notify(
        recipient=post.author,
        kind=Notification.Kind.GUIDEBOOK,
        message=localized(
            _(
                "Your contribution to “%(title)s” was linked to chapter %(number)s, "
                "“%(chapter)s”, of the guidebook."
            ),
            {
                "title": post.thread.title,
                "number": chapter.number,
                "chapter": lazy_text(translated, chapter, "title"),
            },
        ),
        url=_link_url(link),
    )


def _outcome_set(item, *, author: User, actor: User, kind: str, what: str, url: str) -> None:
    """`item`: a link or a review comment whose outcome the drafters just recorded."""
    if not item.outcome or author.pk == actor.pk:
        return
    notify(
        recipient=author,
        kind=kind,
        message=localized(
            _("The drafters of chapter %(number)s recorded what became of %(what)s: %(outcome)s."),
            {
                "number": item.chapter.number,
                "what": what,
                "outcome": lazy_text(lambda: item.get_outcome_display().lower()),
            },
        ),
        reason=item.outcome_reason,
        url=url,
    )


def link_outcome_set(*, link: ContributionLink, actor: User) -> None:
    post = link.post
    _outcome_set(
        link,
        author=post.author,
        actor=actor,
        kind=Notification.Kind.GUIDEBOOK,
        what=localized(_("your contribution to “%(title)s”"), {"title": post.thread.title}),
        url=_link_url(link),
    )


def contributions_cited(
    *, version: ChapterVersion, previous: ChapterVersion | None, actor: User
) -> None:
    """Tells the authors of the posts `version` cites that `previous` did not, once per
    author, with the address of the first note citing them."""
    before = {note["post_id"] for note in (previous.citations if previous else [])}
    notes = {}
    for note in version.citations:
        if note["post_id"] not in before:
            notes.setdefault(note["post_id"], note)
    if not notes:
        return
    posts = Post.objects.filter(pk__in=list(notes), author__is_active=True).select_related("author")
    first_note: dict[int, tuple[User, dict]] = {}
    for post in posts:
        if post.author_id == actor.pk:
            continue
        note = notes[post.pk]
        known = first_note.get(post.author_id)
        if known is None or note["number"] < known[1]["number"]:
            first_note[post.author_id] = (post.author, note)
    chapter = version.chapter
    for author, note in first_note.values():
        notify(
            recipient=author,
            kind=Notification.Kind.GUIDEBOOK,
            message=localized(
                _(
                    "Your contribution is cited in version %(version)s of chapter %(number)s, "
                    "“%(chapter)s”, of the guidebook."
                ),
                {
                    "version": version.number,
                    "number": chapter.number,
                    "chapter": lazy_text(translated, chapter, "title"),
                },
            ),
            url=f"{version.get_absolute_url()}#note-{note['number']}",
        )


def comment_added(*, comment: ReviewComment, actor: User) -> None:
    """A new comment is for the chapter's drafters to answer."""
    chapter = comment.chapter
    drafters = [
        user
        for user in drafters_by_chapter([chapter.pk])[chapter.pk]
        if user.pk != actor.pk and user.is_active
    ]
    notify_many(
        recipients=drafters,
        kind=Notification.Kind.REVIEW_COMMENT,
        message=localized(
            _("New review comment by %(author)s on chapter %(number)s, “%(chapter)s”."),
            {
                "author": actor,
                "number": chapter.number,
                "chapter": lazy_text(translated, chapter, "title"),
            },
        ),
        url=_comment_url(comment),
    )


def _tell_comment_author(comment: ReviewComment, *, actor: User, **notice) -> None:
    if comment.author_id != actor.pk:
        notify(recipient=comment.author, kind=Notification.Kind.REVIEW_REPLY, **notice)


def comment_replied(*, reply: ReviewComment, actor: User) -> None:
    _tell_comment_author(
        reply.parent,
        actor=actor,
        message=localized(
            _("%(author)s replied to your review comment on chapter %(number)s."),
            {"author": actor, "number": reply.chapter.number},
        ),
        url=_comment_url(reply),
    )


def comment_outcome_set(*, comment: ReviewComment, actor: User) -> None:
    _outcome_set(
        comment,
        author=comment.author,
        actor=actor,
        kind=Notification.Kind.REVIEW_REPLY,
        what=_("your review comment"),
        url=_comment_url(comment),
    )


def review_opened(*, review: ReviewRound, actor: User) -> None:
    version = review.version
    chapter = version.chapter
    notify_followers(
        target=chapter,
        actor=actor,
        kind=Notification.Kind.REVIEW_OPENED,
        message=localized(
            _(
                "Version %(version)s of chapter %(number)s, “%(chapter)s”, is open for review "
                "until %(ends_at)s."
            ),
            {
                "version": version.number,
                "number": chapter.number,
                "chapter": lazy_text(translated, chapter, "title"),
                "ends_at": f"{review.ends_at:%d %B %Y, %H:%M} UTC",
            },
        ),
        url=version.get_absolute_url(),
    )
