"""Names that are data, in the reader's language.

Themes, tags and chapters are written in English; their names in other languages live in
a `translations` JSON column, {"fr": {"title": "…"}, "ru": {"title": "…"}}, filled by the
demo data (or by hand in the admin). Reading one falls back to the English column, so a
name nobody has translated yet still shows.
"""

from django.utils.translation import get_language


def translated(obj, field: str) -> str:
    """`obj.<field>` in the active language, or in English when it has no translation."""
    language = (get_language() or "").split("-")[0]
    value = (getattr(obj, "translations", None) or {}).get(language, {}).get(field)
    return value or getattr(obj, field)


def clean_translations(value, *, fields: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """A translations mapping from a data file, keeping only known fields with text."""
    cleaned: dict[str, dict[str, str]] = {}
    for language, names in (value or {}).items():
        kept = {f: str(names[f]).strip() for f in fields if str(names.get(f, "")).strip()}
        if kept:
            cleaned[str(language)] = kept
    return cleaned
