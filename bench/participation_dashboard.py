"""Benchmark: the participation dashboard over the 100,000-post data set, as a moderator.

`run()` works in the database Django is configured for, on the posts already there (the
forum part's 100,000). It seeds once what that data set lacks for the dashboard: its
authors' genders and countries (spread over thirty countries of the three OSCE groups),
a unit with a moderator, 20,000 decisions in the unit's name, and ten chapters with 50
linked contributions each. Then it times the dashboard: as moderators see it (the figures
counted once and kept in the cache for a few minutes; target p50 ≤ 200 ms), and, for
information, with the cache emptied before every request (every figure counted afresh).

Standalone, on a throwaway SQLite file with a small data set of its own:

    DJANGO_DEBUG=1 .venv/bin/python -m bench.participation_dashboard [--requests 50]
"""

import argparse
import sys
import time
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

UNIT_CODE = "bench-dashboard"
MODERATOR_EMAIL = "bench-dashboard-moderator@example.org"
DECISIONS = 20_000
CHAPTERS = 10
LINKS_PER_CHAPTER = 50
FIRST_CHAPTER = 900
ROW = "dashboard_moderator"
COLD_ROW = "dashboard_moderator_uncached"
TARGET_MS = 200
COUNTRIES = (
    *("AT", "DE", "FR", "GE", "KZ", "KG", "RU", "UA", "TR", "US", "GB", "IT", "ES", "RS"),
    *("BA", "AL", "MK", "TJ", "UZ", "AM", "AZ", "MD", "PL", "SE", "CA"),
    *("DZ", "EG", "MA"),  # Mediterranean Partners
    *("AF", "JP"),  # Asian Partners
)
GENDERS = ("woman", "man", "man", "woman", "", "prefer_not", "another")


def _spread_profiles(users) -> None:
    from django.db.models import Q

    from accounts.models import User

    pks = sorted(users.values_list("pk", flat=True))
    for index, gender in enumerate(GENDERS):
        User.objects.filter(pk__in=pks[index :: len(GENDERS)]).update(gender=gender)
    for index, country in enumerate(COUNTRIES):
        User.objects.filter(Q(pk__in=pks[index :: len(COUNTRIES)])).update(country=country)


def _seed():
    """Returns the moderator; seeds only what is missing."""
    from django.db import connection, transaction

    from accounts.models import User
    from forum.models import Post, Theme
    from guidebook.models import Chapter, ContributionLink
    from moderation.models import Decision
    from moderation.services.units import add_unit_member, ensure_unit, set_unit_themes

    unit = ensure_unit(code=UNIT_CODE, name="Dashboard benchmark unit")
    moderator, _ = User.objects.get_or_create(
        username="bench-dashboard-moderator",
        defaults={"email": MODERATOR_EMAIL, "display_name": "Dashboard Benchmark Moderator"},
    )
    add_unit_member(unit=unit, user=moderator)
    if Decision.objects.filter(unit=unit).exists():
        return moderator

    themes = list(Theme.objects.order_by("pk")[:4])
    set_unit_themes(unit=unit, themes=themes)
    with transaction.atomic():
        _spread_profiles(User.objects.exclude(pk=moderator.pk))
        posts = list(
            Post.objects.filter(status=Post.Status.APPROVED)
            .order_by("pk")
            .values_list("pk", "created_at")[: DECISIONS * 2 : 2]
        )
        Decision.objects.bulk_create(
            (
                Decision(
                    actor=moderator,
                    unit=unit,
                    action=Decision.Action.APPROVE if n % 6 else Decision.Action.REJECT,
                    post_id=pk,
                    created_at=created_at + timedelta(hours=1 + n % 96),
                    status_before=Post.Status.PENDING,
                    status_after=Post.Status.APPROVED if n % 6 else Post.Status.REJECTED,
                )
                for n, (pk, created_at) in enumerate(posts)
            ),
            batch_size=2_000,
        )
        for n in range(CHAPTERS):
            chapter, _ = Chapter.objects.get_or_create(
                number=FIRST_CHAPTER + n, defaults={"title": f"Dashboard benchmark chapter {n}"}
            )
            pool = Post.objects.filter(
                status=Post.Status.APPROVED, thread__theme__in=themes[n % 4 : n % 4 + 2]
            ).order_by("pk")[n * LINKS_PER_CHAPTER : (n + 1) * LINKS_PER_CHAPTER]
            ContributionLink.objects.bulk_create(
                ContributionLink(
                    post=post, chapter=chapter, linked_text=post.body, linked_by=moderator
                )
                for post in pool
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return moderator


def _seed_small_forum() -> None:
    """For the standalone run: a few thousand posts, as the forum part would leave them."""
    from accounts.models import User
    from forum.models import Post, Theme, Thread

    themes = [Theme.objects.create(slug=f"dash-{n}", title=f"Theme {n}") for n in range(6)]
    users = User.objects.bulk_create(
        User(
            username=f"dash-user-{n}",
            email=f"dash-user-{n}@example.org",
            stakeholder_group=("government", "civil_society", "academia")[n % 3],
        )
        for n in range(300)
    )
    threads = Thread.objects.bulk_create(
        Thread(theme=themes[n % 6], title=f"Thread {n}", author=users[n % 300]) for n in range(200)
    )
    Post.objects.bulk_create(
        (
            Post(
                thread=threads[n % 200],
                author=users[(n * 7) % 300],
                kind=Post.Kind.values[n % 5],
                body="Text",
                body_html="<p>Text</p>",
                status=Post.Status.APPROVED if n % 10 else Post.Status.PENDING,
            )
            for n in range(5_000)
        ),
        batch_size=2_000,
    )


def run(*, requests: int = 50, warmup: int = 5) -> list[dict]:
    """Seeds (if needed) and times the dashboard. Rows: {name, db, p50_ms, p95_ms,
    queries}; the main row carries `target_met`."""
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings
    from django.urls import reverse

    from bench.measure import measure_page

    moderator = _seed()
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with override_settings(ALLOWED_HOSTS=hosts):
        client = Client()
        client.force_login(moderator)
        url = reverse("participation:dashboard")
        cache.clear()
        warm = measure_page(client, url, requests=requests, warmup=warmup)
        cold = measure_page(
            client, url, requests=max(3, requests // 10), warmup=1, before_each=cache.clear
        )
    db = connection.vendor
    rows = [
        {"name": ROW, "db": db, "p50_ms": warm[0], "p95_ms": warm[1], "queries": warm[2]},
        {"name": COLD_ROW, "db": db, "p50_ms": cold[0], "p95_ms": cold[1], "queries": cold[2]},
    ]
    for row in rows:
        row["p50_ms"], row["p95_ms"] = round(row["p50_ms"], 2), round(row["p95_ms"], 2)
    rows[0]["target_met"] = rows[0]["p50_ms"] <= TARGET_MS
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=50, help="timed requests")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests")
    args = parser.parse_args()

    sys.path.insert(0, str(BASE_DIR))
    from bench.measure import throwaway_database

    with throwaway_database(prefix="bench-dashboard-"):
        started = time.perf_counter()
        _seed_small_forum()
        rows = run(requests=args.requests, warmup=args.warmup)
        print(f"seeded and measured in {time.perf_counter() - started:.1f} s")
    print(f"{'page':<36} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for row in rows:
        print(f"{row['name']:<36} {row['p50_ms']:>8.2f} {row['p95_ms']:>8.2f} {row['queries']:>8}")
    return 0 if rows[0]["target_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
