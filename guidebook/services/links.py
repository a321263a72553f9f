"""Contribution links: a forum post pulled into a chapter or section."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forum.models import Post
from guidebook.citations import WITHDRAWN
from guidebook.models import Chapter, ContributionLink, Draft, Section
from guidebook.permissions import can_change_link, can_link_to_chapter
from guidebook.selectors import pool_posts
from guidebook.services import notices
from guidebook.services.common import require
from guidebook.services.drafting import rerender_draft


@transaction.atomic
def link_contribution(
    *,
    actor: User,
    post: Post,
    chapter: Chapter,
    section: Section | None = None,
    note: str = "",
) -> ContributionLink:
    require(can_link_to_chapter(actor, chapter))
    if post.status in WITHDRAWN:
        raise ValidationError(
            _("Post #%(post)s has been %(status)s by the moderators and cannot be linked or cited.")
            % {"post": post.pk, "status": post.get_status_display().lower()},
            code="withdrawn",
        )
    if not pool_posts().filter(pk=post.pk).exists():
        raise ValidationError(
            _(
                "Post #%(pk)s is not in the contribution pool: only approved posts accepted "
                "for the guidebook can be linked."
            )
            % {"pk": post.pk}
        )
    if section is not None and section.chapter_id != chapter.pk:
        raise ValidationError(
            _("Section “%(title)s” is not part of chapter %(number)s.")
            % {"title": section.title, "number": chapter.number}
        )
    link = ContributionLink(
        post=post,
        chapter=chapter,
        section=section,
        note=note.strip(),
        linked_text=post.body,
        linked_revision=post.revisions.order_by("-edited_at", "-pk").first(),
        linked_by=actor,
    )
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError:
        where = (
            f"section {chapter.number}.{section.order}" if section else f"chapter {chapter.number}"
        )
        raise ValidationError(
            _("Post #%(pk)s is already linked to %(where)s.") % {"pk": post.pk, "where": where}
        ) from None
    notices.contribution_linked(link=link, actor=actor)
    return link


@transaction.atomic
def unlink_contribution(*, actor: User, link: ContributionLink) -> None:
    require(can_change_link(actor, link))
    draft = Draft.objects.filter(chapter_id=link.chapter_id).first()
    others = ContributionLink.objects.filter(post_id=link.post_id, chapter_id=link.chapter_id)
    if (
        draft is not None
        and link.post_id in draft.cited_post_ids
        and not others.exclude(pk=link.pk).exists()
    ):
        raise ValidationError(
            _(
                "Post #%(post_id)s is cited in the draft of chapter %(number)s. Remove the "
                "citation first, then unlink it."
            )
            % {"post_id": link.post_id, "number": draft.chapter.number}
        )
    link.delete()


@transaction.atomic
def refresh_link(*, actor: User, link: ContributionLink) -> ContributionLink:
    """Moves the link to the post's current text (after the author edited it)."""
    require(can_change_link(actor, link))
    link = ContributionLink.objects.select_for_update().select_related("post").get(pk=link.pk)
    link.linked_text = link.post.body
    link.linked_revision = link.post.revisions.order_by("-edited_at", "-pk").first()
    link.refreshed_at = timezone.now()
    link.save(update_fields=["linked_text", "linked_revision", "refreshed_at"])
    rerender_draft(link.chapter)
    return link
