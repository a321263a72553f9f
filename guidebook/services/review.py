"""Peer review of published versions: rounds, comments, replies and the drafters' answers."""

import datetime
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from forum.markup import normalise_newlines, render_markdown
from guidebook import passages
from guidebook.diffs import plain_texts
from guidebook.models import (
    Chapter,
    ChapterVersion,
    CommentAnchor,
    ReviewComment,
    ReviewInvitation,
    ReviewRound,
)
from guidebook.permissions import (
    can_comment_in_review,
    can_open_review,
    can_reply_to_comment,
)
from guidebook.services import notices
from guidebook.services.common import require
from guidebook.tasks import send_review_invitation

MAX_COMMENT_LENGTH = 10_000


@transaction.atomic
def open_review(
    *,
    actor: User,
    version: ChapterVersion,
    ends_at: datetime.datetime,
    audience: str,
    emails: Iterable[str] = (),
    site: str = "",
) -> ReviewRound:
    """Opens the version for comments until `ends_at`. Each invited address gets an e-mail
    with the link to the version; `site` (scheme and host, e.g. `https://example.org`)
    makes that link absolute."""
    require(can_open_review(actor, version))
    chapter = Chapter.objects.select_for_update().get(pk=version.chapter_id)
    latest = chapter.versions.order_by("-number").first()
    if latest is None or latest.pk != version.pk:
        raise ValidationError(_("Only the latest version of a chapter can be opened for review."))
    if ReviewRound.objects.filter(version=version).exists():
        raise ValidationError(
            _("Version %(number)s has already been opened for review.") % {"number": version.number}
        )
    if ends_at <= timezone.now():
        raise ValidationError(_("The end date must be in the future."))
    if audience not in ReviewRound.Audience.values:
        raise ValidationError(_("Choose who may comment."))
    addresses = sorted({e.strip().lower() for e in emails if e.strip()})
    for address in addresses:
        validate_email(address)
    if audience == ReviewRound.Audience.INVITED and not addresses:
        raise ValidationError(_("Give at least one e-mail address to invite."))
    if len(addresses) > settings.REVIEW_INVITATIONS_MAX:
        # A round is for the people a drafter knows, not a mailing list: the cap keeps a
        # pasted list (or a hijacked account) from sending the site's mail in bulk.
        raise ValidationError(
            _("You can invite at most %(max)d addresses in one round; you gave %(count)d.")
            % {"max": settings.REVIEW_INVITATIONS_MAX, "count": len(addresses)}
        )
    review = ReviewRound.objects.create(
        version=version, audience=audience, ends_at=ends_at, opened_by=actor
    )
    ReviewInvitation.objects.bulk_create(
        ReviewInvitation(round=review, email=address) for address in addresses
    )
    chapter.state = Chapter.State.IN_REVIEW
    chapter.save(update_fields=["state"])
    # Each invitation is written in its reader's language where the address is an account's,
    # otherwise in the language of the drafter who sends it.
    languages = dict(User.objects.filter(email__in=addresses).values_list("email", "language"))
    for address in addresses:
        language = languages.get(address) or translation.get_language()
        with translation.override(language):
            _invite(review=review, chapter=chapter, email=address, site=site)
    notices.review_opened(review=review, actor=actor)
    return review


def _invite(*, review: ReviewRound, chapter: Chapter, email: str, site: str) -> None:
    version = review.version
    subject = _("Invitation to review chapter %(chapter)s, version %(version)s") % {
        "chapter": chapter.number,
        "version": version.number,
    }
    body = _(
        "%(drafter)s invites you to review version %(version)s of chapter %(chapter)s, "
        "“%(title)s”, of the guidebook drafted from the consultation.\n\n"
        "Comments are taken until %(ends_at)s (UTC). Read the version and comment on its "
        "paragraphs here:\n\n%(address)s\n\n"
        "To comment, sign in (or create an account) with this e-mail address, %(email)s, "
        "and confirm it."
    ) % {
        "drafter": review.opened_by,
        "version": version.number,
        "chapter": chapter.number,
        "title": chapter.title,
        "ends_at": date_format(review.ends_at.astimezone(datetime.UTC), "DATETIME_FORMAT"),
        "address": f"{site}{version.get_absolute_url()}",
        "email": email,
    }
    # Queued only once the round is committed: a rolled-back opening invites nobody.
    transaction.on_commit(
        partial(send_review_invitation.enqueue, email=email, subject=subject, body=body)
    )


def _clean_body(body: str) -> tuple[str, str]:
    body = body.strip()
    if not body:
        raise ValidationError(_("Write a comment first."), code="body_missing")
    if len(body) > MAX_COMMENT_LENGTH:
        raise ValidationError(
            _("A comment can be at most %(max_comment_length)s characters long.")
            % {"max_comment_length": MAX_COMMENT_LENGTH},
            code="body_too_long",
        )
    return body, render_markdown(body)


def _clean_suggestion(text: str, paragraph: dict) -> str:
    text = normalise_newlines(text).strip("\n")
    if not text.strip():
        return ""
    if passages.normalise(text) == passages.normalise(paragraph["text"]):
        raise ValidationError(
            _("The suggested wording is the same as the paragraph: change some words first."),
            code="suggestion_unchanged",
        )
    render_markdown(text)  # refuses what the forum's Markdown rules refuse, with the reason
    return text


@transaction.atomic
def add_comment(
    *,
    actor: User,
    version: ChapterVersion,
    para_id: int,
    body: str,
    selected_text: str = "",
    suggested_text: str = "",
) -> ReviewComment:
    """A comment on one paragraph: about the whole of it or about a passage of it (which
    must occur in it, quotes and whitespace aside), with or without a suggested rewording
    of the paragraph; a suggestion needs no words of its own."""
    review = ReviewRound.objects.filter(version=version).first()
    if review is None:
        raise ValidationError(
            _("Version %(number)s is not open for review.") % {"number": version.number}
        )
    require(can_comment_in_review(actor, review))
    paragraph = next((p for p in version.paragraphs if p["id"] == para_id), None)
    if paragraph is None:
        raise ValidationError(_("That paragraph is not part of this version."))
    selected_text = passages.clean_passage(selected_text)
    if selected_text and not passages.occurs_in(
        selected_text, plain_texts(version.html).get(para_id, ""), paragraph["text"]
    ):
        raise ValidationError(
            _(
                "The passage “%(passage)s” is not in paragraph %(number)s. Select the words "
                "in the paragraph, or leave the passage empty to comment on all of it."
            )
            % {"passage": Truncator(selected_text).chars(80), "number": _number(version, para_id)},
            code="passage_not_found",
        )
    suggested_text = _clean_suggestion(suggested_text, paragraph)
    if suggested_text and not body.strip():
        body, body_html = "", ""
    else:
        body, body_html = _clean_body(body)
    comment = ReviewComment.objects.create(
        round=review,
        chapter_id=version.chapter_id,
        version=version,
        para_id=para_id,
        quote=paragraph["text"],
        selected_text=selected_text,
        suggested_text=suggested_text,
        body=body,
        body_html=body_html,
        author=actor,
    )
    CommentAnchor.objects.create(comment=comment, version=version, para_id=para_id)
    notices.comment_added(comment=comment, actor=actor)
    return comment


def _number(version: ChapterVersion, para_id: int) -> int:
    return next(n for n, p in enumerate(version.paragraphs, start=1) if p["id"] == para_id)


@transaction.atomic
def reply_to_comment(*, actor: User, comment: ReviewComment, body: str) -> ReviewComment:
    parent = comment.parent or comment  # replies to replies join the same thread
    # A thread carried to a newer version is answered in the review of that version: the
    # round it started in closed when the newer version was published.
    rounds = ReviewRound.objects.select_related("version__chapter").prefetch_related("invitations")
    review = rounds.filter(version_id=parent.version_id).first() or rounds.get(pk=parent.round_id)
    require(can_reply_to_comment(actor, parent, review))
    body, body_html = _clean_body(body)
    reply = ReviewComment.objects.create(
        # The thread's round: replies are seen by whoever sees the comment they answer.
        round_id=parent.round_id,
        chapter_id=parent.chapter_id,
        version_id=parent.version_id,
        para_id=parent.para_id,
        on_removed_text=parent.on_removed_text,
        parent=parent,
        quote=parent.quote,
        body=body,
        body_html=body_html,
        author=actor,
    )
    notices.comment_replied(reply=reply, actor=actor)
    return reply


def carry_comments_forward(*, previous: ChapterVersion, new: ChapterVersion) -> None:
    """Comments on `previous`, open or answered, move to the same paragraph of `new` if it
    still exists (the page's filter tells them apart); the others stay behind, marked as on
    removed text. Called inside `publish_version`."""
    new_ids = {p["id"] for p in new.paragraphs}
    open_comments = list(
        ReviewComment.objects.filter(version=previous, parent=None, on_removed_text=False).only(
            "pk", "para_id"
        )
    )
    moving = [c for c in open_comments if c.para_id in new_ids]
    staying = [c.pk for c in open_comments if c.para_id not in new_ids]
    moving_ids = [c.pk for c in moving]
    ReviewComment.objects.filter(pk__in=moving_ids).update(version=new)
    ReviewComment.objects.filter(parent_id__in=moving_ids).update(version=new)
    CommentAnchor.objects.bulk_create(
        CommentAnchor(comment_id=c.pk, version=new, para_id=c.para_id) for c in moving
    )
    ReviewComment.objects.filter(pk__in=staying).update(on_removed_text=True)
    ReviewComment.objects.filter(parent_id__in=staying).update(on_removed_text=True)
    # The text under review has changed: the older round ends now.
    ReviewRound.objects.filter(version=previous, ends_at__gt=timezone.now()).update(
        ends_at=timezone.now()
    )
