"""The controlled tag vocabulary: loading it from the file it ships in.

The vocabulary ships as `forum/data/tags.json` (a list of {facet, name, slug, description,
translations: {language: {name, description}}});
administrators then manage it in the Django admin. Loading is keyed on the slug, so running
it again after an administrator has edited a tag restores the shipped wording but never
removes a tag: posts may carry it, and PostTag protects it.
"""

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from common.translations import clean_translations
from forum.models import Tag
from forum.search import index_tags

VOCABULARY_FILE = Path(__file__).resolve().parent.parent / "data" / "tags.json"
_FIELDS = ("facet", "name", "slug", "description")


def read_vocabulary_file(path: Path | None = None) -> list[dict[str, Any]]:
    with open(path or VOCABULARY_FILE, encoding="utf-8") as handle:
        return json.load(handle)


def _validated(entry: dict[str, Any]) -> dict[str, str]:
    missing = [f for f in ("facet", "name", "slug") if not entry.get(f)]
    if missing:
        raise ValidationError(f"Tag entry {entry!r} lacks {', '.join(missing)}.")
    if entry["facet"] not in Tag.Facet.values:
        raise ValidationError(
            f"Tag {entry['slug']!r} has the unknown facet {entry['facet']!r}; "
            f"use one of {', '.join(Tag.Facet.values)}."
        )
    return {f: str(entry.get(f, "")).strip() for f in _FIELDS} | {
        "translations": clean_translations(
            entry.get("translations"), fields=("name", "description")
        )
    }


@transaction.atomic
def load_vocabulary(*, data: list[dict[str, Any]] | None = None) -> int:
    """Creates or updates the tags in `data` (the bundled vocabulary when None).

    Returns how many tags were created, so a second run returns 0. Every entry is checked
    before anything is written: a bad file changes nothing.
    """
    entries = [_validated(e) for e in (read_vocabulary_file() if data is None else data)]
    existing = {t.slug: t for t in Tag.objects.filter(slug__in=[e["slug"] for e in entries])}
    created, renamed = 0, []
    for entry in entries:
        tag = existing.get(entry["slug"])
        if tag is None:
            Tag.objects.create(**entry)
            created += 1
            continue
        changed = [
            f
            for f in ("facet", "name", "description", "translations")
            if getattr(tag, f) != entry[f]
        ]
        if changed:
            for field in changed:
                setattr(tag, field, entry[field])
            tag.save(update_fields=changed)
            if "name" in changed:
                renamed.append(tag.pk)
    # Posts are found by the names of their tags.
    index_tags(renamed)
    return created
