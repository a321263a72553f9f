#!/usr/bin/env python
"""`make bench-http`: the reading pages as an operator would measure them, over HTTP.

Starts gunicorn (2 sync workers, DEBUG off) on the benchmark database that bench/run.py
seeds (SQLite, or PostgreSQL when DATABASE_URL is set), then:

1. memory: sends 1,000 mixed anonymous requests (home, theme pages, pages of many
   threads) and reads each worker's resident memory (target: at most 80 MB a worker);
2. throughput: runs `wrk -t2 -c8 -d10s` against the floor view (bench/floor.py) and the
   home, theme and thread pages, printing req/s, p50 and p99, and each page's throughput as
   a share of the floor's and its p50 as a multiple of the floor's, measured in this run.

Installs nothing: without wrk on the PATH it says how to install it and stops.

    .venv/bin/python bench/wrk_pages.py [--duration 10] [--connections 8] [--port 8765]
"""

import argparse
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
sys.path.insert(0, str(BASE_DIR))

from bench import floor  # noqa: E402 - importable once BASE_DIR is on the path
from bench.run import SQLITE_FILE, bench_database_url  # noqa: E402

TARGET_WORKER_MB = 80
MIXED_REQUESTS = 1_000


def server_environment() -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_CONN_MAX_AGE": os.environ.get("DJANGO_CONN_MAX_AGE", "60"),
    }
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = bench_database_url(os.environ["DATABASE_URL"])
    else:
        env["SQLITE_PATH"] = str(SQLITE_FILE)
    return env


def wait_until_up(base: str, server: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit {server.returncode}); see its output above")
        try:
            urllib.request.urlopen(f"{base}/{floor.FLOOR_PATH}", timeout=30).read()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within two minutes")


def page_urls(env: dict[str, str]) -> dict[str, str]:
    """The pages to measure, and a sample of threads for the mixed requests, from the
    benchmark database (read through Django in a child process, with the server's settings)."""
    code = (
        "import django, json; django.setup()\n"
        "from forum.models import Theme, Thread\n"
        "from django.conf import settings\n"
        "big = Thread.objects.order_by('pk').first()\n"
        "last = -(-big.posts.count() // settings.FORUM_POSTS_PER_PAGE)\n"
        "theme = Theme.objects.order_by('order').first()\n"
        "print(json.dumps({'thread': big.get_absolute_url(), 'last': last,\n"
        "  'theme': theme.get_absolute_url(),\n"
        "  'themes': [t.get_absolute_url() for t in Theme.objects.all()[:12]],\n"
        "  'threads': [t.get_absolute_url() for t in Thread.objects.order_by('?')[:200]]}))\n"
    )
    import json

    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def worker_rss_mb(master: int) -> list[float]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        kb = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))
        sizes.append(kb / 1024)
    return sizes


def mixed_requests(base: str, data: dict, count: int) -> None:
    """`count` anonymous requests over the reading pages, four at a time: the home page,
    theme pages, pages of the big thread and 200 other threads. (Search is left out: at this
    scale on SQLite one search takes seconds, and it is measured by bench/run.py.)"""
    from concurrent.futures import ThreadPoolExecutor

    rng = random.Random(2012)
    paths = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.1:
            paths.append("/")
        elif roll < 0.3:
            paths.append(rng.choice(data["themes"]))
        elif roll < 0.5:
            paths.append(f"{data['thread']}?page={rng.randint(1, data['last'])}")
        else:
            paths.append(rng.choice(data["threads"]))

    def get(path: str) -> None:
        try:
            urllib.request.urlopen(f"{base}{path}", timeout=120).read()
        except urllib.error.HTTPError as error:
            if error.code >= 500:
                raise

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(get, paths))


def run_wrk(url: str, *, duration: int, connections: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def millis(label: str) -> float:
        value, unit = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    failures = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": millis("50%"),
        "p99": millis("99%"),
        "errors": int(failures.group(1)) if failures else 0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    if shutil.which("wrk") is None:
        print(
            "wrk is not installed. On Debian or Ubuntu: sudo apt-get install wrk\n"
            "(make bench-http installs nothing by itself.)"
        )
        return 2
    env = server_environment()
    if not os.environ.get("DATABASE_URL") and not SQLITE_FILE.exists():
        print("No benchmark database yet: run `make bench` once to seed it.")
        return 2
    data = page_urls(env)
    base = f"http://127.0.0.1:{args.port}"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "bench.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "warning",
            "--timeout",
            "120",
        ],
        cwd=BASE_DIR,
        env=env,
    )
    try:
        wait_until_up(base, server)
        mixed_requests(base, data, MIXED_REQUESTS)
        rss = worker_rss_mb(server.pid)
        pages = {
            "floor_page": f"/{floor.FLOOR_PATH}",
            "home": "/",
            "theme_first": data["theme"],
            "thread_first": data["thread"],
            "thread_last": f"{data['thread']}?page={data['last']}",
        }
        results = {}
        for name, path in pages.items():
            results[name] = run_wrk(
                f"{base}{path}", duration=args.duration, connections=args.connections
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    floor_row = results["floor_page"]
    print(f"\nwrk -t2 -c{args.connections} -d{args.duration}s, gunicorn 2 sync workers, anonymous")
    print(f"{'page':16} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'÷ floor':>8} {'× p50':>7}")
    for name, row in results.items():
        errors = f"  ({row['errors']} non-2xx)" if row["errors"] else ""
        print(
            f"{name:16} {row['rps']:>9.1f} {row['p50']:>8.2f} {row['p99']:>8.2f} "
            f"{row['rps'] / floor_row['rps']:>8.2f} {row['p50'] / floor_row['p50']:>7.2f}{errors}"
        )
    worst = max(rss)
    verdict = "pass" if worst <= TARGET_WORKER_MB else "FAIL"
    sizes = ", ".join(f"{mb:.0f} MB" for mb in rss)
    print(
        f"\nWorker memory after {MIXED_REQUESTS:,} mixed requests: {sizes} "
        f"({verdict}: ≤ {TARGET_WORKER_MB} MB)"
    )
    return 0 if worst <= TARGET_WORKER_MB else 1


if __name__ == "__main__":
    sys.exit(main())
