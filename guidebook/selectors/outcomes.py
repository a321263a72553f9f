"""What became of each input: "How my input was used" and a chapter's consultation report."""

from dataclasses import dataclass

from guidebook.citations import CITATION, attribution_for
from guidebook.models import (
    Chapter,
    ChapterVersion,
    ContributionLink,
    ReviewComment,
)
from guidebook.permissions import (
    visible_comments,
    visible_links,
)
from guidebook.selectors.chapters import chapter_links, latest_versions


@dataclass
class Passage:
    """A paragraph of a published version that cites a contribution."""

    version: ChapterVersion
    paragraph_number: int
    para_id: int
    note_number: int

    @property
    def url(self) -> str:
        return f"{self.version.get_absolute_url()}#p-{self.para_id}"


def citing_passages(versions) -> dict[int, list[Passage]]:
    """post id → the paragraphs of these versions that cite it."""
    passages: dict[int, list[Passage]] = {}
    for version in versions:
        notes = {c["post_id"]: c["number"] for c in version.citations}
        for number, paragraph in enumerate(version.paragraphs, start=1):
            cited = {int(m.group(1)) for m in CITATION.finditer(paragraph["text"])}
            for post_id in sorted(cited & notes.keys()):
                passages.setdefault(post_id, []).append(
                    Passage(version, number, paragraph["id"], notes[post_id])
                )
    return passages


def my_input(user) -> dict:
    """A participant's contributions taken into the guidebook and their review comments,
    with outcomes and the published passages that cite them."""
    links = list(
        ContributionLink.objects.filter(post__author=user)
        .select_related("post__thread", "chapter", "section")
        .order_by("post__created_at", "chapter__number", "pk")
    )
    passages = citing_passages(latest_versions({link.chapter_id for link in links}))
    for link in links:
        link.passages = [
            p for p in passages.get(link.post_id, []) if p.version.chapter_id == link.chapter_id
        ]
    comments = list(
        ReviewComment.objects.filter(author=user, parent=None)
        # The comment's address is built from its version's chapter.
        .select_related("chapter", "version__chapter")
        .order_by("-created_at")
    )
    return {"links": links, "comments": comments}


def chapter_report(user, chapter: Chapter) -> dict:
    """Every input to one chapter this person may read (linked contributions, review
    comments) with its outcome and its author as they chose to be credited."""
    links = list(visible_links(user, chapter_links(chapter)))
    passages = citing_passages(latest_versions([chapter.pk]))
    for link in links:
        link.attribution = attribution_for(link.post.author)
        link.passages = passages.get(link.post_id, [])
    comments = list(
        visible_comments(user, ReviewComment.objects.filter(chapter=chapter, parent=None))
        # The comment's address is built from its version's chapter.
        .select_related("author", "outcome_by", "version__chapter", "round__version")
        .order_by("round__version__number", "created_at")
    )
    for comment in comments:
        comment.attribution = attribution_for(comment.author)
    proposed = [link for link in links if link.proposed_outcome and not link.outcome]
    return {"links": links, "comments": comments, "proposed_links": proposed}
