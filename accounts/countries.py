"""The OSCE participating States and Partners for Co-operation, as profile choices.

Their names, in English as the OSCE writes them and in the site's other languages, are in
data/osce_states.json (the other languages from the Unicode CLDR, through Babel 2.18, with
the OSCE's own forms where it differs: Holy See, Russian Federation, Republic of Korea…);
every name shown is in the active language.
"""

import json
import unicodedata
from functools import cache
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext as gettext_now
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


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def _name(country: dict, language: str) -> str:
    return country.get("names", {}).get(language) or country["name"]


def _sort_key(name: str) -> str:
    """Alphabetical whatever the accents ("Égypte" among the E)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@cache
def _names_in(language: str) -> dict[str, str]:
    return {c["code"]: _name(c, language) for c in countries()}


def country_names() -> dict[str, str]:
    """Code → name in the active language, "other / none" included."""
    return {**_names_in(_language()), OTHER: gettext_now("Other / none")}


def country_members(group: str) -> list[tuple[str, str]]:
    """The (code, name) pairs of one OSCE group, in the active language's alphabetical order."""
    names = _names_in(_language())
    members = [(c["code"], names[c["code"]]) for c in countries() if c["group"] == group]
    return sorted(members, key=lambda item: _sort_key(item[1]))


@cache
def country_groups() -> dict[str, str]:
    """Code → group (participating_state, mediterranean_partner, asian_partner)."""
    return {c["code"]: c["group"] for c in countries()}


def country_choices() -> list:
    """Grouped choices for a select: one optgroup per OSCE group, then "other / none"."""
    grouped = [(label, country_members(group)) for group, label in GROUP_LABELS.items()]
    grouped.append((OTHER, _("Other / none")))
    return grouped
