"""Every change to the guidebook goes through these functions, one module per noun."""

from guidebook.services.autosave import autosave_draft, discard_autosave
from guidebook.services.chapters import assign_drafter, remove_drafter, set_chapter_state
from guidebook.services.common import require
from guidebook.services.drafting import (
    DraftConflict,
    get_draft,
    preview_draft,
    publish_version,
    save_draft,
)
from guidebook.services.links import link_contribution, refresh_link, unlink_contribution
from guidebook.services.outcomes import (
    confirm_proposed_outcomes,
    record_comment_outcome,
    record_link_outcome,
)
from guidebook.services.review import add_comment, open_review, reply_to_comment
from guidebook.services.suggestions import apply_suggestion, decline_suggestion

__all__ = [
    "add_comment",
    "open_review",
    "reply_to_comment",
    "apply_suggestion",
    "confirm_proposed_outcomes",
    "decline_suggestion",
    "DraftConflict",
    "assign_drafter",
    "autosave_draft",
    "discard_autosave",
    "preview_draft",
    "get_draft",
    "link_contribution",
    "publish_version",
    "record_comment_outcome",
    "record_link_outcome",
    "refresh_link",
    "remove_drafter",
    "require",
    "save_draft",
    "set_chapter_state",
    "unlink_contribution",
]
