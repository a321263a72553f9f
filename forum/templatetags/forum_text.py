"""`{{ post|excerpt }}`: a post's opening words as plain text, never its Markdown or HTML.

Every list of posts (search, tags, profiles, review queues, the guidebook pool) shows this
excerpt, so a list never shows Markdown syntax and never cuts HTML mid-tag. The result is
plain text and autoescaped like any other.
"""

from django import template

from forum.markup.text import excerpt as plain_excerpt

register = template.Library()


@register.filter
def excerpt(post, words: int = 40) -> str:
    return plain_excerpt(getattr(post, "body_html", ""), words=int(words))
