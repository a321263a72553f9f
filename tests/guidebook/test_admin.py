"""The guidebook in the admin: drafting rights change only through the logged service,
and what the services own is read-only."""

import pytest
from django.urls import NoReverseMatch, reverse

from guidebook.models import ContributionLink, DrafterChange
from guidebook.permissions import can_draft_chapter
from guidebook.services import link_contribution

CHAPTERS = reverse("admin:guidebook_chapter_changelist")


@pytest.fixture
def admin_client(client_for):
    return client_for("administrator")


def test_the_grant_action_asks_whom_then_grants_and_logs(
    admin_client, administrator, participant, chapters
):
    selected = {"action": "grant_drafting", "_selected_action": [chapters["two"].pk]}
    page = admin_client.post(CHAPTERS, selected)
    assert page.status_code == 200
    assert "Username or e-mail address" in page.content.decode()
    assert not DrafterChange.objects.exists()

    response = admin_client.post(CHAPTERS, {**selected, "apply": "1", "person": "PARTICIPANT"})
    assert response.status_code == 302
    assert can_draft_chapter(participant, chapters["two"])
    change = DrafterChange.objects.get()
    assert (change.chapter, change.user, change.action, change.actor) == (
        chapters["two"],
        participant,
        "granted",
        administrator,
    )


def test_the_revoke_action_takes_the_right_and_logs(admin_client, drafter, chapters):
    selected = {"action": "revoke_drafting", "_selected_action": [chapters["one"].pk]}
    response = admin_client.post(CHAPTERS, {**selected, "apply": "1", "person": drafter.email})
    assert response.status_code == 302
    assert not can_draft_chapter(drafter, chapters["one"])
    assert DrafterChange.objects.filter(user=drafter, action="revoked").count() == 1


def test_an_unknown_person_is_asked_again_with_what_was_typed(admin_client, chapters):
    selected = {"action": "grant_drafting", "_selected_action": [chapters["one"].pk]}
    response = admin_client.post(CHAPTERS, {**selected, "apply": "1", "person": "nobody-here"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "No active account" in html and 'value="nobody-here"' in html
    assert DrafterChange.objects.filter(action="granted", user__username="nobody-here").count() == 0


def test_the_chapter_admin_has_no_object_permissions_page(admin_client, chapters):
    with pytest.raises(NoReverseMatch):
        reverse("admin:guidebook_chapter_permissions", args=[chapters["one"].pk])
    url = f"/admin/guidebook/chapter/{chapters['one'].pk}/permissions/"
    assert admin_client.get(url).status_code in (302, 404)  # the admin's "not found"


def test_the_chapter_page_shows_drafters_and_their_log(admin_client, drafter, chapters):
    url = reverse("admin:guidebook_chapter_change", args=[chapters["one"].pk])
    html = admin_client.get(url).content.decode()
    assert "Dora Drafter" in html
    assert "Drafting rights given and taken" in html


def test_a_link_cannot_be_edited_or_deleted_in_the_admin(
    admin_client, drafter, chapters, accepted_post
):
    link = link_contribution(
        actor=drafter, post=accepted_post(), chapter=chapters["one"], note="Before"
    )
    change = reverse("admin:guidebook_contributionlink_change", args=[link.pk])
    page = admin_client.get(change)
    assert page.status_code == 200  # viewable
    assert 'name="note"' not in page.content.decode()
    assert admin_client.post(change, {"note": "After"}).status_code == 403
    delete = reverse("admin:guidebook_contributionlink_delete", args=[link.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert ContributionLink.objects.get(pk=link.pk).note == "Before"
