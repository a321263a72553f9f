"""The main guidebook pages read a fixed number of rows sets, however much content there is.

Each round of `grow` adds linked and cited contributions, a published version, a review
with comments and replies (carried on to the next version), outcomes, and drafters; the
pages must then issue exactly as many queries as before.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from guidebook.models import Outcome
from guidebook.services import (
    add_comment,
    assign_drafter,
    get_draft,
    link_contribution,
    open_review,
    publish_version,
    record_comment_outcome,
    record_link_outcome,
    reply_to_comment,
    save_draft,
)
from tests.factories import UserFactory


@pytest.fixture
def grow(chapters, drafter, administrator, participant, accepted_post):
    chapter = chapters["one"]

    def run(n):
        draft = get_draft(chapter)
        paragraphs = [draft.text] if draft.text else []
        for _ in range(n):
            post = accepted_post(author=participant)
            link = link_contribution(actor=drafter, post=post, chapter=chapter)
            link_contribution(actor=administrator, post=post, chapter=chapters["two"])
            record_link_outcome(actor=drafter, link=link, outcome=Outcome.INCORPORATED)
            paragraphs.append(f"A passage drawing on [[post:{post.pk}]].")
            assign_drafter(actor=administrator, chapter=chapter, user=UserFactory())
        save_draft(
            actor=drafter,
            chapter=chapter,
            text="\n\n".join(paragraphs),
            base_version=draft.version,
        )
        version = publish_version(actor=drafter, chapter=chapter)
        open_review(
            actor=drafter,
            version=version,
            ends_at=timezone.now() + datetime.timedelta(days=7),
            audience="verified",
        )
        for paragraph in version.paragraphs[-n:]:
            for author in (participant, UserFactory()):
                comment = add_comment(
                    actor=author, version=version, para_id=paragraph["id"], body="A remark."
                )
                reply_to_comment(actor=UserFactory(), comment=comment, body="Agreed.")
            record_comment_outcome(
                actor=drafter, comment=comment, outcome="incorporated", reason="Done."
            )
            record_comment_outcome(actor=drafter, comment=comment, outcome=Outcome.PARTLY)
        return version

    return run


def _pages():
    return [
        reverse("guidebook:home"),
        reverse("guidebook:chapter_detail", args=[1]),
        reverse("guidebook:version_detail", args=[1, 1]),
        reverse("guidebook:chapter_report", args=[1]),
        reverse("guidebook:compare", args=[1]),
        reverse("guidebook:my_input"),
    ]


def _count(client, url, *, latest) -> tuple[int, list[str]]:
    url = url.replace("/versions/1/", f"/versions/{latest}/")
    # A first request fills the caches every page reads (the schedule, the session).
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), [q["sql"][:160] for q in queries.captured_queries]


@pytest.mark.parametrize("who", ["anonymous", "participant", "drafter"])
def test_main_pages_query_counts_do_not_grow_with_content(grow, client_for, drafter, who):
    client = client_for(who)
    pages = [url for url in _pages() if who != "anonymous" or "my-input" not in url]

    grow(2)
    latest = grow(2).number
    before = {url: _count(client, url, latest=latest) for url in pages}
    latest = grow(6).number
    for url in pages:
        after, sql = _count(client, url, latest=latest)
        assert after == before[url][0], f"{url}: {before[url][0]} → {after}\n" + "\n".join(sql)
        assert after <= 15, f"{url}: {after} queries\n" + "\n".join(sql)
