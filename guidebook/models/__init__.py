"""The guidebook's rows, one module per noun."""

from guidebook.models.chapters import (
    Chapter,
    ChapterVersion,
    Draft,
    DraftAutosave,
    DrafterChange,
    Section,
)
from guidebook.models.exports import ExportFile
from guidebook.models.links import ContributionLink
from guidebook.models.outcomes import Outcome, OutcomeRecord
from guidebook.models.review import CommentAnchor, ReviewComment, ReviewInvitation, ReviewRound

__all__ = [
    "Chapter",
    "ChapterVersion",
    "CommentAnchor",
    "ContributionLink",
    "Draft",
    "DraftAutosave",
    "DrafterChange",
    "ExportFile",
    "Outcome",
    "OutcomeRecord",
    "ReviewComment",
    "ReviewInvitation",
    "ReviewRound",
    "Section",
]
