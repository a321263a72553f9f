"""The OSCE participating States and Partners for Co-operation, as profile choices."""

import json
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

OTHER = "other"

GROUP_LABELS = {
    "participating_state": _("OSCE participating States"),
    "mediterranean_partner": _("Mediterranean Partners for Co-operation"),
    "asian_partner": _("Asian Partners for Co-operation"),
}


@cache
def countries() -> list[dict]:
    path = Path(__file__).parent / "data" / "osce_states.json"
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def country_names() -> dict[str, str]:
    names = {c["code"]: c["name"] for c in countries()}
    names[OTHER] = "Other / none"
    return names


@cache
def country_groups() -> dict[str, str]:
    """Code → group (participating_state, mediterranean_partner, asian_partner)."""
    return {c["code"]: c["group"] for c in countries()}


def country_choices() -> list:
    """Grouped choices for a select: one optgroup per OSCE group, then "other / none"."""
    grouped = []
    for group, label in GROUP_LABELS.items():
        members = sorted(
            ((c["code"], c["name"]) for c in countries() if c["group"] == group),
            key=lambda item: item[1],
        )
        grouped.append((label, members))
    grouped.append((OTHER, _("Other / none")))
    return grouped
