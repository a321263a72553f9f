"""How much a post may hold, so that rendering it takes bounded time and a person who goes
over a limit is told what to change.

Besides ``MAX_LENGTH``, text is refused over ``MAX_LINES`` lines, over ``MAX_FORMATTING``
pieces of formatting (counted while parsing, so a hostile paragraph stops early, and again
before the sanitiser runs), with a table over ``MAX_TABLE_COLUMNS`` columns or
``MAX_TABLE_CELLS`` cells, and with lists or quotes nested past ``MAX_NESTING``.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block import table as markdown_it_table
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline

MAX_LENGTH = 32_000

# A post longer than this many lines is not prose (32,000 characters in 2,000 lines is 16
# characters a line), and every line can start a block, so the limit bounds the parser's
# work before it starts.
MAX_LINES = 2_000

# The formatting budget: block tokens (paragraphs, headings, list items, table cells, …)
# plus inline tokens (text runs, links, emphasis, code spans, line breaks) plus characters
# that become HTML entities (< > & "). Parsing and rendering cost time per piece (the
# parser is pure Python), so this bounds the render time. An ordinary long post (32 KB of
# prose in a few hundred paragraphs, lists, a few tables, 100 links) uses under half of it.
MAX_FORMATTING = 6_000

# Tables: a bigger one cannot be read on a screen, and each cell costs like a paragraph.
# The table rule stops reading rows just past the cell limit, so the empty cells markdown-it
# adds to pad short rows are bounded by it too.
MAX_TABLE_COLUMNS = 30
MAX_TABLE_CELLS = 1_000

# Lists and quotes nested deeper than this stop being parsed (markdown-it's recursion guard);
# a post that reaches it is refused rather than silently losing its innermost text. Each
# list level uses two (the list and its item), each quote one.
MAX_NESTING = 40

# C0 and C1 control characters except tab, line feed and carriage return; the bidirectional
# embeddings, overrides, isolates and marks (which reorder what a reader sees, U+202E turning
# "txt.exe" into "exe.txt"); and the zero-width space, word joiner, invisible operators and
# byte-order mark, which hide inside words. The zero-width joiner and non-joiner stay: emoji
# sequences and several scripts need them.
_CONTROL_RE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
    r"\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` (browsers) and lone ``\\r`` (old Mac files) both become ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _position(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line}, column {column}"


def validate_markdown(text: str, *, scale: int = 1) -> str:
    """Check Markdown a person typed; return it with newlines normalised.

    Raises ``ValidationError`` saying what to change. The length is counted after ``\\r\\n``
    becomes ``\\n``, the way a browser's ``maxlength`` counts, so text that fitted in the
    form is not refused here. ``scale`` multiplies the length and line limits, for texts
    that are rightly longer than a post (a guidebook chapter).
    """
    text = normalise_newlines(text)
    max_length, max_lines = MAX_LENGTH * scale, MAX_LINES * scale
    if not text.strip():
        raise ValidationError(_("Write some text: this is empty."), code="required")
    if len(text) > max_length:
        raise ValidationError(
            _("Shorten the text to at most %(limit)s characters (it has %(length)s)."),
            code="max_length",
            params={"limit": f"{max_length:,}", "length": f"{len(text):,}"},
        )
    lines = text.count("\n") + (not text.endswith("\n"))
    if lines > max_lines:
        raise ValidationError(
            _(
                "Use at most %(limit)s lines (this text has %(lines)s): join short lines into "
                "paragraphs, or split the text into several posts."
            ),
            code="max_lines",
            params={"limit": f"{max_lines:,}", "lines": f"{lines:,}"},
        )
    bad = _CONTROL_RE.search(text) or _SURROGATE_RE.search(text)
    if bad:
        char = bad.group()
        name = unicodedata.name(char, "control character")
        raise ValidationError(
            _(
                "Remove the invisible character U+%(code)04X (%(name)s) at %(where)s; "
                "only tabs and line breaks are allowed."
            ),
            code="control_character",
            params={"code": ord(char), "name": name, "where": _position(text, bad.start())},
        )
    return text


# --- formatting budget ---------------------------------------------------------------------

_ESCAPED_CHARS_RE = re.compile(r'[<>&"]')
# Bare links found by scheme: each is matched with linkify-it's large expressions and
# becomes three tokens, so each is spent before the parse starts.
_BARE_LINK_RE = re.compile(r"://|www\.|mailto:", re.IGNORECASE)
_SPENT = "forum_formatting"
# A multiple of MAX_FORMATTING for this parse (set by ``spend_on_text``; see validate_markdown).
_SCALE = "forum_formatting_scale"


def _too_much_formatting(count: str, limit: int) -> ValidationError:
    return ValidationError(
        _(
            "Simplify the formatting: a post can have at most %(limit)s pieces of formatting "
            "(paragraphs, headings, list items, table cells, links, emphasis, code spans, line "
            'breaks, stretches of text between them, and the characters < > & " which have to '
            "be escaped), and this text has %(count)s. Split it into several posts, or use "
            "less formatting."
        ),
        code="formatting",
        params={"limit": f"{limit:,}", "count": count},
    )


def _budget(env: dict) -> int:
    return MAX_FORMATTING * env.get(_SCALE, 1)


def _spend(env: dict, pieces: int) -> None:
    spent = env[_SPENT] = env.get(_SPENT, 0) + pieces
    if spent > _budget(env):
        raise _too_much_formatting(f"more than {_budget(env):,}", _budget(env))


def count_blocks(state: StateCore) -> None:
    """Spend the block tokens before the inline parser runs over their text."""
    _spend(state.env, len(state.tokens))


def count_inline_steps(state: StateInline, silent: bool) -> bool:
    """First inline rule: every step of the inline parser (a text run, a mark tried as
    formatting) costs one piece, so a paragraph of 32,000 marks stops early instead of
    being parsed in full first. It never matches, so the other rules run as before."""
    _spend(state.env, 1)
    return False


# linkify-it's schemes, plus the "www." that linkify.add_www_links adds.
_LINK_START_RE = re.compile(r"(?:https?:|ftp:|mailto:|//|www\.)", re.IGNORECASE)


def count_bare_links(state: StateCore) -> None:
    """Before linkify runs, spend three pieces (open, text, close) for every place in the
    text where a bare link could start, since linkify's work grows with the links found."""
    possible = 0
    for token in state.tokens:
        for child in token.children or ():
            if child.type == "text":
                possible += len(_LINK_START_RE.findall(child.content))
    _spend(state.env, 3 * possible)


def spend_on_text(env: dict, text: str, *, scale: int = 1) -> int:
    """Spend, before parsing, what the text costs whatever its structure: the characters
    that become entities and the places a bare link starts. Returns the entity count.
    ``scale`` multiplies the budget of this parse, as in validate_markdown."""
    env[_SCALE] = scale
    escaped = len(_ESCAPED_CHARS_RE.findall(text))
    _spend(env, escaped + 3 * len(_BARE_LINK_RE.findall(text)))
    return escaped


def check_rendered_size(env: dict, tokens: list, escaped: int) -> None:
    """After parsing: what is about to be rendered must fit in the budget too."""
    pieces = escaped + len(tokens) + sum(len(token.children or ()) for token in tokens)
    if pieces > _budget(env):
        raise _too_much_formatting(f"{pieces:,}", _budget(env))


_CONTAINER_OPENS = frozenset(
    {"blockquote_open", "bullet_list_open", "ordered_list_open", "list_item_open"}
)


def check_nesting(state: StateCore) -> None:
    """Refuse text whose lists or quotes reach markdown-it's nesting limit, past which it
    would silently stop parsing (and drop the innermost text)."""
    limit = state.md.options["maxNesting"]
    for token in state.tokens:
        if token.type in _CONTAINER_OPENS and token.level + 1 >= limit:
            raise ValidationError(
                _(
                    "Lists and quotes are nested too deeply to show; "
                    "use fewer levels (at most %(levels)s quote levels or %(lists)s list levels)."
                ),
                code="nesting",
                params={"levels": limit - 1, "lists": (limit - 1) // 2},
            )


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def table(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:  # noqa: N803
    """markdown-it's table rule, refusing tables over MAX_TABLE_COLUMNS columns or
    MAX_TABLE_CELLS cells before it builds them."""
    if not markdown_it_table(state, startLine, endLine, True):
        return False
    if silent:
        return True
    columns = sum(1 for cell in _line(state, startLine + 1).split("|") if cell.strip())
    if columns > MAX_TABLE_COLUMNS:
        raise ValidationError(
            _("The table at line %(line)s has %(columns)s columns; use at most %(limit)s."),
            code="table_columns",
            params={"line": f"{startLine + 1:,}", "columns": f"{columns:,}",
                    "limit": MAX_TABLE_COLUMNS},
        )  # fmt: skip
    max_rows = MAX_TABLE_CELLS // columns - 1  # the header row counts too
    # One row more than allowed, to tell a table at the limit from one past it. Reading no
    # further also bounds the padding of short rows (at most MAX_TABLE_CELLS plus two rows).
    matched = markdown_it_table(state, startLine, min(endLine, startLine + 3 + max_rows), False)
    rows = state.line - startLine - 1
    if rows > max_rows + 1:
        raise ValidationError(
            _("The table at line %(line)s is too big to show: use at most %(limit)s cells "
            "(rows × columns, with %(columns)s columns that is %(rows)s rows including the "
            "header). Split it into smaller tables."),
            code="table_cells",
            params={"line": f"{startLine + 1:,}", "limit": f"{MAX_TABLE_CELLS:,}",
                    "columns": columns, "rows": max_rows + 1},
        )  # fmt: skip
    return matched
