from django.db import models
from django.utils.translation import gettext_lazy as _


class FigureSnapshot(models.Model):
    """The dashboard's and the public report's figures in one language, as a background
    task last counted them (participation/services.py).

    Counting every contribution a dozen ways takes seconds at 100,000 posts, too long for a
    page to wait on; the pages show the last snapshot instead and ask for a new one when it
    ages. It is kept in the database rather than the cache so that a worker process
    (django-tasks-db's `db_worker`) and the web processes see the same one whatever cache
    they are configured with. `figures` holds both pages' figures as JSON
    (participation/codec.py).
    """

    language = models.CharField(_("language"), max_length=16, unique=True)
    counted_at = models.DateTimeField(_("counted at"))
    figures = models.JSONField(_("figures"))

    class Meta:
        verbose_name = _("figure snapshot")
        verbose_name_plural = _("figure snapshots")

    def __str__(self) -> str:
        return f"{self.language} @ {self.counted_at:%Y-%m-%d %H:%M}"
