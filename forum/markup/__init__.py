"""The only place HTML is produced from user text.

Posts and guidebook drafts are stored as Markdown and rendered once, at write time, by
``render_markdown``; pages show the stored HTML and never render Markdown themselves.

The pipeline, and why each step is there:

1. ``validate_markdown`` (``limits``) refuses text a person should fix before it is
   stored: empty text, text over ``MAX_LENGTH`` characters, and control characters (other
   than tab and line breaks), each with a message that says what to change. Line endings
   are normalised to ``\\n`` first, because browsers submit ``\\r\\n`` from text areas.
2. markdown-it-py turns the Markdown into HTML with raw HTML escaped (``rendering``), its
   link, image and bare-URL rules replaced by ones that take linear time (``links``,
   ``linkify``), and the limits of ``limits`` enforced while it parses.
3. nh3 keeps only the tags and attributes in the allow-lists (``sanitising``); every
   ``href`` is checked by ``is_allowed_url`` (``urls``) against our own scheme allow-list
   both when the link is rendered and in the sanitiser.

The worst adversarial inputs of ``MAX_LENGTH`` characters are timed by
``bench/markup_inputs.py``. Stored HTML is brought up to date with new rules by the
``rerender_markup`` command (``rerender``).
"""

from forum.markup.limits import (
    MAX_FORMATTING,
    MAX_LENGTH,
    MAX_LINES,
    MAX_NESTING,
    MAX_TABLE_CELLS,
    MAX_TABLE_COLUMNS,
    normalise_newlines,
    validate_markdown,
)
from forum.markup.links import MAX_DESTINATION_PARENS, MAX_LABEL_BRACKETS
from forum.markup.rendering import BLOCK_ATTRIBUTES, parse_markdown, render_markdown, render_tokens
from forum.markup.sanitising import ALLOWED_TAGS
from forum.markup.urls import (
    ALLOWED_SCHEMES,
    EXTERNAL_REL,
    EXTERNAL_SCHEMES,
    is_allowed_url,
    is_external_url,
)

__all__ = [
    "ALLOWED_SCHEMES",
    "ALLOWED_TAGS",
    "BLOCK_ATTRIBUTES",
    "EXTERNAL_REL",
    "EXTERNAL_SCHEMES",
    "MAX_DESTINATION_PARENS",
    "MAX_FORMATTING",
    "MAX_LABEL_BRACKETS",
    "MAX_LENGTH",
    "MAX_LINES",
    "MAX_NESTING",
    "MAX_TABLE_CELLS",
    "MAX_TABLE_COLUMNS",
    "is_allowed_url",
    "is_external_url",
    "normalise_newlines",
    "parse_markdown",
    "render_markdown",
    "render_tokens",
    "validate_markdown",
]
