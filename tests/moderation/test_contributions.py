"""The author's side of moderation: "My contributions" and notifications."""

from django.urls import reverse

from forum.models import Post
from moderation.services.decisions import RejectReason, reject_post, request_changes
from tests.factories import PostFactory
from tests.moderation.helpers import pending_thread


def test_my_contributions_lists_each_post_with_status_and_reason(
    client_for, themes, participant, atu_moderator
):
    changes = pending_thread(themes["atu"], author=participant)
    rejected = pending_thread(themes["atu"], author=participant)
    waiting = pending_thread(themes["atu"], author=participant)
    someone_elses = pending_thread(themes["atu"])
    request_changes(actor=atu_moderator, post=changes, reason="Name the programme.")
    reject_post(
        actor=atu_moderator, post=rejected, preset_reason=RejectReason.DUPLICATE, text="See #4"
    )

    response = client_for("participant").get(reverse("contributions:mine"))

    assert response.status_code == 200
    shown = {p.pk for p in response.context["page_obj"]}
    assert shown == {changes.pk, rejected.pk, waiting.pk}
    assert someone_elses.pk not in shown
    page = response.content.decode()
    assert "Name the programme." in page
    assert "Duplicate of another contribution: See #4" in page
    assert "Changes requested" in page and "Awaiting review" in page


def test_my_contributions_holds_25_a_page(client_for, themes, participant):
    thread = pending_thread(themes["atu"], author=participant).thread
    for _ in range(26):
        PostFactory(thread=thread, author=participant, status=Post.Status.PENDING)
    client = client_for("participant")
    assert len(client.get(reverse("contributions:mine")).context["page_obj"]) == 25
    second = client.get(reverse("contributions:mine"), {"page": 2}).context["page_obj"]
    assert len(second) == 2
