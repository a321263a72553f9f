"""Comparing versions on the text as readers see it."""

from django.urls import reverse

from guidebook.diffs import compare_versions
from guidebook.services import get_draft, link_contribution, publish_version, save_draft


def publish(drafter, chapter, text):
    draft = get_draft(chapter)
    save_draft(actor=drafter, chapter=chapter, text=text, base_version=draft.version)
    return publish_version(actor=drafter, chapter=chapter)


def versions(chapters, drafter, accepted_post):
    chapter = chapters["one"]
    post = accepted_post(body="Cited words.")
    link_contribution(actor=drafter, post=post, chapter=chapter)
    old = publish(drafter, chapter, f"## Part\n\nTrust is built **slowly** [[post:{post.pk}]].")
    new = publish(drafter, chapter, f"## Part\n\nTrust is built *gradually* [[post:{post.pk}]].")
    return chapter, old, new


def test_readers_diff_shows_plain_text_and_note_numbers(chapters, drafter, accepted_post):
    _chapter, old, new = versions(chapters, drafter, accepted_post)
    (change,) = compare_versions(old, new)
    assert change.kind == "changed"
    assert "[[post:" not in change.diff and "**" not in change.diff and "##" not in change.diff
    assert "[1]" in change.diff
    assert "<del>slowly</del><ins>gradually</ins>" in change.diff


def test_the_markdown_source_toggle_is_for_drafters_only(
    client, chapters, drafter, participant, accepted_post
):
    chapter, _old, _new = versions(chapters, drafter, accepted_post)
    url = reverse("guidebook:compare", kwargs={"number": chapter.number}) + "?source=1"
    client.force_login(participant)
    body = client.get(url).content.decode()
    assert "Show Markdown source" not in body and "[[post:" not in body
    client.force_login(drafter)
    body = client.get(url).content.decode()
    assert "[[post:" in body and "**slowly**" in body
