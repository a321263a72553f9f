"""The consultation's schedule, which every page shows (header, banners, posting checks).

It changes a few times in a consultation's life, so it is read from the cache rather than
from the database on every request; saving it through the admin drops the cached copy
(`forget_schedule`). The expiry bounds how long another app server, or another worker with
its own local-memory cache, may show the schedule it had.
"""

from functools import partial

from django.core.cache import cache
from django.db import transaction

from forum.models import ConsultationSchedule

CACHE_KEY = "forum:schedule"
CACHE_SECONDS = 60


def consultation_schedule() -> ConsultationSchedule:
    schedule = cache.get(CACHE_KEY)
    if schedule is None:
        schedule = ConsultationSchedule.current()
        cache.set(CACHE_KEY, schedule, CACHE_SECONDS)
    return schedule


def forget_schedule() -> None:
    """Call when the schedule changes: dropped now and again after commit."""
    cache.delete(CACHE_KEY)
    transaction.on_commit(partial(cache.delete, CACHE_KEY))
