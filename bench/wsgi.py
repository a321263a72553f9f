"""The project's WSGI application as `make bench-http` serves it: the same settings, with
the floor view added (bench/floor.py) and static files named as in development, so the
pages need no collectstatic run (wrk fetches the pages, never the files)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.conf import settings  # noqa: E402 - the settings module is chosen above
from django.core.wsgi import get_wsgi_application  # noqa: E402

settings.ROOT_URLCONF = "bench.floor"
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
application = get_wsgi_application()
