"""The guidebook pages, one module per noun."""

from guidebook.views.chapters import chapter_detail, chapter_state, compare, home
from guidebook.views.drafting import (
    draft_autosave,
    draft_autosave_discard,
    draft_edit,
    publish,
)
from guidebook.views.export import (
    chapter_export_docx,
    export_chapter,
    export_chapter_pdf,
    export_comments,
    export_docx,
    export_guidebook,
    export_guidebook_pdf,
    export_links,
)
from guidebook.views.outcomes import (
    chapter_report,
    comment_outcome,
    link_outcome,
    my_input,
    outcomes_confirm,
)
from guidebook.views.pool import link_create, link_delete, link_detail, link_refresh, pool
from guidebook.views.review import (
    comment_create,
    comment_reply,
    comment_respond,
    review_open,
    suggestion_apply,
    suggestion_decline,
    version_detail,
)

__all__ = [
    "draft_autosave",
    "draft_autosave_discard",
    "chapter_detail",
    "chapter_export_docx",
    "chapter_report",
    "chapter_state",
    "comment_create",
    "comment_outcome",
    "comment_reply",
    "comment_respond",
    "compare",
    "draft_edit",
    "export_chapter",
    "export_chapter_pdf",
    "export_docx",
    "export_guidebook",
    "export_guidebook_pdf",
    "export_comments",
    "export_links",
    "home",
    "link_create",
    "link_delete",
    "link_detail",
    "link_outcome",
    "link_refresh",
    "my_input",
    "outcomes_confirm",
    "suggestion_apply",
    "suggestion_decline",
    "pool",
    "publish",
    "review_open",
    "version_detail",
]
