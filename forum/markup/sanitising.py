"""The allow-list every rendered post passes through before it is stored.

markdown-it runs with raw HTML switched off, so its output holds only the tags it writes
itself; nh3 (ammonia) still parses that output as a browser would and keeps only the tags
and attributes below, as a lock that does not depend on the parser being right.
"""

import re

import nh3

from forum.markup.urls import ALLOWED_SCHEMES, EXTERNAL_REL, is_allowed_url

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h2", "h3", "h4", "h5", "h6",
        "em", "strong", "del", "s", "code", "pre", "blockquote",
        "ul", "ol", "li", "a",
        "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
# h2: a guidebook chapter's text starts its headings there, under the chapter's title (the
# page's h1). Markdown in a post cannot produce one (rendering moves `#` to h3) and typed
# HTML is escaped before it gets here.

# Attributes whose value _checked_value judges; the table alignment classes are a fixed set.
_ATTRIBUTES = {"a": {"href", "title", "rel"}, "ol": {"start"}, "code": {"class"}}
_TABLE_ALIGN_CLASSES = {"align-left", "align-center", "align-right"}
_TAG_ATTRIBUTE_VALUES = {
    "th": {"class": _TABLE_ALIGN_CLASSES},
    "td": {"class": _TABLE_ALIGN_CLASSES},
}
# The tags that open a top-level block, and the marks a guidebook chapter sets on them
# (rendering.BLOCK_ATTRIBUTES): `id="p-12" data-para="12"` and the class "para". Markdown
# cannot produce these attributes, and their values are checked below.
_BLOCK_TAGS = ("p", "pre", "blockquote", "ul", "ol", "table")
for _tag in _BLOCK_TAGS:
    _ATTRIBUTES[_tag] = _ATTRIBUTES.get(_tag, set()) | {"id", "data-para"}
    _TAG_ATTRIBUTE_VALUES[_tag] = {"class": {"para"}}

_CODE_CLASS_RE = re.compile(r"language-[A-Za-z0-9_+.#-]{1,40}")
_DIGITS_RE = re.compile(r"[0-9]{1,9}")
_PARAGRAPH_ID_RE = re.compile(r"p-[0-9]{1,9}")


def _checked_value(tag: str, name: str, value: str) -> str | None:
    """The attribute's value if it may stay, else None (nh3 then drops the attribute)."""
    if name == "href":
        return value if is_allowed_url(value) else None
    if name == "rel":
        # Set by the renderer on links that leave the site, from the same href.
        return value if value == EXTERNAL_REL else None
    if name == "id":
        return value if _PARAGRAPH_ID_RE.fullmatch(value) else None
    if name in ("start", "data-para"):
        return value if _DIGITS_RE.fullmatch(value) else None
    if name == "class":
        return value if tag != "code" or _CODE_CLASS_RE.fullmatch(value) else None
    return value  # a link's title is plain text


def sanitise(html: str) -> str:
    """The HTML with everything outside the allow-lists removed (text kept, tags dropped)."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes=_ATTRIBUTES,
        tag_attribute_values=_TAG_ATTRIBUTE_VALUES,
        attribute_filter=_checked_value,
        url_schemes=set(ALLOWED_SCHEMES),
        # rel comes from the renderer, which knows which links leave the site.
        link_rel=None,
        strip_comments=True,
    )
