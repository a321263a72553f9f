from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """The `backup` and `restore` commands; no models."""

    name = "backups"
    verbose_name = "Backups"
