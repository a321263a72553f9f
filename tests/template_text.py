"""Finds user-facing text in templates that is outside a translation tag.

A template is read with Django's own lexer. Text inside {% translate %}, {% blocktranslate
%}, {% comment %} and {# #} is set aside; every other tag or variable becomes a marker that
carries no letters. What remains is read as HTML: a text node with a letter in it, or a
person-facing attribute (alt, title, placeholder, aria-label, value of a button) with one,
is reported. <script>, <style>, <code> and <kbd> bodies are not prose to translate.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

# Attributes whose values a person reads or hears.
READ_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "aria-description", "label"}
# Names, codes and symbols the same in every language.
ALLOWED = {
    "OSCE",
    "ODIHR",
    "TNT/ATU",
    "TNT/SPMU",
    "VERLT",
    "P/CVE",
    "PDF",
    "HTML",
    "DOCX",
    "CSV",
    "Markdown",
}
# Elements whose text is code, not prose: scripts, styles, and literal syntax shown to type.
_NOT_READ = {"script", "style", "code", "kbd"}
_LETTER = re.compile(r"[^\W\d_]")
_MARK = "\x00"
_OPENERS = {"translate", "trans", "blocktranslate", "blocktrans"}
_BLOCKS = {
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
    "comment": "endcomment",
}


def _flatten(source: str) -> str:
    """The template as HTML, with every tag, variable and translated span as a marker."""
    parts: list[str] = []
    closing = None
    for token in Lexer(source).tokenize():
        if closing:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == closing:
                closing = None
            continue
        if token.token_type == TokenType.TEXT:
            parts.append(token.contents)
            continue
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            closing = _BLOCKS.get(name)
        # A space first, so `<td{% if … %}` still reads as a tag.
        parts.append(" " + _MARK)
    return "".join(parts)


def _has_words(text: str) -> bool:
    for piece in text.split(_MARK):
        piece = piece.strip()
        if not piece or piece in ALLOWED:
            continue
        for word in re.split(r"[\s,;:()·|–—]+", piece):
            if word and word not in ALLOWED and _LETTER.search(word):
                return True
    return False


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _NOT_READ:
            self._skip += 1
        values = dict(attrs)
        for name, value in attrs:
            if (
                value
                and (
                    name in READ_ATTRIBUTES
                    or (
                        tag == "input"
                        and name == "value"
                        and values.get("type") in ("submit", "button", "reset")
                    )
                )
                and _has_words(value)
            ):
                self.found.append((self.getpos()[0], f'{name}="{value.strip()}"'))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in _NOT_READ:
            self._skip -= 1

    def handle_endtag(self, tag):
        if tag in _NOT_READ and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and _has_words(data):
            self.found.append((self.getpos()[0], " ".join(data.replace(_MARK, "…").split())))


def untranslated_text(path: Path) -> list[tuple[int, str]]:
    """(line, text) for each piece of user-facing text outside a translation tag. Lines
    count in the flattened template, so they are near, not always on, the source line."""
    reader = _Reader()
    reader.feed(_flatten(path.read_text(encoding="utf-8")))
    reader.close()
    return reader.found


def untranslated_in(directory: Path) -> dict[str, list[tuple[int, str]]]:
    return {
        str(path.relative_to(directory)): found
        for path in sorted(directory.rglob("*.html"))
        if (found := untranslated_text(path))
    }
