"""rerender_markup reaches guidebook's rows through the registry, rendered as guidebook
renders them (paragraph ids, citations, notes as published)."""

from io import StringIO

import pytest
from django.core.management import call_command

from guidebook.models import ChapterVersion, ContributionLink, Draft, ReviewComment
from guidebook.services import add_comment, link_contribution, open_review
from tests.guidebook.test_review import later, publish

STALE = "<p>rendered by older rules</p>"


def run(*args) -> str:
    out = StringIO()
    call_command("rerender_markup", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def published(chapters, drafter, accepted_post, participant):
    post = accepted_post(body="What the post says.")
    link_contribution(actor=drafter, post=post, chapter=chapters["one"])
    version = publish(drafter, chapters["one"], f"Trust first [[post:{post.pk}]].\n\n*Then* rules.")
    open_review(actor=drafter, version=version, ends_at=later(), audience="verified")
    add_comment(
        actor=participant, version=version, para_id=version.paragraphs[0]["id"], body="*Why*?"
    )
    return version


def test_guidebook_rows_are_counted_fixed_and_then_left_alone(published):
    draft = Draft.objects.get(chapter=published.chapter)
    comment = ReviewComment.objects.get()
    good = {"draft": draft.html, "version": published.html, "comment": comment.body_html}
    Draft.objects.update(html=STALE)
    ChapterVersion.objects.update(html=STALE)
    ReviewComment.objects.update(body_html=STALE)
    # The version keeps the notes it was published with, whatever the link says now.
    ContributionLink.objects.update(linked_text="Edited since publication.")

    dry = run("--dry-run")
    for label in ("Draft.html", "ChapterVersion.html", "ReviewComment.body_html"):
        assert f"guidebook.{label}: 1 of 1 would change" in dry
    assert Draft.objects.get().html == STALE

    run()
    published.refresh_from_db()
    assert published.html == good["version"]
    assert 'id="p-' in published.html and "What the post says." in published.html
    assert ReviewComment.objects.get().body_html == good["comment"]
    # The draft shows the linked text as it is now, as a save would.
    assert "Edited since publication." in Draft.objects.get().html

    again = run()
    assert "guidebook.ChapterVersion.html: 0 of 1 changed" in again
    assert "guidebook.Draft.html: 0 of 1 changed" in again
