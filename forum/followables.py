"""What a person can follow, by kind: forum's threads, themes and tags here, and the
guidebook's chapters, which guidebook registers in its `AppConfig.ready` (forum may not
import guidebook).

`Follow` rows store a target as its kind and id; this registry turns a model instance into
that pair and a kind back into its model, so the services, selectors and views that deal
with follows never name another app's models.
"""

from django.db.models import Model

from forum.models import Follow, Tag, Theme, Thread

_MODELS: dict[str, type[Model]] = {}


def register(kind: str, model: type[Model]) -> None:
    if kind not in Follow.Target.values:
        raise ValueError(f"Unknown kind of follow target: {kind!r}")
    _MODELS[kind] = model


def model_for(kind: str) -> type[Model] | None:
    """The model of `kind`, or None when no app registered it."""
    return _MODELS.get(kind)


def target_of(obj: Model) -> tuple[str, int]:
    """(kind, id) of a followable object; TypeError for anything else."""
    for kind, model in _MODELS.items():
        if isinstance(obj, model):
            return kind, obj.pk
    raise TypeError(f"{type(obj).__name__} cannot be followed")


register(Follow.Target.THREAD, Thread)
register(Follow.Target.THEME, Theme)
register(Follow.Target.TAG, Tag)
