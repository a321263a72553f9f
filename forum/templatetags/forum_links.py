"""`{% pk_url "forum:post_edit" post.pk %}`: `{% url "forum:post_edit" pk=post.pk %}` for
links repeated on every post of a page, without a reverse() each (forum/urlmaker.py)."""

from django import template

from forum.urlmaker import pk_url as make_pk_url

register = template.Library()


@register.simple_tag
def pk_url(name: str, pk) -> str:
    return make_pk_url(name, pk)
