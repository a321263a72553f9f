import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from guidebook.models import ContributionLink, Outcome
from guidebook.services import (
    add_comment,
    link_contribution,
    open_review,
    publish_version,
    record_comment_outcome,
    record_link_outcome,
    reply_to_comment,
    save_draft,
)


@pytest.fixture
def cited(drafter, chapters, accepted_post, participant):
    """A participant's post linked to chapter 1 and cited in paragraph 2 of version 1,
    which is open for review with one comment by the same participant."""
    post = accepted_post(author=participant, body="Our youth programme.")
    link = link_contribution(actor=drafter, post=post, chapter=chapters["one"])
    save_draft(
        actor=drafter,
        chapter=chapters["one"],
        text=f"Opening.\n\nYouth work matters [[post:{post.pk}]].",
        base_version=0,
    )
    version = publish_version(actor=drafter, chapter=chapters["one"])
    open_review(
        actor=drafter,
        version=version,
        ends_at=timezone.now() + datetime.timedelta(days=3),
        audience="verified",
    )
    comment = add_comment(
        actor=participant, version=version, para_id=version.paragraphs[0]["id"], body="Expand"
    )
    return {"post": post, "link": link, "version": version, "comment": comment}


def test_drafters_record_outcomes(cited, drafter, participant):
    link = record_link_outcome(
        actor=drafter, link=cited["link"], outcome=Outcome.PARTLY, reason="Shortened"
    )
    assert (link.outcome, link.outcome_reason, link.outcome_by) == ("partly", "Shortened", drafter)
    comment = record_comment_outcome(
        actor=drafter, comment=cited["comment"], outcome=Outcome.OUT_OF_SCOPE
    )
    assert comment.outcome == "out_of_scope"
    with pytest.raises(PermissionDenied):
        record_link_outcome(actor=participant, link=cited["link"], outcome=Outcome.NOT_INCORPORATED)
    with pytest.raises(ValidationError):
        record_link_outcome(actor=drafter, link=cited["link"], outcome="maybe")
    reply = reply_to_comment(actor=drafter, comment=cited["comment"], body="Noted")
    with pytest.raises(ValidationError, match="Replies have no outcome"):
        record_comment_outcome(actor=drafter, comment=reply, outcome=Outcome.INCORPORATED)
    cleared = record_link_outcome(actor=drafter, link=cited["link"], outcome="")
    assert (cleared.outcome, cleared.outcome_by) == ("", None)


def test_how_my_input_was_used(cited, drafter, client_for):
    record_link_outcome(
        actor=drafter, link=cited["link"], outcome=Outcome.INCORPORATED, reason="Core example"
    )
    html = client_for("participant").get(reverse("guidebook:my_input")).content.decode()
    assert re.search(r">Incorporated</span>\s*Core example", html)
    version_url = cited["version"].get_absolute_url()
    assert f"{version_url}#p-{cited['version'].paragraphs[1]['id']}" in html
    assert "paragraph 2 (note 1)" in html
    assert "Expand" in html


def test_my_input_needs_sign_in(client):
    response = client.get(reverse("guidebook:my_input"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_chapter_report_lists_every_input_and_drafters_record_there(cited, drafter, client_for):
    report = reverse("guidebook:chapter_report", args=[1])
    html = client_for("anonymous").get(report).content.decode()
    # Named by its thread and its author, never by a number.
    assert f"“{cited['post'].thread.title}”" in html
    assert f"Contribution #{cited['post'].pk}" not in html
    assert "Expand" in html
    assert "Record outcome" not in html
    drafter_client = client_for("anonymous")
    drafter_client.force_login(drafter)
    assert "Record outcome" in drafter_client.get(report).content.decode()
    url = reverse("guidebook:link_outcome", args=[cited["link"].pk])
    response = drafter_client.post(url, {"outcome": "not_incorporated", "reason": "Duplicate"})
    assert response.status_code == 302
    assert ContributionLink.objects.get(pk=cited["link"].pk).outcome == "not_incorporated"
    participant = client_for("participant")
    # The link is on the public report; recording its outcome is the drafters' to do.
    assert participant.post(url, {"outcome": "incorporated"}).status_code == 403
    comment_url = reverse("guidebook:comment_outcome", args=[cited["comment"].pk])
    assert participant.post(comment_url, {"outcome": "incorporated"}).status_code == 403


@pytest.fixture
def noted(drafter, chapters, accepted_post, administrator):
    """Two contributions linked to chapter 1 with a drafter's note, one of them with its
    outcome recorded; the other's post was hidden by moderators afterwards."""
    from accounts.models import Attribution
    from forum.models import Post
    from tests.factories import UserFactory

    author = UserFactory(
        display_name="Nadia Nur",
        organisation="Community Forum",
        default_attribution=Attribution.NAME_AND_ORGANISATION,
    )
    shown = accepted_post(author=author)
    link = link_contribution(
        actor=drafter, post=shown, chapter=chapters["one"], note="Ask her for the figures"
    )
    record_link_outcome(actor=drafter, link=link, outcome=Outcome.INCORPORATED, reason="In 1.1")
    hidden = accepted_post(body="Later hidden.")
    link_contribution(actor=drafter, post=hidden, chapter=chapters["one"], note="Hidden note")
    Post.objects.filter(pk=hidden.pk).update(status=Post.Status.HIDDEN)
    return {"shown": shown, "hidden": hidden}


@pytest.mark.parametrize("kind", ["anonymous", "participant", "spmu_moderator"])
def test_the_public_report_shows_outcome_and_attribution_but_no_notes(noted, client_for, kind):
    html = client_for(kind).get(reverse("guidebook:chapter_report", args=[1])).content.decode()
    assert f"“{noted['shown'].thread.title}”</a>, Nadia Nur, Community Forum" in html
    assert "Nadia Nur, Community Forum" in html
    assert re.search(r">Incorporated</span>\s*In 1\.1", html)
    assert "Ask her for the figures" not in html and "Drafters&#x27; note" not in html
    # A post readers may no longer see takes its link off their report.
    assert f"“{noted['hidden'].thread.title}”" not in html


@pytest.mark.parametrize("kind", ["drafter", "other_drafter", "administrator"])
def test_drafters_see_every_link_and_its_note_on_the_report(noted, client_for, kind):
    html = client_for(kind).get(reverse("guidebook:chapter_report", args=[1])).content.decode()
    assert "Ask her for the figures" in html
    assert f"“{noted['hidden'].thread.title}”" in html and "Hidden note" in html


@pytest.mark.parametrize(
    ("kind", "status"), [("anonymous", 302), ("participant", 403), ("other_drafter", 200)]
)
def test_the_link_page_with_its_note_is_for_drafters(noted, client_for, kind, status):
    link = noted["shown"].guidebook_links.get()
    response = client_for(kind).get(reverse("guidebook:link_detail", args=[link.pk]))
    assert response.status_code == status


def test_a_refused_outcome_is_shown_again_with_its_reason(cited, drafter, client_for):
    client = client_for("drafter")
    url = reverse("guidebook:link_outcome", args=[cited["link"].pk])
    response = client.post(url, {"outcome": "maybe", "reason": "My typed reason"})
    assert response.status_code == 400
    assert "My typed reason</textarea>" in response.content.decode()
    assert ContributionLink.objects.get(pk=cited["link"].pk).outcome == ""
