"""Benchmark: a unit's review queue with 10,000 posts waiting, against a thread page.

`run()` works in the database Django is configured for: it seeds (once; a second call
reuses the rows) a unit of its own with four themes, 200 public threads in them and 10,000
pending replies spread over those threads, oldest first by `submitted_at`, plus one public
thread of 200 approved posts. Then, signed in as the unit's moderator with Django's test
client, after a warm-up, it times the first page of the unit's queue and, for comparison,
the first page of the 200-post thread. Target: the queue's median within twice the thread
page's.

Standalone, on a throwaway SQLite file:

    DJANGO_DEBUG=1 .venv/bin/python -m bench.moderation_queue [--requests 50]
"""

import sys
from datetime import timedelta

UNIT_CODE = "bench-queue"
PENDING_POSTS = 10_000
THREADS = 200
THREAD_PAGE_POSTS = 200
QUEUE_ROW = "queue_pending_10000_moderator"
THREAD_ROW = "thread_first_page_moderator"
TARGET_RATIO = 2.0


def _seed():
    """Returns (moderator, unit, thread to compare with); seeds only what is missing."""
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import User
    from bench.measure import bench_moderator
    from forum.models import Post, Theme, Thread
    from moderation.services.units import set_unit_themes

    unit, moderator = bench_moderator(code=UNIT_CODE, label="Queue")
    themes = [
        Theme.objects.get_or_create(
            slug=f"{UNIT_CODE}-{n}", defaults={"title": f"Queue benchmark theme {n}"}
        )[0]
        for n in range(4)
    ]
    set_unit_themes(unit=unit, themes=themes)

    compared = Thread.objects.filter(theme=themes[0], title="Benchmark thread to compare").first()
    waiting = Post.objects.filter(status=Post.Status.PENDING, thread__theme__in=themes).count()
    if compared is not None and waiting >= PENDING_POSTS:
        return moderator, unit, compared

    with transaction.atomic():
        authors = list(
            User.objects.bulk_create(
                User(
                    username=f"bench-queue-author-{n}",
                    email=f"bench-queue-author-{n}@example.org",
                    display_name=f"Queue Author {n}",
                    stakeholder_group=("civil_society", "academia", "government")[n % 3],
                    country=("AT", "GE", "KZ", "FR")[n % 4],
                )
                for n in range(50)
            )
        )
        start = timezone.now() - timedelta(days=30)

        def opening(thread: Thread, n: int) -> Post:
            return Post(
                thread=thread,
                author=authors[n % len(authors)],
                body=f"Opening post {n}",
                body_html=f"<p>Opening post {n}</p>",
                status=Post.Status.APPROVED,
                created_at=start,
                submitted_at=start,
            )

        threads = Thread.objects.bulk_create(
            [
                Thread(theme=themes[n % len(themes)], title=f"Queue thread {n}", author=authors[0])
                for n in range(THREADS)
            ]
            + [Thread(theme=themes[0], title="Benchmark thread to compare", author=authors[0])]
        )
        compared = threads[-1]
        openings = Post.objects.bulk_create(opening(t, n) for n, t in enumerate(threads))
        for thread, post in zip(threads, openings, strict=True):
            thread.first_post = post
        Thread.objects.bulk_update(threads, ["first_post"])

        def reply(thread: Thread, n: int, status: str) -> Post:
            at = start + timedelta(seconds=n + 1)
            text = f"Reply {n}: what worked in our district, and what did not. " * 4
            return Post(
                thread=thread,
                author=authors[n % len(authors)],
                kind=Post.Kind.values[n % len(Post.Kind.values)],
                body=text,
                body_html=f"<p>{text}</p>",
                status=status,
                created_at=at,
                submitted_at=at,
            )

        Post.objects.bulk_create(
            (reply(threads[n % THREADS], n, Post.Status.PENDING) for n in range(PENDING_POSTS)),
            batch_size=2_000,
        )
        Post.objects.bulk_create(
            reply(compared, n, Post.Status.APPROVED) for n in range(THREAD_PAGE_POSTS)
        )
    # Fresh planner statistics: 10,000 rows written in bulk would otherwise be timed against
    # the figures of the table before them (PostgreSQL analyses in the background, later).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return moderator, unit, compared


def run(*, requests: int = 50, warmup: int = 5) -> list[dict]:
    """Seeds (if needed) and times the queue and the thread page. Rows: {name, p50_ms,
    p95_ms, queries}; the queue row also carries `target_met` (p50 within 2× the thread's)."""
    from django.urls import reverse

    from bench.measure import measure_page, moderator_client, page_rows

    requests = max(requests, 50)
    moderator, unit, thread = _seed()
    with moderator_client(moderator) as client:
        queue_url = reverse("moderation:unit_queue", kwargs={"code": unit.code})
        queue = measure_page(client, queue_url, requests=requests, warmup=warmup)
        page = measure_page(client, thread.get_absolute_url(), requests=requests, warmup=warmup)
    rows = page_rows({QUEUE_ROW: queue, THREAD_ROW: page})
    rows[0]["target_met"] = queue[0] <= TARGET_RATIO * page[0]
    return rows


def main() -> int:
    from bench.measure import run_standalone

    rows = run_standalone(__doc__, prefix="bench-queue-", run=run)
    queue, thread = rows
    verdict = "met" if queue["target_met"] else "MISSED"
    print(
        f"target: queue p50 within {TARGET_RATIO:g}× the thread page's "
        f"({queue['p50_ms']:.2f} ≤ {TARGET_RATIO * thread['p50_ms']:.2f} ms): {verdict}"
    )
    return 0 if queue["target_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
