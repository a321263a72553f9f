"""Sending a posting form twice (a double click, a retry after a lost response) makes one
thread, one reply, one review comment: the form's token is recorded with what it made."""

import re

import pytest
from django.urls import reverse

from accounts.models import FormSubmission
from forum.models import Post, Thread
from guidebook.models import ReviewComment
from tests.factories import ThreadFactory
from tests.guidebook.test_review_views import open_for_a_week, publish

TOKEN = re.compile(r'name="submission" value="([0-9a-f-]{36})"')


def _token(client, url) -> str:
    match = TOKEN.search(client.get(url).content.decode())
    assert match, "the form carries no submission token"
    return match.group(1)


def _twice(client, url, data):
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    return first


@pytest.fixture
def participant_client(client, participant, open_consultation):
    client.force_login(participant)
    return client


@pytest.fixture
def open_consultation(db):
    from django.utils import timezone

    from forum.models import ConsultationSchedule

    return ConsultationSchedule.objects.create(
        title="Open", opens_at=timezone.now() - timezone.timedelta(days=1)
    )


def test_a_thread_sent_twice_is_started_once(participant_client, participant, themes):
    url = reverse("forum:thread_create", args=[themes["atu"].slug])
    data = {
        "title": "Once only",
        "kind": "comment",
        "body": "Sent twice.",
        "submission": _token(participant_client, url),
    }
    _twice(participant_client, url, data)
    assert Thread.objects.filter(title="Once only").count() == 1
    assert Post.objects.filter(author=participant, body="Sent twice.").count() == 1


def test_a_reply_sent_twice_is_posted_once(participant_client, participant, themes):
    thread = ThreadFactory(theme=themes["atu"])
    url = reverse("forum:post_create", args=[thread.pk])
    data = {
        "kind": "comment",
        "body": "Replied twice.",
        "submission": _token(participant_client, url),
    }
    _twice(participant_client, url, data)
    assert Post.objects.filter(author=participant, body="Replied twice.").count() == 1


def test_two_forms_with_their_own_tokens_make_two_replies(participant_client, participant, themes):
    thread = ThreadFactory(theme=themes["atu"])
    url = reverse("forum:post_create", args=[thread.pk])
    for words in ("First words.", "Second words."):
        data = {
            "kind": "comment",
            "body": words,
            "submission": _token(participant_client, url),
        }
        participant_client.post(url, data)
    assert Post.objects.filter(author=participant, body__endswith="words.").count() == 2


def test_a_refused_submission_keeps_its_token_free_for_the_corrected_form(
    participant_client, participant, themes
):
    thread = ThreadFactory(theme=themes["atu"])
    url = reverse("forum:post_create", args=[thread.pk])
    token = _token(participant_client, url)
    refused = participant_client.post(url, {"kind": "comment", "body": "", "submission": token})
    assert refused.status_code == 400
    assert token in refused.content.decode()
    assert not FormSubmission.objects.filter(token=token).exists()
    participant_client.post(url, {"kind": "comment", "body": "Fixed.", "submission": token})
    assert Post.objects.filter(author=participant, body="Fixed.").count() == 1


def test_a_review_comment_sent_twice_is_added_once(client, participant, drafter, chapters):
    version = publish(drafter, chapters["one"], "A paragraph to comment on.")
    open_for_a_week(drafter, version)
    client.force_login(participant)
    # The form opens under the paragraph chosen ("Comment on this paragraph").
    para = version.paragraphs[0]["id"]
    page = reverse("guidebook:version_detail", args=[1, 1]) + f"?para={para}"
    url = reverse("guidebook:comment_create", args=[1, 1])
    data = {
        "para_id": version.paragraphs[0]["id"],
        "body": "Commented twice.",
        "selected_text": "",
        "submission": _token(client, page),
    }
    _twice(client, url, data)
    assert ReviewComment.objects.filter(author=participant, body="Commented twice.").count() == 1
