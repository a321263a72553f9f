#!/usr/bin/env python
"""Benchmark: saving a long chapter draft in which every paragraph was lightly edited.

A 30,000-character draft of 300 paragraphs, each then changed by one word, is saved
through `save_draft`: the worst ordinary case for keeping paragraph ids, since no
paragraph is found unchanged and every one must be matched by similarity. The target is
1 s per save (`TARGET_MS`); the ids must all be kept, or the timing measured a shortcut.

Run by `make bench` (bench/run.py, the "guidebook" part) against the benchmark database, or
on its own against a throwaway SQLite file:

    .venv/bin/python -m bench.draft_save
"""

import random
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

ROW = "draft_save_300_paragraphs"
TARGET_MS = 1_000
PARAGRAPHS = 300
RUNS = 5
CHAPTER_NUMBER = 9_301  # a chapter of its own, beside the export benchmark's chapters

_WORDS = (
    "community policing trust police public officers training outreach youth prevention "
    "radicalization dialogue partnership local authorities civil society women schools "
    "religious leaders human rights accountability information sharing early warning "
    "referral mechanism stigmatisation"
).split()


def _paragraph(rng: random.Random) -> str:
    words = []
    while sum(len(w) + 1 for w in words) < 96:
        words.append(rng.choice(_WORDS))
    return " ".join(words).capitalize() + "."


def texts(seed: int = 2012) -> tuple[str, str]:
    """The draft before and after: every paragraph with one word replaced."""
    rng = random.Random(seed)
    before = [_paragraph(rng) for _ in range(PARAGRAPHS)]
    after = []
    for paragraph in before:
        words = paragraph.split(" ")
        k = rng.randrange(len(words))
        words[k] = "neighbourhood" if words[k] != "neighbourhood" else "district"
        after.append(" ".join(words))
    return "\n\n".join(before), "\n\n".join(after)


def _chapter_and_drafter():
    from accounts.models import User
    from guidebook.models import Chapter
    from guidebook.services import assign_drafter

    admin, _ = User.objects.get_or_create(
        username="bench-draft-admin",
        defaults={"email": "bench-draft-admin@example.org", "is_superuser": True},
    )
    drafter, _ = User.objects.get_or_create(
        username="bench-drafter", defaults={"email": "bench-drafter@example.org"}
    )
    chapter, created = Chapter.objects.get_or_create(
        number=CHAPTER_NUMBER, defaults={"title": "Benchmark: a long draft"}
    )
    if created:
        assign_drafter(actor=admin, chapter=chapter, user=drafter)
    return chapter, drafter


def run() -> list[dict]:
    """Saves the draft RUNS times (each from the same earlier text) and times the save of
    the edited text."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.measure import percentile
    from guidebook.services import get_draft, save_draft

    chapter, drafter = _chapter_and_drafter()
    before, after = texts()
    assert len(after) >= 29_000, len(after)
    times, queries = [], 0
    for _run in range(RUNS):
        draft = save_draft(
            actor=drafter, chapter=chapter, text=before, base_version=get_draft(chapter).version
        )
        old_ids = [p["id"] for p in draft.paragraphs]
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            draft = save_draft(
                actor=drafter, chapter=chapter, text=after, base_version=draft.version
            )
            times.append((time.perf_counter() - start) * 1000)
        queries = len(captured)
        if [p["id"] for p in draft.paragraphs] != old_ids:
            raise RuntimeError("The edited paragraphs did not keep their ids.")
    return [
        {
            "name": ROW,
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "queries": queries,
        }
    ]


def main() -> int:
    sys.path.insert(0, str(BASE_DIR))
    from bench.measure import throwaway_database

    with throwaway_database(prefix="draft-save-bench-"):
        (row,) = run()
    ok = row["p95_ms"] <= TARGET_MS
    print(f"{'name':<28} {'p50 ms':>9} {'p95 ms':>9} {'queries':>8}  target")
    print(
        f"{row['name']:<28} {row['p50_ms']:>9.1f} {row['p95_ms']:>9.1f} {row['queries']:>8}  "
        f"{'pass' if ok else 'FAIL'} (≤ {TARGET_MS} ms)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
