"""The review desk: one form whose choice decides, "… and next", the tag picker as it is
without JavaScript, the queue's rows and the relative times they show."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from forum.models import Post, Tag
from moderation.models import Decision
from moderation.services.decisions import approve_post, claim_post, request_changes
from moderation.templatetags.moderation_time import time_ago
from tests.factories import PostFactory, ThreadFactory
from tests.moderation.helpers import pending_reply, pending_thread, tag


def _decide(client, post, **data):
    return client.post(reverse("moderation:post_decide", kwargs={"pk": post.pk}), data)


def _review(post) -> str:
    return reverse("moderation:post_review", kwargs={"pk": post.pk})


def _text(response) -> str:
    return " ".join(strip_tags(response.content.decode()).split())


QUEUE = reverse("moderation:unit_queue", kwargs={"code": "atu"})

CHOICES = [
    ({"decision": "approve"}, Post.Status.APPROVED, "Approved the post by"),
    (
        {"decision": "request_changes", "reason": "Add a source."},
        Post.Status.CHANGES_REQUESTED,
        "Asked",
    ),
    ({"decision": "reject", "preset_reason": "spam"}, Post.Status.REJECTED, "Rejected the post"),
]


@pytest.mark.parametrize(("data", "status", "said"), CHOICES)
def test_each_decision_and_next_opens_the_oldest_waiting_post(
    client_for, themes, data, status, said
):
    first = pending_thread(themes["atu"])
    second = pending_reply(themes["atu"])
    pending_thread(themes["spmu"])  # another unit's queue: never next here
    client = client_for("atu_moderator")

    response = _decide(client, first, then="next", **data)

    assert response.status_code == 302 and response.url == _review(second)
    first.refresh_from_db()
    assert first.status == status
    assert said in _text(client.get(response.url))


@pytest.mark.parametrize(("data", "status", "said"), CHOICES)
def test_the_last_decision_and_next_lands_on_the_empty_queue(
    client_for, themes, data, status, said
):
    post = pending_thread(themes["atu"])
    client = client_for("atu_moderator")
    response = _decide(client, post, then="next", **data)
    assert response.url == QUEUE
    page = _text(client.get(QUEUE))
    assert said in page
    assert "Nothing else is waiting in the TNT/ATU queue." in page


def test_without_next_the_decision_returns_to_the_queue(client_for, themes):
    post = pending_thread(themes["atu"])
    pending_thread(themes["atu"])
    response = _decide(client_for("atu_moderator"), post, decision="approve", then="queue")
    assert response.url == QUEUE


def test_next_skips_a_post_another_moderator_is_reviewing(
    client_for, themes, atu_moderator, administrator
):
    post = pending_thread(themes["atu"])
    taken = pending_thread(themes["atu"])
    free = pending_thread(themes["atu"])
    claim_post(actor=administrator, post=taken)
    response = _decide(client_for("atu_moderator"), post, decision="approve", then="next")
    assert response.url == _review(free)


def test_only_the_chosen_decisions_fields_are_read(client_for, themes):
    post = pending_thread(themes["atu"])
    response = _decide(
        client_for("atu_moderator"),
        post,
        decision="reject",
        preset_reason="off_topic",
        reason="Typed under request changes, then changed my mind.",
    )
    assert response.status_code == 302
    decision = Decision.objects.get(post=post)
    assert decision.action == Decision.Action.REJECT
    assert decision.reason == "Off-topic"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "decision", "Choose approve, request changes or reject."),
        ({"decision": "request_changes"}, "reason", "Tell the author what to change."),
        ({"decision": "reject"}, "preset_reason", "Choose a reason for rejecting the post."),
    ],
)
def test_errors_show_beside_their_field_and_in_the_summary(
    client_for, themes, data, field, message
):
    post = pending_thread(themes["atu"])
    response = _decide(client_for("atu_moderator"), post, **data)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert re.search(rf'<a href="#id_{field}">[^<]*: {re.escape(message)}</a>', page)
    post.refresh_from_db()
    assert post.status == Post.Status.PENDING


def test_spam_is_a_reason_to_reject(client_for, themes):
    post = pending_thread(themes["atu"])
    page = client_for("atu_moderator").get(_review(post)).content.decode()
    assert 'value="spam"' in page and "Spam" in page


def test_the_tag_picker_groups_tags_by_facet_with_suggestions_first(
    client_for, themes, participant, atu_moderator
):
    named = tag("community-policing")  # its name occurs in the text below
    carried = tag("balkans", Tag.Facet.REGION)  # on the author's earlier approved post
    other = tag("schools", Tag.Facet.ACTOR)
    earlier = pending_thread(themes["atu"], author=participant)
    approve_post(actor=atu_moderator, post=earlier, tags=[carried])
    post = pending_thread(
        themes["atu"], author=participant, opening__body="How community policing began."
    )

    page = client_for("atu_moderator").get(_review(post)).content.decode()

    group = r'<fieldset class="tag-picker__group[^"]*"[^>]*>\s*<legend>([^<]+)</legend>'
    groups = re.findall(group + r"(.*?)</fieldset>", page, re.S)
    legends = [legend for legend, _ in groups]
    assert legends[0] == "Suggested for this post"
    assert set(legends[1:]) == {"Actor"}
    suggested = groups[0][1]
    assert f'value="{named.pk}"' in suggested and f'value="{carried.pk}"' in suggested
    assert f'value="{other.pk}"' not in suggested
    # Every tag has exactly one checkbox.
    assert page.count(f'name="tags" id="tag-{named.pk}"') == 1
    # The filter box is for the script to reveal; without it the groups are all there is.
    assert re.search(r"<p class=\"tag-picker__filter\" data-tag-filter hidden>", page)


def test_every_decisions_fields_are_on_the_page_under_their_choice(client_for, themes):
    post = pending_thread(themes["atu"])
    page = _text(client_for("atu_moderator").get(_review(post)))
    approve, changes, reject = (
        page.index("If you approve"),
        page.index("If you request changes"),
        page.index("If you reject"),
    )
    assert approve < page.index("Note for drafters") < changes
    assert changes < page.index("What should the author change?") < reject


# The queue's rows ------------------------------------------------------------------------


def test_queue_rows_say_reply_new_thread_resubmitted_and_who_reviews(
    client_for, themes, atu_moderator
):
    opening = pending_thread(themes["atu"])
    reply = pending_reply(themes["atu"])
    resubmitted = pending_thread(themes["atu"])
    request_changes(actor=atu_moderator, post=resubmitted, reason="Add a source.")
    Post.objects.filter(pk=resubmitted.pk).update(status=Post.Status.PENDING)
    claim_post(actor=atu_moderator, post=reply)

    page = client_for("atu_moderator").get(QUEUE).content.decode()

    def row(post):
        start = page.index(f'id="post-{post.pk}"')
        return " ".join(strip_tags(page[start : page.index("</tr>", start)]).split())

    assert "New thread" in row(opening) and "Resubmitted" not in row(opening)
    assert "Reply" in row(reply)
    assert "Resubmitted" in row(resubmitted)
    assert "Being reviewed by Ana ATU, TNT/ATU" in row(reply)
    assert row(reply).count("TNT/ATU") == 1


def test_queue_rows_say_how_long_ago_in_words(client_for, themes):
    post = pending_thread(themes["atu"])
    Post.objects.filter(pk=post.pk).update(submitted_at=timezone.now() - timedelta(minutes=3))
    assert "3 minutes ago" in _text(client_for("atu_moderator").get(QUEUE))


@pytest.mark.parametrize(
    ("ago", "words"),
    [
        (timedelta(seconds=5), "just now"),
        (timedelta(seconds=-30), "just now"),
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(minutes=3, seconds=50), "3 minutes ago"),
        (timedelta(hours=1), "1 hour ago"),
        (timedelta(hours=26), "1 day ago"),
        (timedelta(days=15), "2 weeks ago"),
        (timedelta(days=400), "1 year ago"),
    ],
)
def test_time_ago(ago, words):
    now = timezone.now()
    assert time_ago(now - ago, now) == words


def test_time_ago_of_nothing_is_empty():
    assert time_ago(None) == ""


def test_a_reply_review_page_says_it_is_a_reply(client_for, themes):
    post = PostFactory(thread=ThreadFactory(theme=themes["atu"]), status=Post.Status.PENDING)
    assert "a reply" in _text(client_for("atu_moderator").get(_review(post)))
