"""The working draft of a chapter and its published versions."""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from forum.search import index_source
from guidebook import paragraphs as para
from guidebook.citations import Rendered, render_paragraphs, render_published
from guidebook.models import Chapter, ChapterVersion, ContributionLink, Draft, DraftAutosave
from guidebook.permissions import can_draft_chapter
from guidebook.selectors.search import SOURCE as SEARCH_SOURCE
from guidebook.services import notices
from guidebook.services.common import require
from guidebook.services.outcomes import propose_cited_outcomes
from guidebook.services.review import carry_comments_forward
from guidebook.tasks import render_export_files


class DraftConflict(Exception):
    """A save was based on an older draft than the stored one; nothing was written.

    Carries both texts so the page can show them side by side with a diff.
    """

    def __init__(self, *, current: Draft, submitted_text: str):
        super().__init__(f"Draft of chapter {current.chapter_id} changed (save {current.version})")
        self.current = current
        self.submitted_text = submitted_text


def _links_by_post(chapter: Chapter) -> dict[int, ContributionLink]:
    """The link a citation of each post points at: the chapter-wide one first."""
    links = (
        ContributionLink.objects.filter(chapter=chapter)
        .select_related("post__author", "post__thread__theme")
        .order_by(F("section").asc(nulls_first=True), "linked_at", "pk")
    )
    chosen: dict[int, ContributionLink] = {}
    for link in links:
        chosen.setdefault(link.post_id, link)
    return chosen


def rerender_draft(chapter: Chapter) -> None:
    """Refreshes the stored HTML (the notes quote the linked text); the text is unchanged."""
    draft = Draft.objects.filter(chapter=chapter).first()
    if draft is None or not draft.paragraphs:
        return
    try:
        rendered = render_paragraphs(draft.text, draft.paragraphs, _links_by_post(chapter))
    except ValidationError:
        return  # The next save or publish reports the problem to the drafter.
    draft.html = rendered.html
    draft.save(update_fields=["html"])


def draft_html(draft: Draft) -> str:
    """The draft's HTML as a save would render it now (rerender_markup)."""
    if not draft.paragraphs:
        return draft.html
    return render_paragraphs(draft.text, draft.paragraphs, _links_by_post(draft.chapter)).html


def version_html(version: ChapterVersion) -> str:
    """The published version's HTML under the current markup rules, with the notes it was
    published with (rerender_markup)."""
    return render_published(version.text, version.paragraphs, version.citations).html


def get_draft(chapter: Chapter) -> Draft:
    """The chapter's working draft; before its first save, an empty one that is not stored
    (opening the editor writes nothing: the row is made by the first `save_draft`)."""
    return Draft.objects.filter(chapter=chapter).first() or Draft(chapter=chapter)


def preview_draft(*, actor: User, chapter: Chapter, text: str, base_version: int) -> Rendered:
    """The text rendered exactly as saving and publishing it would, writing nothing: its
    paragraphs numbered with the ids a save based on `base_version` would give them."""
    require(can_draft_chapter(actor, chapter))
    draft = get_draft(chapter)
    old = draft.paragraphs if draft.version == base_version else []
    paragraphs, _next_id = para.assign_ids(
        old, para.split_paragraphs(text), draft.next_paragraph_id
    )
    return render_paragraphs(text, paragraphs, _links_by_post(chapter))


def save_draft(
    *,
    actor: User,
    chapter: Chapter,
    text: str,
    base_version: int,
    pinned: dict[int, int] | None = None,
) -> Draft:
    """Stores the working text if it is based on the stored draft; raises DraftConflict
    (writing nothing) if someone saved in between. Saving deletes the writer's autosave.

    The paragraphs are matched and rendered before the row lock is taken, against the
    draft as read then; under the lock the version counter is checked again, and since
    every save raises it, an unchanged counter means the match was made against the
    stored paragraphs. Other writers of the chapter wait only for the write itself.
    `pinned` (new paragraph index → old index) keeps ids whatever the text
    (`apply_suggestion`).
    """
    require(can_draft_chapter(actor, chapter))
    seen = get_draft(chapter)
    if seen.version != base_version:
        raise DraftConflict(current=seen, submitted_text=text)
    parsed = para.parse_draft(text)
    paragraphs, next_id = para.assign_ids(
        seen.paragraphs,
        [block.text for block in parsed.paragraphs],
        seen.next_paragraph_id,
        pinned=pinned,
    )
    rendered = render_paragraphs(parsed, paragraphs, _links_by_post(chapter))
    with transaction.atomic():
        # The first save makes the row; of two first saves, the loser gets the winner's row.
        Draft.objects.get_or_create(chapter=chapter)
        # The row lock makes two concurrent saves of the same base queue up: the second
        # sees the first one's counter and gets a conflict instead of overwriting it.
        draft = Draft.objects.select_for_update().get(chapter=chapter)
        if draft.version != base_version:
            raise DraftConflict(current=draft, submitted_text=text)
        draft.text = parsed.text.strip("\n")
        draft.paragraphs = paragraphs
        draft.html = rendered.html
        draft.cited_post_ids = [c["post_id"] for c in rendered.citations]
        draft.next_paragraph_id = next_id
        draft.version = F("version") + 1
        draft.updated_by = actor
        draft.updated_at = timezone.now()
        draft.save()
        DraftAutosave.objects.filter(chapter=chapter, user=actor).delete()
    draft.refresh_from_db()
    return draft


@transaction.atomic
def publish_version(*, actor: User, chapter: Chapter) -> ChapterVersion:
    """Publishes the working draft as the chapter's next numbered version."""
    require(can_draft_chapter(actor, chapter))
    # Serialises publishers of one chapter so version numbers stay 1..n without gaps.
    chapter = Chapter.objects.select_for_update().get(pk=chapter.pk)
    draft = Draft.objects.filter(chapter=chapter).first()
    if draft is None or not draft.paragraphs:
        raise ValidationError(_("The draft is empty: write something before publishing."))
    latest = chapter.versions.order_by("-number").first()
    if latest is not None and (latest.text, latest.paragraphs) == (draft.text, draft.paragraphs):
        raise ValidationError(
            _("The draft has not changed since version %(number)s; nothing to publish.")
            % {"number": latest.number}
        )
    rendered = render_paragraphs(draft.text, draft.paragraphs, _links_by_post(chapter))
    version = ChapterVersion.objects.create(
        chapter=chapter,
        number=(latest.number if latest else 0) + 1,
        text=draft.text,
        paragraphs=draft.paragraphs,
        html=rendered.html,
        citations=rendered.citations,
        published_by=actor,
    )
    if latest is not None:
        carry_comments_forward(previous=latest, new=version)
    propose_cited_outcomes(version=version)
    index_source(SEARCH_SOURCE, ids=[version.pk])
    notices.contributions_cited(version=version, previous=latest, actor=actor)
    if chapter.state == Chapter.State.IN_REVIEW:
        chapter.state = Chapter.State.DRAFTING
        chapter.save(update_fields=["state"])
    # The new version changes this chapter's PDF and the guidebook's: render them now, off
    # the readers' requests (after commit, so the task sees the version).
    transaction.on_commit(partial(render_export_files.enqueue, chapter_id=chapter.pk))
    return version
