"""Plain text from stored HTML, for excerpts and the search index.

Stored HTML is the sanitised rendering of a post's Markdown (rendering, sanitising), so its
text is what a reader sees: no Markdown syntax, links as their labels. Block-level tags
become spaces so that paragraphs and list items do not run into each other.
"""

import html
import re

from django.utils.html import strip_tags
from django.utils.text import Truncator

_BLOCK_TAG = re.compile(
    r"</?(?:p|br|li|ul|ol|h[1-6]|blockquote|pre|table|thead|tbody|tr|td|th|hr|div|dd|dt)\b[^>]*>",
    re.IGNORECASE,
)


def plain_text(stored_html: str) -> str:
    """The text of `stored_html`, tags removed, entities decoded, whitespace collapsed."""
    text = strip_tags(_BLOCK_TAG.sub(" ", stored_html or ""))
    return " ".join(html.unescape(text).split())


_BLOCK_END = re.compile(
    r"</(?:p|li|h[1-6]|blockquote|pre|table|tr|dd|dt)>|<br\s*/?>|<hr\b[^>]*>", re.IGNORECASE
)


def reader_paragraphs(stored_html: str) -> str:
    """The text of `stored_html` as a reader sees it, one paragraph (or list item, heading,
    table row) to a line: what a word diff of two versions compares."""
    text = strip_tags(_BLOCK_END.sub("\n", stored_html or ""))
    lines = (" ".join(line.split()) for line in html.unescape(text).split("\n"))
    return "\n".join(line for line in lines if line)


def excerpt(stored_html: str, *, words: int = 40) -> str:
    """The first `words` words of the plain text, with an ellipsis when cut."""
    return Truncator(plain_text(stored_html)).words(words, truncate="…")
