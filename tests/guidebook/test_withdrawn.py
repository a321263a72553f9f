"""Contributions the moderators hid or rejected cannot be linked or cited any more."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from forum.models import Post
from guidebook.citations import attribution_for
from guidebook.export.html import export_context
from guidebook.services import get_draft, link_contribution, publish_version, save_draft


def save(drafter, chapter, text):
    draft = get_draft(chapter)
    return save_draft(actor=drafter, chapter=chapter, text=text, base_version=draft.version)


def withdraw(post, status=Post.Status.HIDDEN):
    Post.objects.filter(pk=post.pk).update(status=status)
    post.refresh_from_db()


@pytest.mark.parametrize("status", [Post.Status.HIDDEN, Post.Status.REJECTED])
def test_a_withdrawn_contribution_cannot_be_linked(chapters, drafter, accepted_post, status):
    post = accepted_post()
    withdraw(post, status)
    with pytest.raises(ValidationError, match=f"#{post.pk} has been"):
        link_contribution(actor=drafter, post=post, chapter=chapters["one"])


@pytest.fixture
def cited(chapters, drafter, accepted_post):
    chapter = chapters["one"]
    post = accepted_post(body="The words cited.")
    link_contribution(actor=drafter, post=post, chapter=chapter)
    save(drafter, chapter, f"Text [[post:{post.pk}]].")
    publish_version(actor=drafter, chapter=chapter)
    # The next draft was saved while the contribution could still be cited.
    save(drafter, chapter, f"Text [[post:{post.pk}]], edited.")
    withdraw(post)
    return chapter, post


def test_a_withdrawn_contribution_cannot_be_cited_in_a_save(cited, drafter):
    chapter, post = cited
    with pytest.raises(ValidationError, match=f"#{post.pk} has been withdrawn"):
        save(drafter, chapter, f"Changed text [[post:{post.pk}]].")


def test_publishing_refuses_a_draft_citing_a_withdrawn_contribution(cited, drafter):
    chapter, post = cited
    with pytest.raises(ValidationError, match=f"Contribution #{post.pk} has been withdrawn"):
        publish_version(actor=drafter, chapter=chapter)


def test_drafters_are_warned_on_the_chapter_page(cited, client, drafter, participant):
    chapter, post = cited
    url = reverse("guidebook:chapter_detail", kwargs={"number": chapter.number})
    client.force_login(drafter)
    page = client.get(url).content.decode()
    assert "withdrawn by the moderators" in page
    # Named by its thread's title and its author's credit, not by the citation's syntax.
    assert f"“{escape(post.thread.title)}”, by {escape(attribution_for(post.author))}" in page
    assert f"[[post:{post.pk}]]" not in page
    client.force_login(participant)
    assert "Cited contributions withdrawn" not in client.get(url).content.decode()


def test_exports_say_the_note_was_withdrawn(cited):
    chapter, post = cited
    context = export_context([chapter], site="https://forum.example.org")
    html = str(context["parts"][0]["html"])
    assert "withdrawn by the moderators" in html
    assert "The words cited." not in html
    # The annex keeps the hidden thread's title out of a document anyone may download.
    [entry] = context["annex"]
    assert entry.post_id == post.pk and entry.title == ""
