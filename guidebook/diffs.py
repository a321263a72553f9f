"""Differences between published versions of a chapter, paragraph by paragraph (the words
within a paragraph are compared by common/diffs.py)."""

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString

from common.diffs import word_diff
from guidebook.models import ChapterVersion


@dataclass
class ParagraphChange:
    kind: str  # "unchanged", "changed", "added", "removed"
    para_id: int
    old_text: str = ""
    new_text: str = ""
    moved: bool = False
    diff: SafeString | str = ""
    # Review comments that sat on this paragraph of the older version (set by the page).
    comments: list = field(default_factory=list)

    @property
    def label(self) -> str:
        labels = {"unchanged": "", "changed": "Changed", "added": "Added", "removed": "Removed"}
        label = labels[self.kind]
        if self.moved:
            label = f"{label}, moved" if label else "Moved"
        return label


def compare_versions(old: ChapterVersion, new: ChapterVersion) -> list[ParagraphChange]:
    """The whole chapter in the newer order, paragraphs matched by id; each removed
    paragraph appears right after the paragraph that preceded it in the older version."""
    old_by_id = {p["id"]: p["text"] for p in old.paragraphs}
    new_by_id = {p["id"]: p["text"] for p in new.paragraphs}
    old_order = [p["id"] for p in old.paragraphs]
    new_order = [p["id"] for p in new.paragraphs]

    # Paragraphs outside the longest common ordering of shared ids are the ones that moved.
    common_old = [pid for pid in old_order if pid in new_by_id]
    common_new = [pid for pid in new_order if pid in old_by_id]
    in_place = set()
    matcher = SequenceMatcher(None, common_old, common_new, autojunk=False)
    for block in matcher.get_matching_blocks():
        in_place.update(common_old[block.a : block.a + block.size])

    removed_after: dict[int | None, list[int]] = {}
    previous = None
    for pid in old_order:
        if pid not in new_by_id:
            removed_after.setdefault(previous, []).append(pid)
        else:
            previous = pid

    def removed(anchor):
        return [
            ParagraphChange(
                kind="removed",
                para_id=pid,
                old_text=old_by_id[pid],
                diff=word_diff(old_by_id[pid], ""),
            )
            for pid in removed_after.get(anchor, [])
        ]

    changes = removed(None)
    for pid in new_order:
        text = new_by_id[pid]
        if pid not in old_by_id:
            changes.append(
                ParagraphChange(kind="added", para_id=pid, new_text=text, diff=word_diff("", text))
            )
        else:
            before = old_by_id[pid]
            changes.append(
                ParagraphChange(
                    kind="unchanged" if before == text else "changed",
                    para_id=pid,
                    old_text=before,
                    new_text=text,
                    moved=pid not in in_place,
                    diff=word_diff(before, text) if before != text else escape(text),
                )
            )
        changes.extend(removed(pid))
    return changes
