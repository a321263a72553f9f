"""What the guidebook holds about a person: their review comments, and on deletion of their
account, what stays and what goes (accounts/personal_data.py; registered in
GuidebookConfig.ready).

Contributions linked to a chapter stay (forum keeps them through `kept_posts`), with their
text; the notes of published versions that cite them were frozen with the author's credit
at publication, so those notes are given the new credit ("A former participant") and the
stored PDFs of those chapters are deleted, to be rendered again when next asked for.
Review comments others replied to, or that a drafter answered or recorded an outcome for,
stay under the same credit; the rest of the person's comments go. Their unsaved draft
copies and the invitations sent to their addresses go too.
"""

from allauth.account.models import EmailAddress
from django.db.models import Q, QuerySet

from accounts.attribution import attribution_for
from guidebook.citations import render_published, withdrawn_post_ids
from guidebook.models import (
    ChapterVersion,
    ContributionLink,
    DraftAutosave,
    ExportFile,
    ReviewComment,
    ReviewInvitation,
)


def kept_posts(posts: QuerySet) -> QuerySet:
    """forum's keeper: the posts of a deleted account that a chapter links."""
    return posts.filter(guidebook_links__isnull=False)


def export_review_comments(user) -> list[dict]:
    comments = ReviewComment.objects.filter(author=user).select_related("chapter", "version")
    return [
        {
            "id": comment.pk,
            "chapter": comment.chapter.number,
            "chapter_title": comment.chapter.title,
            "version": comment.version.number,
            "paragraph": comment.para_id,
            "reply_to": comment.parent_id,
            "quote": comment.quote,
            "selected_text": comment.selected_text,
            "body": comment.body,
            "suggested_text": comment.suggested_text,
            "outcome": comment.outcome,
            "outcome_reason": comment.outcome_reason,
            "created_at": comment.created_at.isoformat(),
        }
        for comment in comments.order_by("created_at", "pk")
    ]


def _removable_comments(user) -> QuerySet:
    answered = Q(outcome_at__isnull=False) | ~Q(outcome="")
    replied_by_others = Q(pk__in=ReviewComment.objects.exclude(author=user).values("parent_id"))
    return ReviewComment.objects.filter(author=user).exclude(answered | replied_by_others)


def erase_guidebook_data(user) -> None:
    """Runs in delete_account's transaction, after the account is emptied (so it credits as
    a former participant) and before the forum removes the posts."""
    # Replies go with a comment (parent CASCADE): of the person's own comments, those with
    # replies from others are kept above, so only their own replies go with them.
    _removable_comments(user).delete()
    DraftAutosave.objects.filter(user=user).delete()
    # The account's addresses are still on file until the deletion ends.
    addresses = EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    invited = Q()
    for address in addresses:
        invited |= Q(email__iexact=address)
    if invited:
        ReviewInvitation.objects.filter(invited).delete()
    _recredit_citations(user)


def _recredit_citations(user) -> None:
    post_ids = set(
        ContributionLink.objects.filter(post__author=user).values_list("post_id", flat=True)
    )
    if not post_ids:
        return
    credit = attribution_for(user)
    changed_chapters = set()
    for version in ChapterVersion.objects.filter(chapter__links__post_id__in=post_ids).distinct():
        citations = [
            {**note, "attribution": credit} if note.get("post_id") in post_ids else note
            for note in version.citations
        ]
        if citations == version.citations:
            continue
        withdrawn = withdrawn_post_ids(note["post_id"] for note in citations)
        version.citations = citations
        version.html = render_published(
            version.text, version.paragraphs, citations, withdrawn=withdrawn
        ).html
        version.save(update_fields=["citations", "html"])
        changed_chapters.add(version.chapter_id)
    if changed_chapters:
        ExportFile.objects.filter(
            Q(chapter_id__in=changed_chapters) | Q(chapter__isnull=True)
        ).delete()
