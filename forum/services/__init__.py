"""Every write to the forum, one module per noun: threads, posts (and their content), tags,
notifications. Views, commands, admin actions, other apps and tests call these functions."""

from forum.services.content import (
    OUTCOME_MAX_LENGTH,
    STRUCTURED_FIELDS,
    TITLE_MAX_LENGTH,
    preview_markdown,
)
from forum.services.notifications import notify
from forum.services.posts import DUPLICATE_WINDOW, author_language, edit_post, reply
from forum.services.threads import start_thread

__all__ = [
    "DUPLICATE_WINDOW",
    "author_language",
    "OUTCOME_MAX_LENGTH",
    "STRUCTURED_FIELDS",
    "TITLE_MAX_LENGTH",
    "edit_post",
    "notify",
    "preview_markdown",
    "reply",
    "start_thread",
]
