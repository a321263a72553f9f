"""The one place the site compares two texts: line by line (a post's revisions, a
resubmitted post under review) and word by word (drafts, versions, linked texts).

Both work on the Markdown a person wrote and escape every piece, so a diff can be shown
without trusting the text it shows.
"""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "add", "remove", "context" or "hunk"
    text: str


def line_diff(old: str, new: str, *, context: int = 2) -> list[DiffLine]:
    """The lines that changed from `old` to `new`, with `context` unchanged lines around
    each change and a "hunk" line (`@@ … @@`) before each group."""
    lines = []
    for line in difflib.unified_diff(
        old.splitlines(), new.splitlines(), lineterm="", n=context, fromfile="a", tofile="b"
    ):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            lines.append(DiffLine("hunk", line))
        elif line.startswith("+"):
            lines.append(DiffLine("add", line[1:]))
        elif line.startswith("-"):
            lines.append(DiffLine("remove", line[1:]))
        else:
            lines.append(DiffLine("context", line[1:]))
    return lines


def changed_characters(old: str, new: str) -> int:
    """How many characters an edit from `old` to `new` changed: for each changed stretch,
    the longer of what was removed and what was put in (a typo fixed counts 1 or 2)."""
    if old == new:
        return 0
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return sum(
        max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"
    )


def word_diff(old: str, new: str) -> SafeString:
    """The new text with removed words in <del> and added words in <ins>, all escaped."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - every piece of text is escaped above
