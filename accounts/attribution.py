"""How a person's contributions are credited, as they chose in their profile.

Every page and index that names the author of a contribution asks this module, so a person
who chose anonymity is never named (nor their organisation shown) anywhere.
"""

from accounts.models import Attribution


def credited_name_and_organisation(author) -> tuple[str, str]:
    """The name and the organisation the author's attribution shows ("" for each it hides)."""
    choice = author.default_attribution
    if choice == Attribution.NAME_AND_ORGANISATION:
        return str(author), author.organisation
    if choice == Attribution.ORGANISATION_ONLY:
        return "", author.organisation
    return "", ""


def attribution_for(author) -> str:
    """The credit line of a contribution: name and organisation as shown, or a participant
    of their stakeholder group when the attribution shows neither; a person who deleted
    their account is "A former participant"."""
    if author.deleted_at:
        return str(author)
    shown = ", ".join(part for part in credited_name_and_organisation(author) if part)
    if shown:
        return shown
    group = author.get_stakeholder_group_display()
    return f"A participant ({group})" if group else "A participant"
