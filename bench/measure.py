"""Timing one page with Django's test client: the median, the 95th percentile and the
number of queries a request makes, as every benchmark in this folder reports them; and the
throwaway database the benchmarks run against when started on their own."""

import os
import statistics
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


def measure_page(
    client, url: str, *, requests: int, warmup: int, before_each=None, status: int = 200
) -> tuple[float, float, int]:
    """Returns (p50 ms, p95 ms, queries) for GET `url` after `warmup` untimed requests.

    `before_each()` runs before every request, untimed (to time a page that must start from
    the same state each time). `status` is what the page must answer.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    prepare = before_each or (lambda: None)
    for _ in range(warmup):
        prepare()
        response = client.get(url)
        if response.status_code != status:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
    prepare()
    # The query log is a bounded deque; start from empty so the count cannot saturate.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    # Counted now: the context reads the live query log, which later requests reset.
    queries = len(captured)
    times = []
    for _ in range(requests):
        prepare()
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), percentile(times, 0.95), queries


def measure_against_floor(
    client, url: str, *, floor_client, floor_url: str, requests: int, warmup: int
) -> tuple[float, float, int, float]:
    """`measure_page` for `url`, with a request to the floor (bench/floor.py) timed before
    each timed request to the page: returns (p50 ms, p95 ms, queries, the floor's p50 ms in
    the same moments). On a shared machine whose load moves from one minute to the next, a
    page's ratio to a floor measured beside it is steady where the raw figures are not."""
    floor_times = []

    def time_floor():
        start = time.perf_counter()
        floor_client.get(floor_url)
        floor_times.append((time.perf_counter() - start) * 1000)

    p50, p95, queries = measure_page(
        client, url, requests=requests, warmup=warmup, before_each=time_floor
    )
    # The warm-up's and the query count's floor requests are not in the window.
    window = floor_times[-requests:]
    return p50, p95, queries, statistics.median(window)


def cpu_ratio_to_floor(client, url: str, *, floor_client, floor_url: str, requests: int) -> float:
    """The page's median CPU time over the floor's, in this process, alternating requests:
    unlike wall time, it does not count the moments the process waited for a busy CPU (it
    does not count a PostgreSQL server's work either)."""
    page, floor = [], []
    for _ in range(requests):
        for target, times, where in ((floor_client, floor, floor_url), (client, page, url)):
            start = time.process_time()
            target.get(where)
            times.append(time.process_time() - start)
    return statistics.median(page) / max(statistics.median(floor), 1e-6)


@contextmanager
def throwaway_database(prefix: str):
    """Sets Django up on a temporary SQLite file, migrated, whatever DATABASE_URL says (a
    standalone benchmark writes thousands of rows and must never write them into a real
    database), with DEBUG off so that timings are as in production. The file goes at the end.
    """
    os.environ["DJANGO_DEBUG"] = "1"  # the settings need no secret key; DEBUG goes off below
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.pop("DATABASE_URL", None)
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        os.environ["SQLITE_PATH"] = str(Path(folder) / "bench.sqlite3")
        import django
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        django.setup()
        # No debug template context, no query log kept in memory while rows are written.
        settings.DEBUG = False
        call_command("migrate", verbosity=0)
        try:
            yield
        finally:
            connection.close()


# What the page benchmarks signed in as a unit's moderator share ---------------------------


def bench_moderator(*, code: str, label: str):
    """(unit, moderator): a unit of the benchmark's own (`code`, e.g. "bench-queue") and its
    one moderator ("<code>-moderator"), created on the first run and found on later ones."""
    from accounts.models import User
    from moderation.services.units import add_unit_member, ensure_unit

    unit = ensure_unit(code=code, name=f"{label} benchmark unit")
    moderator, _ = User.objects.get_or_create(
        username=f"{code}-moderator",
        defaults={
            "email": f"{code}-moderator@example.org",
            "display_name": f"{label} Benchmark Moderator",
        },
    )
    add_unit_member(unit=unit, user=moderator)
    return unit, moderator


@contextmanager
def moderator_client(moderator):
    """A test client signed in as `moderator`, on the test host. The benchmark moderator has
    no authenticator, so the demo exemption from two-factor authentication lets it in."""
    from django.conf import settings
    from django.test import Client, override_settings

    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    exempt = [*settings.MODERATION_MFA_EXEMPT_EMAILS, moderator.email]
    with override_settings(ALLOWED_HOSTS=hosts, MODERATION_MFA_EXEMPT_EMAILS=exempt):
        client = Client()
        client.force_login(moderator)
        yield client


def page_rows(measured: dict[str, tuple[float, float, int]]) -> list[dict]:
    """Rows {name, db, p50_ms, p95_ms, queries} for bench/results.json, from
    {name: measure_page(...)}, in that order."""
    from django.db import connection

    return [
        {
            "name": name,
            "db": connection.vendor,
            "p50_ms": round(p50, 2),
            "p95_ms": round(p95, 2),
            "queries": queries,
        }
        for name, (p50, p95, queries) in measured.items()
    ]


def run_standalone(doc: str, *, prefix: str, run, seed=None) -> list[dict]:
    """A page benchmark started on its own (`python -m bench.<name>`): reads --requests and
    --warmup, runs `seed()` then `run(requests=, warmup=)` on a throwaway database, and
    prints the rows as a table. Returns the rows, for the caller's verdict."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per page")
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    with throwaway_database(prefix=prefix):
        started = time.perf_counter()
        if seed is not None:
            seed()
        rows = run(requests=args.requests, warmup=args.warmup)
        print(f"seeded and measured in {time.perf_counter() - started:.1f} s")
    print(f"{'page':<36} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for row in rows:
        print(f"{row['name']:<36} {row['p50_ms']:>8.2f} {row['p95_ms']:>8.2f} {row['queries']:>8}")
    return rows
