"""The passage of a paragraph a review comment is about: matching it, and marking it.

A reviewer selects words in the page (or types them); what the browser copies differs
from the text in small ways that do not change the words: curly quotes for straight ones,
a line break or several spaces where the source had one, a non-breaking space. So a
passage is compared after `normalise`, against what a reader sees (the paragraph's text
in the rendered version) and against its Markdown.

`highlight` marks the passage in a paragraph's rendered HTML, which is the sanitiser's
output (`forum.markup`): the tags are kept exactly as the sanitiser wrote them and every
piece of text is escaped again, so the only markup added is our own `<mark>`.
"""

import re
from html.parser import HTMLParser

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_QUOTES = str.maketrans(
    {
        "\u2018": "'",  # ‘
        "\u2019": "'",  # ’
        "\u201a": "'",  # ‚
        "\u201b": "'",  # ‛
        "\u2032": "'",  # ′
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u201e": '"',  # „
        "\u201f": '"',  # ‟
        "\u2033": '"',  # ″
    }
)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Straight quotes for curly ones, one space for any run of whitespace, no space at the
    ends."""
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


def clean_passage(text: str) -> str:
    """A passage as stored: the reviewer's words with the whitespace collapsed."""
    return _SPACE.sub(" ", text).strip()


def occurs_in(passage: str, *texts: str) -> bool:
    """Whether the passage is in any of the texts, quotes and whitespace aside."""
    wanted = normalise(passage)
    return bool(wanted) and any(wanted in normalise(text) for text in texts)


class _Pieces(HTMLParser):
    """Sanitised HTML as a list of ("tag", source) and ("text", unescaped text)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.pieces.append(("tag", self.get_starttag_text()))

    def handle_startendtag(self, tag, attrs):
        self.pieces.append(("tag", self.get_starttag_text()))

    def handle_endtag(self, tag):
        self.pieces.append(("tag", f"</{tag}>"))

    def handle_data(self, data):
        self.pieces.append(("text", data))


def highlight(html: str, passage: str) -> SafeString:
    """The HTML with the first occurrence of the passage in its text wrapped in
    `<mark class="passage">` (one mark per run of text, so tags stay well nested); the HTML
    unchanged when the passage no longer occurs."""
    parser = _Pieces()
    parser.feed(html)
    parser.close()
    pieces = parser.pieces
    # The normalised text of all the pieces, and where each of its characters came from.
    flat: list[str] = []
    origin: list[tuple[int, int]] = []
    for index, (kind, text) in enumerate(pieces):
        if kind != "text":
            continue
        for offset, char in enumerate(text):
            if char.isspace():
                if not flat or flat[-1] == " ":
                    continue
                char = " "
            flat.append(char.translate(_QUOTES))
            origin.append((index, offset))
    wanted = normalise(passage)
    start = "".join(flat).find(wanted) if wanted else -1
    if start < 0:
        return mark_safe(html)  # noqa: S308 - the stored output of the sanitiser, unchanged
    first, last = origin[start], origin[start + len(wanted) - 1]
    out = []
    for index, (kind, text) in enumerate(pieces):
        if kind == "tag":
            out.append(text)
            continue
        if index < first[0] or index > last[0]:
            out.append(escape(text))
            continue
        begin = first[1] if index == first[0] else 0
        end = last[1] + 1 if index == last[0] else len(text)
        out.append(escape(text[:begin]))
        if text[begin:end]:
            out.append(f'<mark class="passage">{escape(text[begin:end])}</mark>')
        out.append(escape(text[end:]))
    # Tags as the sanitiser wrote them, every piece of text escaped, and our own <mark>.
    return mark_safe("".join(out))  # noqa: S308
