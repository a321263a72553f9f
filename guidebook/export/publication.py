"""What the exports print about the publication itself: its title, subtitle, the units that
publish it, its status and date. Every export (HTML, PDF, DOCX) reads them from here.

The publishers are fixed here rather than read from moderation's units: the guidebook app
does not import moderation, and an imprint is an editorial fact of the book, not the list
of units that happen to moderate the forum today (a unit added for moderation, or renamed,
must not change what a printed edition says it was published by). Changing any of this text
changes every export: raise `EXPORT_FORMAT_REVISION` in `guidebook.export.html` with it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from guidebook.models import Chapter

TITLE = _(
    "Preventing Terrorism and Countering Violent Extremism and Radicalization that Lead to "
    "Terrorism: a Community Policing Approach"
)
SUBTITLE = _("A guidebook drawn from the OSCE online expert consultation")
ORGANISATION = _("Organization for Security and Co-operation in Europe")


@dataclass(frozen=True)
class Publisher:
    code: str
    name: str


PUBLISHERS = (
    Publisher("TNT/ATU", _("Action against Terrorism Unit, Transnational Threats Department")),
    Publisher("TNT/SPMU", _("Strategic Police Matters Unit, Transnational Threats Department")),
    Publisher("ODIHR", _("Office for Democratic Institutions and Human Rights")),
)


def is_final(chapters: list[Chapter], *, published: set[int]) -> bool:
    """Final only when every chapter shown is final and has a published text: one chapter
    still drafting or in review keeps the whole document a draft for consultation.
    `published` holds the pks of the chapters that have a published version."""
    return bool(chapters) and all(
        c.state == Chapter.State.FINAL and c.pk in published for c in chapters
    )


def status_label(*, final: bool) -> str:
    return str(_("Final text") if final else _("Draft for consultation"))
