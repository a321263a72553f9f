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
    return md


# markdown-it's linkify state is not safe to share between threads.
_local = threading.local()


def _markdown() -> MarkdownIt:
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = _make_markdown()
    return md


def render_markdown(text: str) -> str:
    """Markdown in, sanitised HTML out; ``ValidationError`` for text that must be changed."""
    text = validate_markdown(text)
    md = _markdown()
    env: dict = {}
    escaped = limits.spend_on_text(env, text)
    # The parse stops as soon as the pieces spent so far (blocks, inline steps, possible
    # bare links) pass the budget; then what is rendered must fit in it too.
    tokens = md.parse(text, env)
    limits.check_rendered_size(tokens, escaped)
    return sanitise(md.renderer.render(tokens, md.options, env)).strip()
