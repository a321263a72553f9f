"""Bringing stored HTML up to date after the markup rules change.

HTML is rendered once, at write time, and stored beside its Markdown; a release that
changes the rules (a new sanitiser, a markdown-it-py upgrade) leaves older rows rendered
the old way until they are rendered again. Every app whose models hold HTML made from
Markdown registers them here at start-up (``AppConfig.ready``), so forum can re-render
rows of apps it may not import. ``rerender_markup`` is what the management command runs.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction

from forum.markup.rendering import render_markdown


@dataclass(frozen=True)
class StoredMarkup:
    model: type[models.Model]
    html_field: str
    # The row's HTML as it would be rendered now; raises ValidationError if it cannot be.
    render: Callable[[models.Model], str]
    select_related: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.model._meta.label}.{self.html_field}"


_registry: dict[str, StoredMarkup] = {}


def register(
    model: type[models.Model],
    *,
    html_field: str,
    source_field: str | None = None,
    render: Callable[[models.Model], str] | None = None,
    select_related: tuple[str, ...] = (),
) -> None:
    """Declare that ``model.html_field`` holds HTML rendered from Markdown: either plain
    ``render_markdown`` of ``source_field``, or whatever ``render(row)`` returns (for HTML
    built from more than one field, such as a chapter with its notes)."""
    if (source_field is None) == (render is None):
        raise ValueError("Give either source_field or render.")
    if render is None:

        def render(row, field=source_field):
            return render_markdown(getattr(row, field))

    entry = StoredMarkup(model, html_field, render, tuple(select_related))
    _registry[entry.label] = entry


def registered() -> list[StoredMarkup]:
    return list(_registry.values())


@dataclass
class RerenderOutcome:
    label: str
    checked: int = 0
    changed: int = 0
    # Rows whose Markdown the current rules refuse; their stored HTML is left as it is.
    refused: list[int] | None = None


def _batches(entry: StoredMarkup, batch_size: int) -> Iterator[list[models.Model]]:
    """The rows in primary-key order, a batch at a time, without one long-held cursor."""
    rows = entry.model._default_manager.order_by("pk")
    if entry.select_related:
        rows = rows.select_related(*entry.select_related)
    last = None
    while True:
        batch = list((rows if last is None else rows.filter(pk__gt=last))[:batch_size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def _rerender_one(entry: StoredMarkup, *, dry_run: bool, batch_size: int) -> RerenderOutcome:
    outcome = RerenderOutcome(entry.label, refused=[])
    manager = entry.model._default_manager
    for batch in _batches(entry, batch_size):
        changed: list[tuple[int, str, str]] = []
        for row in batch:
            outcome.checked += 1
            try:
                html = entry.render(row)
            except ValidationError:
                outcome.refused.append(row.pk)
                continue
            if html != getattr(row, entry.html_field):
                changed.append((row.pk, getattr(row, entry.html_field), html))
        if dry_run:
            outcome.changed += len(changed)
            continue
        with transaction.atomic():
            for pk, old, html in changed:
                # Only if the row still holds the HTML read above: a row edited meanwhile
                # was rendered by the current rules already, from its newer text.
                stale = manager.filter(pk=pk, **{entry.html_field: old})
                outcome.changed += stale.update(**{entry.html_field: html})
    return outcome


def rerender_markup(*, dry_run: bool = False, batch_size: int = 200) -> list[RerenderOutcome]:
    """Render every registered row again and save those whose HTML changed (none with
    ``dry_run``). Only the HTML field is written, so nothing else a row holds is touched."""
    return [_rerender_one(entry, dry_run=dry_run, batch_size=batch_size) for entry in registered()]
