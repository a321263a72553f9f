"""Markdown to the HTML the forum publishes.

markdown-it-py parses CommonMark plus tables, strikethrough and bare-URL links, with raw
HTML switched off, so ``<script>`` typed in a post is shown as text. A core rule then
rewrites the token stream: images become links to the image (embedding a remote image
would tell its host the address of every reader), headings move two levels down so a
post's ``#`` never competes with the page's own ``<h1>``/``<h2>`` (h1 → h3, h2 → h4,
h3 → h5, deeper → h6), table alignment becomes a class instead of an inline style, a link
whose address is refused keeps its text and loses the address, and links that leave the
site get ``rel="nofollow ugc noopener noreferrer"``. Every change to markdown-it's
behaviour goes through its rule API on one instance, so no other user of the library in
the process is affected.

``parse_markdown`` and ``render_tokens`` are the two halves of ``render_markdown``, for a
caller that marks the parsed blocks before they are rendered (the guidebook gives each
paragraph of a chapter its id); whatever it marks still passes the same sanitiser.
"""

import threading

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from forum.markup import limits, linkify, links
from forum.markup.limits import MAX_NESTING, validate_markdown
from forum.markup.sanitising import sanitise
from forum.markup.urls import EXTERNAL_REL, is_allowed_url, is_external_url

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


def _set_link_policy(token: Token) -> None:
    href = token.attrGet("href")
    if href is None:
        return
    if not is_allowed_url(str(href)):
        del token.attrs["href"]
    elif is_external_url(str(href)):
        token.attrSet("rel", EXTERNAL_REL)


def _forum_rules(state: StateCore) -> None:
    """Rewrite the token stream into what the forum publishes (see the module docstring)."""
    limits.check_nesting(state)
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = _HEADING_TAGS.get(token.tag, "h6")
        elif token.type in ("th_open", "td_open"):
            style = token.attrs.pop("style", None)
            if isinstance(style, str) and style.startswith("text-align:"):
                token.attrSet("class", "align-" + style.removeprefix("text-align:"))
        elif token.type == "inline" and token.children:
            token.children = _rewrite_inline(token.children)
            for child in token.children:
                if child.type == "link_open":
                    _set_link_policy(child)


# Attributes a caller may set on a top-level block (see ``parse_markdown``); on a fenced
# code block they belong on the <pre>, where markdown-it would put them on the <code>.
BLOCK_ATTRIBUTES = ("id", "class", "data-para")


def _fence(renderer, tokens: list[Token], idx: int, options, env) -> str:
    token = tokens[idx]
    outer = {name: token.attrs.pop(name) for name in BLOCK_ATTRIBUTES if name in token.attrs}
    try:
        html = type(renderer).fence(renderer, tokens, idx, options, env)
    finally:
        token.attrs.update(outer)
    if not outer:
        return html
    return "<pre" + renderer.renderAttrs(Token("", "", 0, attrs=outer)) + html.removeprefix("<pre")


def _make_markdown() -> MarkdownIt:
    md = MarkdownIt(
        "commonmark",
        {"html": False, "linkify": True, "typographer": False, "maxNesting": MAX_NESTING},
    )
    md.enable(["table", "strikethrough", "linkify"])
    md.block.ruler.at("table", limits.table, {"alt": ["paragraph", "reference"]})
    md.inline.ruler.at("link", links.link)
    md.inline.ruler.at("image", links.image)
    md.inline.ruler.at("linkify", linkify.linkify_inline)
    md.inline.ruler.before("text", "forum_budget", limits.count_inline_steps)
    linkify.add_www_links(md.linkify)
    md.core.ruler.before("inline", "forum_budget", limits.count_blocks)
    md.core.ruler.before("linkify", "forum_budget_links", limits.count_bare_links)
    md.core.ruler.push("forum_rules", _forum_rules)
    md.add_render_rule("fence", _fence)
    return md


# markdown-it's linkify state is not safe to share between threads.
_local = threading.local()


def _markdown() -> MarkdownIt:
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = _make_markdown()
    return md


def parse_markdown(text: str, *, scale: int = 1) -> tuple[str, list[Token], dict]:
    """The text validated (newlines normalised) and parsed by the forum's rules: the text,
    its tokens and the parse's environment, for ``render_tokens``.

    A caller may set ``BLOCK_ATTRIBUTES`` on top-level block tokens before rendering; the
    sanitiser keeps only the values it knows (``sanitising``). ``scale`` multiplies the
    limits (see ``validate_markdown``) for texts longer than a post.
    """
    text = validate_markdown(text, scale=scale)
    env: dict = {}
    env[_ESCAPED] = limits.spend_on_text(env, text, scale=scale)
    # The parse stops as soon as the pieces spent so far (blocks, inline steps, possible
    # bare links) pass the budget; then what is rendered must fit in it too.
    tokens = _markdown().parse(text, env)
    limits.check_rendered_size(env, tokens, env[_ESCAPED])
    return text, tokens, env


def render_tokens(tokens: list[Token], env: dict) -> str:
    """Sanitised HTML of tokens from ``parse_markdown``."""
    md = _markdown()
    return sanitise(md.renderer.render(tokens, md.options, env)).strip()


_ESCAPED = "forum_escaped"


def render_markdown(text: str) -> str:
    """Markdown in, sanitised HTML out; ``ValidationError`` for text that must be changed."""
    _text, tokens, env = parse_markdown(text)
    return render_tokens(tokens, env)
