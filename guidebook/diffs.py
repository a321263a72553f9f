"""Differences between published versions of a chapter, paragraph by paragraph (the words
within a paragraph are compared by common/diffs.py).

Readers compare what they read: each paragraph's plain text taken from the version's
rendered HTML, with citations shown as their note numbers ("[3]") and no Markdown syntax.
Drafters may ask for the Markdown source instead.
"""

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from html.parser import HTMLParser

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


class _PlainText(HTMLParser):
    """The text of each element carrying `data-para` in rendered chapter HTML, as a reader
    sees it: a citation marker (`<sup class="cite">`) becomes "[n]"."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: dict[int, list[str]] = {}
        self.current: int | None = None
        self.depth = 0
        self.in_cite = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.current is None:
            if (attrs.get("data-para") or "").isdigit():
                self.current, self.depth = int(attrs["data-para"]), 0
                self.texts[self.current] = []
            else:
                return
        self.depth += 1
        if tag == "sup" and "cite" in (attrs.get("class") or "").split():
            self.in_cite = True
            self.texts[self.current].append("[")
        elif tag in ("li", "tr", "br", "p") and self.depth > 1:
            self.texts[self.current].append("\n")
        elif tag in ("td", "th"):
            self.texts[self.current].append(" ")

    def handle_endtag(self, tag):
        if self.current is None:
            return
        if tag == "sup" and self.in_cite:
            self.in_cite = False
            self.texts[self.current].append("]")
        self.depth -= 1
        if self.depth == 0:
            self.current = None

    def handle_data(self, data):
        if self.current is not None:
            self.texts[self.current].append(data)


def plain_texts(html: str) -> dict[int, str]:
    """Paragraph id → the paragraph's text as a reader sees it."""
    parser = _PlainText()
    parser.feed(html)
    parser.close()
    return {pid: "".join(parts).strip() for pid, parts in parser.texts.items()}


def compare_versions(
    old: ChapterVersion, new: ChapterVersion, *, source: bool = False
) -> list[ParagraphChange]:
    """The whole chapter in the newer order, paragraphs matched by id; each removed
    paragraph appears right after the paragraph that preceded it in the older version.

    A paragraph is changed when its Markdown changed; the words shown as changed are those
    of its plain text as a reader sees it, or of its Markdown when `source` is set."""
    old_source = {p["id"]: p["text"] for p in old.paragraphs}
    new_source = {p["id"]: p["text"] for p in new.paragraphs}
    if source:
        old_by_id, new_by_id = old_source, new_source
    else:
        old_plain, new_plain = plain_texts(old.html), plain_texts(new.html)
        old_by_id = {pid: old_plain.get(pid, text) for pid, text in old_source.items()}
        new_by_id = {pid: new_plain.get(pid, text) for pid, text in new_source.items()}
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
            same = old_source[pid] == new_source[pid]
            changes.append(
                ParagraphChange(
                    kind="unchanged" if same else "changed",
                    para_id=pid,
                    old_text=before,
                    new_text=text,
                    moved=pid not in in_place,
                    diff=escape(text) if same else word_diff(before, text),
                )
            )
        changes.extend(removed(pid))
    return changes
