"""A published version cut into the top-level blocks a reader's page lays out one by one.

The version's HTML is stored whole (rendered once from the whole draft, see
`guidebook.citations`); paragraphs carry their id in `data-para`, headings and the notes
carry none. The page shows each block with its number, its comments and its actions, so
it needs the blocks apart: they are cut from the stored HTML at the boundaries of its
top-level elements, byte for byte, never rebuilt.
"""

from dataclasses import dataclass
from html.parser import HTMLParser

_VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "source", "wbr"})


@dataclass
class Block:
    html: str
    para_id: int | None  # None: a heading, a rule or the notes


class _TopLevel(HTMLParser):
    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.line_starts = [0]
        for line in source.splitlines(keepends=True):
            self.line_starts.append(self.line_starts[-1] + len(line))
        self.depth = 0
        self.starts: list[tuple[int, int | None]] = []  # (offset, para id)
        self.ends: list[int] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            value = dict(attrs).get("data-para") or ""
            self.starts.append((self._offset(), int(value) if value.isdigit() else None))
        if tag in _VOID:
            if self.depth == 0:
                self.ends.append(self._offset() + len(self.get_starttag_text()))
            return
        self.depth += 1

    def handle_startendtag(self, tag, attrs):
        if self.depth == 0:
            self.starts.append((self._offset(), None))
            self.ends.append(self._offset() + len(self.get_starttag_text()))

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        self.depth = max(0, self.depth - 1)
        if self.depth == 0:
            # The end tag's own length: from here to its ">".
            self.ends.append(self._offset() + len(f"</{tag}>"))


def split_blocks(html: str) -> list[Block]:
    parser = _TopLevel(html)
    parser.feed(html)
    parser.close()
    blocks = []
    for (start, para_id), end in zip(parser.starts, parser.ends, strict=False):
        blocks.append(Block(html=html[start:end], para_id=para_id))
    return blocks
