"""Where a page's time goes: cProfile over repeated requests to one page of the benchmark
database (seeded by bench/run.py), summed into the parts that matter when making it faster.

    .venv/bin/python bench/profile_page.py [--path /threads/1/] [--signed-in] [--requests 200]

Prints the share of the time in template rendering, the ORM and SQL, reverse(), the
middleware and the view's own code, with the number of reverse() calls a request, then the
top functions by own time.
"""

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# (label, file fragment, function name) whose cumulative time is that part's time.
PARTS = [
    ("template rendering", "django/template/base.py", "render"),
    ("ORM and SQL", "django/db/models/sql/compiler.py", "execute_sql"),
    ("reverse()", "django/urls/base.py", "reverse"),
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--path", help="default: the first page of the 1,000-post thread")
    parser.add_argument("--signed-in", action="store_true")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()

    from bench.run import configure_environment

    configure_environment()
    import django

    django.setup()
    import warnings

    from django.conf import settings
    from django.test import Client

    from accounts.models import User
    from forum.models import Thread

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    warnings.filterwarnings("ignore", message="No directory at")
    path = args.path or Thread.objects.order_by("pk").first().get_absolute_url()
    client = Client()
    if args.signed_in:
        client.force_login(User.objects.order_by("pk").first())
    for _ in range(10):
        assert client.get(path).status_code == 200
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    for _ in range(args.requests):
        client.get(path)
    profiler.disable()
    wall = (time.perf_counter() - start) / args.requests * 1000
    stats = pstats.Stats(profiler)
    total = max(
        (ct for (file, _, name), (_, _, _, ct, _) in stats.stats.items() if name == "get"),
        default=1,
    )
    print(f"{path} ({'signed in' if args.signed_in else 'anonymous'}): {wall:.2f} ms a request")
    for label, fragment, function in PARTS:
        found = [
            (nc, ct)
            for (file, _, name), (_, nc, _, ct, _) in stats.stats.items()
            if fragment in file and name == function
        ]
        calls = sum(nc for nc, _ in found) / args.requests
        share = max((ct for _, ct in found), default=0) / total * 100
        print(f"  {label:20} {share:5.1f} %   {calls:6.1f} calls a request")
    stats.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
