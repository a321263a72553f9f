"""Links and images, parsed the way markdown-it's own rules do but in bounded time.

markdown-it's link rule rescans the rest of a paragraph for every unmatched "[" ("[[[[…" is
quadratic) and accepts 32 levels of parentheses in a destination. The rules here replace
its "link" and "image" rules (``md.inline.ruler.at``) with the same parsing and two caps
no real post reaches, so hostile text costs time in proportion to its length.
"""

import re

from markdown_it.common.utils import normalizeReference
from markdown_it.helpers import parseLinkDestination, parseLinkTitle
from markdown_it.rules_inline import StateInline

# Unmatched "[" inside a link text: past this many nested "[", the text is not a label.
MAX_LABEL_BRACKETS = 32
_LAST_CLOSE = "forum_last_close"


def parse_link_label(state: StateInline, start: int, disable_nested: bool = False) -> int:
    """markdown-it's parseLinkLabel, giving up after MAX_LABEL_BRACKETS nested "["."""
    # Where the paragraph's last "]" is, found once per paragraph: with none left after
    # ``start`` there is no label, so "![![![…" fails at once instead of scanning on.
    last_close = state.env.get(_LAST_CLOSE)
    if last_close is None or last_close[0] is not state.src:
        last_close = state.env[_LAST_CLOSE] = (state.src, state.src.rfind("]"))
    if last_close[1] <= start:
        return -1
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
            elif disable_nested:
                break
    state.pos = old_pos
    return label_end


# CommonMark lets implementations cap nested parentheses in a link destination
# (markdown-it: 32): every "[a](" rescans the parentheses after it, so "[a]([a]([a](…" costs
# the cap times the number of links. Real addresses nest two levels at most.
MAX_DESTINATION_PARENS = 8
_DESTINATION_STOP_RE = re.compile(r"[\x00-\x20\x7f()\\]")


def parse_link_destination(string: str, pos: int, maximum: int):
    """markdown-it's parseLinkDestination with MAX_DESTINATION_PARENS, finding the end of
    a destination with a regular expression instead of a loop over every character."""
    if pos >= maximum or string[pos] == "<":
        return parseLinkDestination(string, pos, maximum)
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
                return parseLinkDestination(string, pos, pos)  # not a destination
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
        return parseLinkDestination(string, pos, pos)
    # The same function on the span found, so the result is built exactly as markdown-it's.
    return parseLinkDestination(string, pos, end)


def _skip_spaces(src: str, pos: int, maximum: int) -> int:
    while pos < maximum and src[pos] in " \t\n":
        pos += 1
    return pos


def _inline_target(state: StateInline, pos: int, *, image: bool) -> tuple[str, str, int]:
    """The href, title and end of ``(<href> "title")`` starting at ``pos`` (the "("); the
    end is where the ")" should be. Images look for a title even without a destination,
    links do not (as in markdown-it)."""
    src, maximum = state.src, state.posMax
    pos = _skip_spaces(src, pos + 1, maximum)
    href = title = ""
    res = parse_link_destination(src, pos, maximum)
    if res.ok:
        href = state.md.normalizeLink(res.str)
        if state.md.validateLink(href):
            pos = res.pos
        else:
            href = ""
    if res.ok or image:
        start = pos
        pos = _skip_spaces(src, pos, maximum)
        res = parseLinkTitle(src, pos, maximum, None)
        if pos < maximum and start != pos and res.ok:
            title = res.str
            pos = _skip_spaces(src, res.pos, maximum)
    return href, title, pos


def _reference_target(
    state: StateInline, pos: int, label_start: int, label_end: int
) -> tuple[str, str, int, str] | None:
    """The href, title, end and label of a reference link (``[text][label]``, ``[label][]``
    or ``[label]``), or None if no such reference is defined."""
    if "references" not in state.env:
        return None
    label = None
    if pos < state.posMax and state.src[pos] == "[":
        end = parse_link_label(state, pos)
        if end >= 0:
            label, pos = state.src[pos + 1 : end], end + 1
        else:
            pos = label_end + 1
    else:
        pos = label_end + 1
    label = label or state.src[label_start:label_end]
    ref = state.env["references"].get(normalizeReference(label))
    if not ref:
        return None
    return ref["href"], ref["title"], pos, label


def link(state: StateInline, silent: bool) -> bool:
    """markdown-it's "link" rule with the bounded label and destination parsers."""
    if state.src[state.pos] != "[":
        return False
    maximum = state.posMax
    label_start = state.pos + 1
    label_end = parse_link_label(state, state.pos, True)
    if label_end < 0:
        return False
    pos, label = label_end + 1, None
    parse_reference = True
    if pos < maximum and state.src[pos] == "(":
        parse_reference = False
        if _skip_spaces(state.src, pos + 1, maximum) >= maximum:
            return False
        href, title, pos = _inline_target(state, pos, image=False)
        if pos >= maximum or state.src[pos] != ")":
            parse_reference = True
        pos += 1
    if parse_reference:
        target = _reference_target(state, pos, label_start, label_end)
        if target is None:
            return False
        href, title, pos, label = target
    if not silent:
        state.pos, state.posMax = label_start, label_end
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": href}
        if title:
            token.attrSet("title", title)
        if label and state.md.options.get("store_labels", False):
            token.meta["label"] = label
        state.linkLevel += 1
        state.md.inline.tokenize(state)
        state.linkLevel -= 1
        state.push("link_close", "a", -1)
    state.pos, state.posMax = pos, maximum
    return True


def image(state: StateInline, silent: bool) -> bool:
    """markdown-it's "image" rule with the bounded label and destination parsers."""
    if state.src[state.pos] != "!":
        return False
    maximum = state.posMax
    if state.pos + 1 < maximum and state.src[state.pos + 1] != "[":
        return False
    label_start = state.pos + 2
    label_end = parse_link_label(state, state.pos + 1, False)
    if label_end < 0:
        return False
    pos, label = label_end + 1, None
    if pos < maximum and state.src[pos] == "(":
        if _skip_spaces(state.src, pos + 1, maximum) >= maximum:
            return False
        href, title, pos = _inline_target(state, pos, image=True)
        if pos >= maximum or state.src[pos] != ")":
            return False
        pos += 1
    else:
        target = _reference_target(state, pos, label_start, label_end)
        if target is None:
            return False
        href, title, pos, label = target
    if not silent:
        content = state.src[label_start:label_end]
        tokens: list = []
        state.md.inline.parse(content, state.md, state.env, tokens)
        token = state.push("image", "img", 0)
        token.attrs = {"src": href, "alt": ""}
        token.children = tokens or None
        token.content = content
        if title:
            token.attrSet("title", title)
        if label and state.md.options.get("store_labels", False):
            token.meta["label"] = label
    state.pos, state.posMax = pos, maximum
    return True
