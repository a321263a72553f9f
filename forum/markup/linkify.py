"""Bare links: ``https://…``, ``mailto:…`` and ``www.…`` written without Markdown.

markdown-it finds them with linkify-it-py. ``linkify_inline`` replaces its inline
"linkify" rule (``md.inline.ruler.at``) with one that looks at a bounded window, and
``add_www_links`` configures linkify-it through its own ``set``/``add`` API.
"""

import re
import types

from markdown_it.rules_inline import StateInline

# How far back a bare URL's scheme and how far forward the URL itself are looked for.
_MAX_SCHEME = 32
_MAX_BARE_URL = 4_000
_SCHEME_TAIL_RE = re.compile(r"(?:^|[^a-z0-9.+-])([a-z][a-z0-9.+-]*)$", re.IGNORECASE)


def linkify_inline(state: StateInline, silent: bool) -> bool:
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


def add_www_links(linkify) -> None:
    """Bare links are found only after an explicit ``scheme://`` or ``www.``: guessing at
    "a.com" or "a@b.co" (linkify-it's fuzzy matching) is slow on text full of dots and @,
    and mistakes file names for domains."""
    linkify.set({"fuzzy_link": False, "fuzzy_email": False, "fuzzy_ip": False})
    tail = re.compile(linkify.re["src_host_port_strict"] + linkify.re["src_path"], re.I)
    # The "www." link found last: (text, start, end).
    last: tuple = (None, 0, 0)

    def validate(self, text: str, pos: int) -> int:
        # linkify-it validates every "www." in the text, and each match runs to the end of
        # its link, so "www.www.www.…" would be quadratic. A "www." inside the link just
        # found is not a link of its own (linkify-it drops overlapping matches anyway).
        nonlocal last
        if last[0] is text and last[1] < pos < last[2]:
            return 0
        if last[0] is text and last[1] == pos:
            return last[2] - pos
        match = tail.match(text, pos, pos + _MAX_BARE_URL)
        if not match:
            return 0
        last = (text, pos, match.end())
        return match.end() - pos

    def normalize(self, match) -> None:
        match.url = "http://" + match.url

    linkify.add(
        "www.",
        {
            "validate": types.MethodType(validate, linkify),
            "normalize": types.MethodType(normalize, linkify),
        },
    )
