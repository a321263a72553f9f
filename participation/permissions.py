"""Who may read the participation figures.

The dashboard breaks the consultation down by stakeholder group, gender and country for the
people who run it: the moderators of every unit and the administrators. The public report
(headline figures, suppressed in the same way) is for everyone and needs no rule.
"""

from moderation.permissions import is_moderation_staff


def can_view_dashboard(user) -> bool:
    return is_moderation_staff(user)
