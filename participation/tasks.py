"""Background work for the participation pages, through Django's tasks framework
(settings.TASKS): in-process in tests and `make run`, `db_worker` in production."""

from django.tasks import task


@task
def refresh_figures_task(*, language: str, requested_at: str | None = None) -> str:
    """Counts the dashboard's and the report's figures in `language` and stores them
    (participation/services.py). Returns when the stored figures were counted."""
    from datetime import datetime

    from participation.services import refresh_figures

    since = datetime.fromisoformat(requested_at) if requested_at else None
    return refresh_figures(language=language, unless_counted_since=since).counted_at.isoformat()
