#!/usr/bin/env python
"""Benchmark: exporting a 100-page guidebook as print-ready HTML and as PDF.

Builds, in the current database, a guidebook of about 100 A4 pages: 9 chapters of about 11
pages (about 35,000 words of draft text in all), citing about 200 contributions linked to
the chapters, through the same services drafters use (link, save, publish). A guidebook
already built by an earlier run is reused. Then times the whole-guidebook exports through
Django's test client, each with its median, 95th percentile and query count:

- `export_html_100_pages`: the print-ready HTML, made on each request.
- `export_pdf_100_pages_cold`: the PDF when no stored file exists: the request answers
  "being prepared" and queues the render, which the in-process tasks backend runs at once,
  laying the PDF out with WeasyPrint and storing it. This is what each publication's task
  pays once, off the readers' requests (with a real worker, the reader gets the page at
  once). It is dominated by WeasyPrint's text layout and stays above the 5 s target.
- `export_pdf_100_pages`: the PDF as readers get it after a publication, served from the
  stored file. Target: under 5 s, as for the HTML.

`run()` is what bench/run.py calls; standalone, it configures Django itself (DEBUG on for
settings, a temporary SQLite database, migrated), builds, measures and prints:

    .venv/bin/python -m bench.guidebook_export
"""

import random
import sys
import time
from pathlib import Path

from bench.words import WORDS

BASE_DIR = Path(__file__).resolve().parent.parent

CHAPTERS = 9
PARAGRAPHS_PER_CHAPTER = 36
WORDS_PER_PARAGRAPH = 108  # 9 × 36 × 108 ≈ 35,000 words
CONTRIBUTIONS = 200
HTML_RUNS = 5
COLD_PDF_RUNS = 3
STORED_PDF_RUNS = 20
TARGET_MS = 5_000
# The rows the 5 s target applies to: what a reader waits for. The cold render is reported
# beside them because it is real work, done once per publication in a task.
TARGETED = {"export_html_100_pages", "export_pdf_100_pages"}
DRAFTER = "guidebook-bench-drafter"
THEME_SLUG = "guidebook-bench"


def _sentences(rng: random.Random, words: int) -> str:
    out, count = [], 0
    while count < words:
        n = rng.randint(10, 22)
        sentence = [rng.choice(WORDS) for _ in range(n)]
        if rng.random() < 0.2:
            i = rng.randrange(n)
            sentence[i] = f"*{sentence[i]}*"
        out.append(" ".join(sentence).capitalize() + ".")
        count += n
    return " ".join(out)


def _build_contributions(rng: random.Random):
    """About 200 approved posts accepted for the guidebook, by authors of every consent."""
    from accounts.models import Attribution, StakeholderGroup, User
    from forum.markup import render_markdown
    from forum.models import Post, Theme, Thread

    theme, _ = Theme.objects.get_or_create(
        slug=THEME_SLUG,
        defaults={"title": "Community policing in practice", "description": "Benchmark."},
    )
    attributions = list(Attribution.values)
    groups = list(StakeholderGroup.values)
    authors = User.objects.bulk_create(
        User(
            username=f"guidebook-bench-author-{n}",
            email=f"guidebook-bench-author-{n}@example.org",
            password="!",
            display_name=f"Author {n}",
            organisation=f"Organisation {n}",
            stakeholder_group=groups[n % len(groups)],
            default_attribution=attributions[n % len(attributions)],
            country="AT",
        )
        for n in range(40)
    )
    threads = Thread.objects.bulk_create(
        Thread(theme=theme, title=f"Practice {n}", author=authors[n % len(authors)])
        for n in range(CONTRIBUTIONS)
    )
    kinds = [k for k in Post.Kind.values if k != Post.Kind.COMMENT]
    posts = []
    for n, thread in enumerate(threads):
        body = _sentences(rng, 40)
        posts.append(
            Post(
                thread=thread,
                author=thread.author,
                kind=kinds[n % len(kinds)],
                body=body,
                body_html=render_markdown(body),
                status=Post.Status.APPROVED,
                accepted_for_guidebook=True,
            )
        )
    posts = Post.objects.bulk_create(posts)
    for thread, post in zip(threads, posts, strict=True):
        thread.first_post = post
    Thread.objects.bulk_update(threads, ["first_post"])
    return posts


def build_guidebook() -> None:
    """Nine chapters, each with a published version citing its share of the contributions."""
    from django.db import transaction

    from accounts.models import User
    from guidebook.models import Chapter, ChapterVersion
    from guidebook.services import get_draft, link_contribution, publish_version, save_draft

    drafter = User.objects.filter(username=DRAFTER).first()
    if (
        drafter is not None
        and ChapterVersion.objects.filter(published_by=drafter).values("chapter").distinct().count()
        >= CHAPTERS
    ):
        return
    rng = random.Random(2012)
    with transaction.atomic():
        # An administrator drafts every chapter.
        drafter = User.objects.create(
            username=DRAFTER,
            email=f"{DRAFTER}@example.org",
            password="!",
            display_name="Benchmark Drafter",
            is_staff=True,
            is_superuser=True,
        )
        posts = _build_contributions(rng)
        per_chapter = -(-len(posts) // CHAPTERS)
        chapters = [
            Chapter.objects.get_or_create(number=number, defaults={"title": f"Chapter {number}"})[0]
            for number in range(1, CHAPTERS + 1)
        ]
        for number, chapter in enumerate(chapters, start=1):
            cited = posts[(number - 1) * per_chapter : number * per_chapter]
            for post in cited:
                link_contribution(actor=drafter, post=post, chapter=chapter, note="Benchmark")
            paragraphs = []
            for i in range(PARAGRAPHS_PER_CHAPTER):
                text = _sentences(rng, WORDS_PER_PARAGRAPH)
                if i % 9 == 0:
                    text = f"## Part {i // 9 + 1}\n\n{text}"
                # Roughly two citations in three paragraphs: every linked post at least once.
                if cited and i % 3 != 2:
                    text += f" [[post:{cited[len(paragraphs) % len(cited)].pk}]]"
                paragraphs.append(text)
            draft = get_draft(chapter)
            save_draft(
                actor=drafter,
                chapter=chapter,
                text="\n\n".join(paragraphs),
                base_version=draft.version,
            )
            publish_version(actor=drafter, chapter=chapter)


def _forget_stored_pdfs() -> None:
    """No stored guidebook PDF: the next request queues its render (as before the task has
    run)."""
    from guidebook.models import ExportFile

    ExportFile.objects.filter(kind=ExportFile.Kind.GUIDEBOOK).delete()


def run(*, client_factory=None) -> list[dict]:
    """Builds the guidebook (once) and times its exports: HTML, PDF rendered, PDF stored.

    `client_factory()` returns the Django test client to request the exports with (default:
    an anonymous `Client()`; the exports are public).
    """
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from bench.measure import measure_page

    if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    build_guidebook()
    client = client_factory() if client_factory else Client()
    html_url = reverse("guidebook:export_guidebook")
    pdf_url = reverse("guidebook:export_guidebook_pdf")
    rows = []
    for name, url, runs, before_each, status in (
        ("export_html_100_pages", html_url, HTML_RUNS, None, 200),
        ("export_pdf_100_pages_cold", pdf_url, COLD_PDF_RUNS, _forget_stored_pdfs, 202),
        # Last: the cold runs leave the current file stored, as a publication's task does.
        ("export_pdf_100_pages", pdf_url, STORED_PDF_RUNS, None, 200),
    ):
        # One untimed request first: templates, fonts, connections.
        p50, p95, queries = measure_page(
            client, url, requests=runs, warmup=1, before_each=before_each, status=status
        )
        rows.append(
            {"name": name, "p50_ms": round(p50, 1), "p95_ms": round(p95, 1), "queries": queries}
        )
    return rows


def page_count() -> int:
    """Pages of the stored whole-guidebook PDF (to check the size of what is timed)."""
    from guidebook.models import ExportFile

    return ExportFile.objects.filter(kind=ExportFile.Kind.GUIDEBOOK).latest("created_at").pages


def main() -> int:
    sys.path.insert(0, str(BASE_DIR))
    from bench.measure import throwaway_database

    with throwaway_database(prefix="guidebook-bench-"):
        started = time.perf_counter()
        build_guidebook()
        print(f"Built the guidebook in {time.perf_counter() - started:.1f} s")
        rows = run()
        print(f"PDF pages: {page_count()}")
        print(f"{'name':<26} {'p50 ms':>9} {'p95 ms':>9} {'queries':>8}  target")
        missed = False
        for row in rows:
            under = row["p95_ms"] < TARGET_MS
            if row["name"] in TARGETED:
                missed |= not under
                verdict = f"{'ok' if under else 'MISSED'} (< {TARGET_MS} ms)"
            else:
                verdict = (
                    f"none: once per publication, in its task "
                    f"({'under' if under else 'over'} {TARGET_MS} ms)"
                )
            print(
                f"{row['name']:<26} {row['p50_ms']:>9.1f} {row['p95_ms']:>9.1f} "
                f"{row['queries']:>8}  {verdict}"
            )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
