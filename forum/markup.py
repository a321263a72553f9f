"""The only place HTML is produced from user text.

Posts and guidebook drafts are stored as Markdown and rendered once, at write time, by
``render_markdown``; pages show the stored HTML and never render Markdown themselves.

The pipeline, and why each step is there:

1. ``validate_markdown`` refuses text a person should fix before it is stored: empty text,
   text over ``MAX_LENGTH`` characters, and control characters (other than tab and line
   breaks), each with a message that says what to change. Line endings are normalised to
   ``\\n`` first, because browsers submit ``\\r\\n`` from text areas.
2. markdown-it-py parses CommonMark plus tables, strikethrough and bare-URL links, with raw
   HTML switched off, so ``<script>`` typed in a post is shown as text. A core rule then
   rewrites the token stream: images become links to the image (embedding a remote image
   would tell its host the address of every reader), headings move two levels down so a
   post's ``#`` never competes with the page's own ``<h1>``/``<h2>`` (h1 → h3, h2 → h4,
   h3 → h5, deeper → h6), and table alignment becomes a class instead of an inline style.
3. bleach keeps only the tags and attributes in the allow-lists below. Every ``href`` (and
   ``src``, should one ever be allowed) is checked by ``is_allowed_url`` against our own
   scheme allow-list, because bleach's protocol check lets ``javascript:123`` through
   (mozilla/bleach#611). A link whose address is refused keeps its text and loses the
   address. Links that leave the site get ``rel="nofollow ugc noopener noreferrer"``.

Render time is bounded, not only linear: besides ``MAX_LENGTH``, text is refused over
``MAX_LINES`` lines, over ``MAX_FORMATTING`` pieces of formatting (counted while parsing, so a
hostile paragraph stops early, and again before bleach runs), and with a table over
``MAX_TABLE_COLUMNS`` columns or ``MAX_TABLE_CELLS`` cells. The worst adversarial inputs of
``MAX_LENGTH`` characters are timed by ``bench/markup_inputs.py``.
"""

import html
import importlib
import re
import threading
import types
import unicodedata
from types import SimpleNamespace

import bleach
from bleach import html5lib_shim
from bleach.html5lib_shim import Filter
from django.core.exceptions import ValidationError
from markdown_it import MarkdownIt
from markdown_it import helpers as md_helpers
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

MAX_LENGTH = 32_000

# A post longer than this many lines is not prose (32,000 characters in 2,000 lines is 16
# characters a line), and every line can start a block, so the limit bounds the parser's
# work before it starts.
MAX_LINES = 2_000

# The formatting budget: block tokens (paragraphs, headings, list items, table cells, …)
# plus inline tokens (text runs, links, emphasis, code spans, line breaks) plus characters
# that become HTML entities (< > & "). Parsing, rendering and above all sanitising (bleach
# runs html5lib, in pure Python) cost time per piece, so this bounds the render time. An
# ordinary long post (32 KB of prose in a few hundred paragraphs, lists, a few tables,
# 100 links) uses under half of it.
MAX_FORMATTING = 6_000

# Tables: a bigger one cannot be read on a screen, and each cell costs like a paragraph.
MAX_TABLE_COLUMNS = 30
MAX_TABLE_CELLS = 1_000

# Lists and quotes nested deeper than this stop being parsed (markdown-it's recursion guard);
# a post that reaches it is refused rather than silently losing its innermost text. Each
# list level uses two (the list and its item), each quote one.
MAX_NESTING = 40

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
EXTERNAL_SCHEMES = frozenset({"http", "https"})
EXTERNAL_REL = "nofollow ugc noopener noreferrer"

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h3", "h4", "h5", "h6",
        "em", "strong", "del", "s", "code", "pre", "blockquote",
        "ul", "ol", "li", "a",
        "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip

_TABLE_ALIGN_CLASSES = frozenset({"align-left", "align-center", "align-right"})
_CODE_CLASS_RE = re.compile(r"language-[A-Za-z0-9_+.#-]{1,40}")
_DIGITS_RE = re.compile(r"[0-9]{1,9}")

# Browsers drop ASCII tab and newline anywhere in a URL and strip C0 controls and spaces at
# either end before they look for the scheme, so "java\tscript:" is "javascript:". Removing
# every such character before the check makes the check see what the browser sees.
_URL_IGNORED_RE = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME_RE = re.compile(r"([a-z][a-z0-9+.\-]*):")
_SLASHES = "/\\"

# C0 and C1 control characters except tab, line feed and carriage return.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")


# --- validation ----------------------------------------------------------------------------


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` (browsers) and lone ``\\r`` (old Mac files) both become ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _position(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line}, column {column}"


def validate_markdown(text: str) -> str:
    """Check Markdown a person typed; return it with newlines normalised.

    Raises ``ValidationError`` saying what to change. The length is counted after ``\\r\\n``
    becomes ``\\n``, the way a browser's ``maxlength`` counts, so text that fitted in the
    form is not refused here.
    """
    text = normalise_newlines(text)
    if not text.strip():
        raise ValidationError("Write some text: this is empty.", code="required")
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            "Shorten the text to at most %(limit)s characters (it has %(length)s).",
            code="max_length",
            params={"limit": f"{MAX_LENGTH:,}", "length": f"{len(text):,}"},
        )
    lines = text.count("\n") + (not text.endswith("\n"))
    if lines > MAX_LINES:
        raise ValidationError(
            "Use at most %(limit)s lines (this text has %(lines)s): join short lines into "
            "paragraphs, or split the text into several posts.",
            code="max_lines",
            params={"limit": f"{MAX_LINES:,}", "lines": f"{lines:,}"},
        )
    bad = _CONTROL_RE.search(text) or _SURROGATE_RE.search(text)
    if bad:
        char = bad.group()
        name = unicodedata.name(char, "control character")
        raise ValidationError(
            "Remove the invisible character U+%(code)04X (%(name)s) at %(where)s; "
            "only tabs and line breaks are allowed.",
            code="control_character",
            params={"code": ord(char), "name": name, "where": _position(text, bad.start())},
        )
    return text


# --- URL policy ----------------------------------------------------------------------------


def _normalised_url(value: str) -> str:
    # Entities are decoded until nothing changes (bounded), so "&amp;#106;avascript:"
    # is judged as "javascript:" even though a browser would decode it only once.
    for _ in range(3):
        decoded = html.unescape(value)
        if decoded == value:
            break
        value = decoded
    return _URL_IGNORED_RE.sub("", value).lower()


def is_allowed_url(value: str) -> bool:
    """True for http, https and mailto URLs and for relative ones (path, query, fragment).

    Anything with a scheme outside the allow-list is refused, and so is anything with a
    colon before its first ``/``, ``?`` or ``#`` that does not parse as an allowed scheme,
    because some browser might read it as one.
    """
    url = _normalised_url(value)
    match = _SCHEME_RE.match(url)
    if match:
        return match.group(1) in ALLOWED_SCHEMES
    head = re.split(r"[/\\?#]", url, maxsplit=1)[0]
    return ":" not in head


def is_external_url(value: str) -> bool:
    """True when following the link leaves the site: http(s) or protocol-relative ``//``."""
    url = _normalised_url(value)
    match = _SCHEME_RE.match(url)
    if match:
        return match.group(1) in EXTERNAL_SCHEMES
    # Browsers treat a backslash like a slash here, so "\\evil.example" leaves the site too.
    return len(url) >= 2 and url[0] in _SLASHES and url[1] in _SLASHES


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    if name in ("href", "src"):
        return tag == "a" and name == "href" and is_allowed_url(value)
    if tag == "a":
        # rel is set by _LinkRelFilter from the final href; a title is plain text.
        return name in ("title", "rel")
    if tag == "ol" and name == "start":
        return bool(_DIGITS_RE.fullmatch(value))
    if tag in ("th", "td") and name == "class":
        return value in _TABLE_ALIGN_CLASSES
    if tag == "code" and name == "class":
        return bool(_CODE_CLASS_RE.fullmatch(value))
    return False


class _LinkRelFilter(Filter):
    """Set rel on every link from its final href: external links get EXTERNAL_REL."""

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] == "StartTag" and token["name"] == "a":
                attrs = dict(token.get("data") or {})
                attrs.pop((None, "rel"), None)
                href = attrs.get((None, "href"))
                if href is not None and is_external_url(href):
                    attrs[(None, "rel")] = EXTERNAL_REL
                token["data"] = attrs
            yield token


class _LinearEtreeWalker(html5lib_shim.getTreeWalker("etree")):
    """html5lib's etree walker finds a node's position with ``list.index`` on every way
    back up, which is quadratic in the number of siblings (8,000 empty code blocks took
    over a second). This one remembers each parent's child positions once per walk."""

    def __init__(self, tree):
        super().__init__(tree)
        self._positions: dict[int, dict[int, int]] = {}

    def _position_in(self, parent, child) -> int:
        positions = self._positions.get(id(parent))
        if positions is None:
            positions = self._positions[id(parent)] = {id(c): i for i, c in enumerate(parent)}
        return positions[id(child)]

    def getParentNode(self, node):
        if not isinstance(node, tuple):
            return None
        element, key, parents, flag = node
        if flag == "text":
            return element if not parents else (element, key, parents, None)
        parent = parents.pop()
        if not parents:
            return parent
        return parent, self._position_in(parents[-1], parent), parents, None


# --- Markdown -------------------------------------------------------------------------------

_CONTAINER_OPENS = frozenset(
    {"blockquote_open", "bullet_list_open", "ordered_list_open", "list_item_open"}
)
_HEADING_TAGS = {"h1": "h3", "h2": "h4", "h3": "h5", "h4": "h6", "h5": "h6", "h6": "h6"}


def _inline_text(tokens: list[Token] | None) -> str:
    """An image's description as plain text, the way markdown-it builds an alt text."""
    out: list[str] = []
    stack = [iter(tokens or [])]
    while stack:
        token = next(stack[-1], None)
        if token is None:
            stack.pop()
        elif token.type in ("text", "code_inline"):
            out.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif token.type == "image" and token.children:
            stack.append(iter(token.children))
    return "".join(out)


def _image_as_link(image: Token, inside_link: bool) -> list[Token]:
    src = image.attrGet("src") or ""
    text = Token("text", "", 0, content=_inline_text(image.children) or str(src))
    if inside_link:
        # A link cannot hold another link: keep only the description.
        return [text]
    link_open = Token("link_open", "a", 1, markup="image")
    link_open.attrSet("href", src)
    title = image.attrGet("title")
    if title:
        link_open.attrSet("title", title)
    return [link_open, text, Token("link_close", "a", -1, markup="image")]


def _rewrite_inline(children: list[Token]) -> list[Token]:
    out: list[Token] = []
    link_depth = 0
    for token in children:
        if token.type == "link_open":
            link_depth += 1
        elif token.type == "link_close":
            link_depth = max(0, link_depth - 1)
        if token.type == "image":
            out.extend(_image_as_link(token, inside_link=link_depth > 0))
        else:
            out.append(token)
    return out


def _forum_rules(state: StateCore) -> None:
    """Rewrite the token stream into what the forum publishes (see the module docstring)."""
    limit = state.md.options["maxNesting"]
    for token in state.tokens:
        if token.type in _CONTAINER_OPENS and token.level + 1 >= limit:
            raise ValidationError(
                "Lists and quotes are nested too deeply to show; "
                "use fewer levels (at most %(levels)s quote levels or %(lists)s list levels).",
                code="nesting",
                params={"levels": limit - 1, "lists": (limit - 1) // 2},
            )
        if token.type in ("heading_open", "heading_close"):
            token.tag = _HEADING_TAGS.get(token.tag, "h6")
        elif token.type in ("th_open", "td_open"):
            style = token.attrs.pop("style", None)
            if isinstance(style, str) and style.startswith("text-align:"):
                token.attrSet("class", "align-" + style.removeprefix("text-align:"))
        elif token.type == "inline" and token.children:
            token.children = _rewrite_inline(token.children)


# Guards that keep markdown-it linear on hostile input; each is far beyond real posts.
# Unmatched "[" inside a link text: markdown-it rescans the rest of the paragraph for every
# "[" ("[[[[…" is quadratic); CommonMark already caps parentheses in a destination at 32.
MAX_LABEL_BRACKETS = 32
# Empty cells markdown-it adds to pad short table rows (its own cap is 65,536, i.e. 700 KB
# of empty cells from 32 KB of input); past it the table ends and the rest is paragraphs.
MAX_PADDED_TABLE_CELLS = 2_000
# How far back a bare URL's scheme and how far forward the URL itself are looked for.
_MAX_SCHEME = 32
_MAX_BARE_URL = 4_000
_SCHEME_TAIL_RE = re.compile(r"(?:^|[^a-z0-9.+-])([a-z][a-z0-9.+-]*)$", re.IGNORECASE)


def _parse_link_label(state: StateInline, start: int, disableNested: bool = False) -> int:  # noqa: N803
    """markdown-it's parseLinkLabel, giving up after MAX_LABEL_BRACKETS nested "["."""
    last_close = getattr(state, "forum_last_close", None)
    if last_close is None:
        last_close = state.forum_last_close = state.src.rfind("]")
    if last_close <= start:
        return -1  # no "]" left in the paragraph: "![![![…" fails at once
    old_pos = state.pos
    state.pos = start + 1
    level = 1
    label_end = -1
    while state.pos < state.posMax:
        marker = state.src[state.pos]
        if marker == "]":
            level -= 1
            if level == 0:
                label_end = state.pos
                break
        prev_pos = state.pos
        state.md.inline.skipToken(state)
        if marker == "[":
            if prev_pos == state.pos - 1:
                level += 1
                if level > MAX_LABEL_BRACKETS:
                    break
            elif disableNested:
                break
    state.pos = old_pos
    return label_end


# CommonMark lets implementations cap nested parentheses in a link destination
# (markdown-it: 32): every "[a](" rescans the parentheses after it, so "[a]([a]([a](…" costs
# the cap times the number of links. Real addresses nest two levels at most.
MAX_DESTINATION_PARENS = 8
_DESTINATION_STOP_RE = re.compile(r"[\x00-\x20\x7f()\\]")


def _parse_link_destination(string: str, pos: int, maximum: int):
    """markdown-it's parseLinkDestination with MAX_DESTINATION_PARENS, finding the end of
    a destination with a regular expression instead of a loop over every character."""
    if pos >= maximum or string[pos] == "<":
        return md_helpers.parseLinkDestination(string, pos, maximum)
    level = 0
    end = at = pos
    while True:
        stop = _DESTINATION_STOP_RE.search(string, at, maximum)
        if stop is None:
            end = maximum
            break
        char, at = stop.group(), stop.start()
        if char == "\\" and at + 1 < maximum:
            if string[at + 1] == " ":
                end = at
                break
            at += 2
            continue
        if char == "(":
            level += 1
            if level > MAX_DESTINATION_PARENS:
                return md_helpers.parseLinkDestination(string, pos, pos)  # not a destination
        elif char == ")":
            if level == 0:
                end = at
                break
            level -= 1
        elif char != "\\":
            end = at  # space or control character
            break
        at += 1
    if end == pos or level != 0:
        return md_helpers.parseLinkDestination(string, pos, pos)
    # The same function on the span found, so the result is built exactly as markdown-it's.
    return md_helpers.parseLinkDestination(string, pos, end)


def _linkify_inline(state: StateInline, silent: bool) -> bool:
    """markdown-it's inline linkify rule (bare ``scheme://`` URLs, found before emphasis so
    "_" in a URL stays literal), looking at a bounded window: the original searches all
    the pending text and copies the rest of the paragraph at every "://", which is
    quadratic in "http://http://…"."""
    pos, maximum = state.pos, state.posMax
    if (
        state.linkLevel > 0
        or pos + 3 > maximum
        or state.src[pos] != ":"
        or state.src[pos + 1] != "/"
        or state.src[pos + 2] != "/"
    ):
        return False
    tail = state.pending[-(_MAX_SCHEME + 1) :]
    match = _SCHEME_TAIL_RE.search(tail)
    if not match or (match.start(1) == 0 and len(state.pending) > len(tail)):
        return False
    proto = match.group(1)
    window = state.src[pos - len(proto) : pos + _MAX_BARE_URL]
    link = state.md.linkify.match_at_start(window)
    if not link or (link.last_index >= len(window) and pos + _MAX_BARE_URL < maximum):
        # No URL, or one longer than the window: leave it to the core linkify rule.
        return False
    url = link.url.rstrip("*")  # a trailing "*" closes emphasis, as in markdown-it
    full_url = state.md.normalizeLink(url)
    if not state.md.validateLink(full_url):
        return False
    if not silent:
        state.pending = state.pending[: -len(proto)]
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": full_url}
        token.markup = "linkify"
        token.info = "auto"
        token = state.push("text", "", 0)
        token.content = state.md.normalizeLinkText(url)
        token = state.push("link_close", "a", -1)
        token.markup = "linkify"
        token.info = "auto"
    state.pos += len(url) - len(proto)
    return True


# --- formatting budget ---------------------------------------------------------------------

_ESCAPED_CHARS_RE = re.compile(r'[<>&"]')
# Bare links found by scheme: each is matched with linkify-it's large expressions and
# becomes three tokens, so each is spent before the parse starts.
_BARE_LINK_RE = re.compile(r"://|www\.|mailto:", re.IGNORECASE)
_SPENT = "forum_formatting"


def _too_much_formatting(count: str) -> ValidationError:
    return ValidationError(
        "Simplify the formatting: a post can have at most %(limit)s pieces of formatting "
        "(paragraphs, headings, list items, table cells, links, emphasis, code spans, line "
        'breaks, stretches of text between them, and the characters < > & " which have to '
        "be escaped), and this text has %(count)s. Split it into several posts, or use "
        "less formatting.",
        code="formatting",
        params={"limit": f"{MAX_FORMATTING:,}", "count": count},
    )


def _spend(env: dict, pieces: int) -> None:
    spent = env[_SPENT] = env.get(_SPENT, 0) + pieces
    if spent > MAX_FORMATTING:
        raise _too_much_formatting(f"more than {MAX_FORMATTING:,}")


def _count_blocks(state: StateCore) -> None:
    """Spend the block tokens before the inline parser runs over their text."""
    _spend(state.env, len(state.tokens))


def _count_inline_steps(state: StateInline, silent: bool) -> bool:
    """First inline rule: every step of the inline parser (a text run, a mark tried as
    formatting) costs one piece, so a paragraph of 32,000 marks stops early instead of
    being parsed in full first. It never matches, so the other rules run as before."""
    _spend(state.env, 1)
    return False


# linkify-it's schemes, plus the "www." added in _add_www_links.
_LINK_START_RE = re.compile(r"(?:https?:|ftp:|mailto:|//|www\.)", re.IGNORECASE)


def _count_bare_links(state: StateCore) -> None:
    """Before linkify runs, spend three pieces (open, text, close) for every place in the
    text where a bare link could start, since linkify's work grows with the links found."""
    possible = 0
    for token in state.tokens:
        for child in token.children or ():
            if child.type == "text":
                possible += len(_LINK_START_RE.findall(child.content))
    _spend(state.env, 3 * possible)


_table_module = importlib.import_module("markdown_it.rules_block.table")
_markdown_it_table = _table_module.table


def _table(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:  # noqa: N803
    """markdown-it's table rule, refusing tables over MAX_TABLE_COLUMNS columns or
    MAX_TABLE_CELLS cells before it builds them."""
    if not _markdown_it_table(state, startLine, endLine, True):
        return False
    if silent:
        return True
    delimiter = _table_module.getLine(state, startLine + 1)
    columns = sum(1 for cell in delimiter.split("|") if cell.strip())
    if columns > MAX_TABLE_COLUMNS:
        raise ValidationError(
            "The table at line %(line)s has %(columns)s columns; use at most %(limit)s.",
            code="table_columns",
            params={"line": f"{startLine + 1:,}", "columns": f"{columns:,}",
                    "limit": MAX_TABLE_COLUMNS},
        )  # fmt: skip
    max_rows = MAX_TABLE_CELLS // columns - 1  # the header row counts too
    # One row more than allowed, to tell a table at the limit from one past it.
    matched = _markdown_it_table(state, startLine, min(endLine, startLine + 3 + max_rows), False)
    rows = state.line - startLine - 1
    if rows > max_rows + 1:
        raise ValidationError(
            "The table at line %(line)s is too big to show: use at most %(limit)s cells "
            "(rows × columns, with %(columns)s columns that is %(rows)s rows including the "
            "header). Split it into smaller tables.",
            code="table_cells",
            params={"line": f"{startLine + 1:,}", "limit": f"{MAX_TABLE_CELLS:,}",
                    "columns": columns, "rows": max_rows + 1},
        )  # fmt: skip
    return matched


def _add_www_links(linkify) -> None:
    """Bare links are found only after an explicit ``scheme://`` or ``www.``: guessing at
    "a.com" or "a@b.co" (linkify-it's fuzzy matching) is slow on text full of dots and @,
    and mistakes file names for domains."""
    linkify.set({"fuzzy_link": False, "fuzzy_email": False, "fuzzy_ip": False})
    tail = re.compile(linkify.re["src_host_port_strict"] + linkify.re["src_path"], re.I)

    def validate(self, text: str, pos: int) -> int:
        # linkify-it validates every "www." in the text, and each match runs to the end of
        # its link, so "www.www.www.…" would be quadratic. A "www." inside the link just
        # found is not a link of its own (linkify-it drops overlapping matches anyway).
        last = self.forum_www_last
        if last[0] is text and last[1] < pos < last[2]:
            return 0
        if last[0] is text and last[1] == pos:
            return last[2] - pos
        match = tail.match(text, pos, pos + _MAX_BARE_URL)
        if not match:
            return 0
        self.forum_www_last = (text, pos, match.end())
        return match.end() - pos

    def normalize(self, match) -> None:
        match.url = "http://" + match.url

    linkify.forum_www_last = (None, 0, 0)
    linkify.add(
        "www.",
        {
            "validate": types.MethodType(validate, linkify),
            "normalize": types.MethodType(normalize, linkify),
        },
    )


def _make_markdown() -> MarkdownIt:
    md = MarkdownIt(
        "commonmark",
        {"html": False, "linkify": True, "typographer": False, "maxNesting": MAX_NESTING},
    )
    md.enable(["table", "strikethrough", "linkify"])
    md.block.ruler.at("table", _table, {"alt": ["paragraph", "reference"]})
    md.inline.ruler.at("linkify", _linkify_inline)
    md.inline.ruler.before("text", "forum_budget", _count_inline_steps)
    _add_www_links(md.linkify)
    # Per instance, so no other user of markdown-it in the process is affected.
    md.helpers = SimpleNamespace(
        parseLinkLabel=_parse_link_label,
        parseLinkDestination=_parse_link_destination,
        parseLinkTitle=md_helpers.parseLinkTitle,
    )
    md.core.ruler.before("inline", "forum_budget", _count_blocks)
    md.core.ruler.before("linkify", "forum_budget_links", _count_bare_links)
    md.core.ruler.push("forum_rules", _forum_rules)
    # markdown-it reads this cap from its module, so it is set for the whole process; this
    # module is the only place the project renders Markdown.
    _table_module.MAX_AUTOCOMPLETED_CELLS = MAX_PADDED_TABLE_CELLS
    return md


def _make_cleaner() -> bleach.Cleaner:
    cleaner = bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=_allowed_attribute,
        # bleach's own check stays as a second lock; is_allowed_url is the one relied on.
        protocols=ALLOWED_SCHEMES,
        strip=True,
        strip_comments=True,
        filters=[_LinkRelFilter],
    )
    cleaner.walker = _LinearEtreeWalker
    return cleaner


# Neither markdown-it's linkify state nor bleach's parser is safe to share between threads.
_local = threading.local()


def _tools() -> tuple[MarkdownIt, bleach.Cleaner]:
    tools = getattr(_local, "tools", None)
    if tools is None:
        tools = _local.tools = (_make_markdown(), _make_cleaner())
    return tools


def render_markdown(text: str) -> str:
    """Markdown in, sanitised HTML out; ``ValidationError`` for text that must be changed."""
    text = validate_markdown(text)
    md, cleaner = _tools()
    env: dict = {}
    # Each of these becomes an entity of four to six characters, which bleach parses and
    # writes out again one by one.
    escaped = len(_ESCAPED_CHARS_RE.findall(text))
    _spend(env, escaped + 3 * len(_BARE_LINK_RE.findall(text)))
    # The parse stops as soon as the pieces spent so far (blocks, inline steps, possible
    # bare links) pass the budget; then what is rendered must fit in it too.
    tokens = md.parse(text, env)
    pieces = escaped + len(tokens) + sum(len(token.children or ()) for token in tokens)
    if pieces > MAX_FORMATTING:
        raise _too_much_formatting(f"{pieces:,}")
    return cleaner.clean(md.renderer.render(tokens, md.options, env)).strip()
