"""Moderators' private notes on a post or on its author: the service, the review page's
form, who reads them, and the decision log row each note leaves."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from moderation.models import Decision, ModeratorNote
from moderation.services.notes import add_moderator_note
from tests.conftest import KINDS, session_user, sign_in
from tests.moderation.helpers import pending_reply, unit_page_status


def _review_url(post):
    return reverse("moderation:post_review", kwargs={"pk": post.pk})


def _note_url(post):
    return reverse("moderation:post_note", kwargs={"pk": post.pk})


def _page_text(response) -> str:
    return " ".join(strip_tags(response.content.decode()).split())


# The service ---------------------------------------------------------------------------------


def test_a_note_on_a_post_is_kept_with_its_unit_and_logged(themes, atu_moderator):
    post = pending_reply(themes["atu"])

    note = add_moderator_note(actor=atu_moderator, post=post, text="  Check the figures.  ")

    assert (note.post, note.author, note.written_by) == (post, None, atu_moderator)
    assert note.text == "Check the figures."
    assert note.unit.code == "atu"
    decision = Decision.objects.get()
    assert decision.action == Decision.Action.ADD_NOTE
    assert decision.get_action_display() == "Note added"
    assert (decision.post, decision.thread, decision.actor) == (post, post.thread, atu_moderator)
    assert decision.reason == "Check the figures."
    assert decision.unit.code == "atu"


def test_a_note_on_an_author_is_logged_about_the_account(themes, spmu_moderator):
    post = pending_reply(themes["atu"])

    note = add_moderator_note(actor=spmu_moderator, author=post.author, text="Writes for a NGO.")

    assert (note.post, note.author, note.unit.code) == (None, post.author, "spmu")
    decision = Decision.objects.get()
    assert (decision.action, decision.target_user, decision.post) == (
        Decision.Action.ADD_NOTE,
        post.author,
        None,
    )


@pytest.mark.parametrize("who", ["participant", "drafter", "spmu_moderator", "odihr_moderator"])
def test_only_the_themes_moderators_may_note_a_post(themes, person, who):
    post = pending_reply(themes["atu"])
    with pytest.raises(PermissionDenied):
        add_moderator_note(actor=person(who), post=post, text="x")
    assert not ModeratorNote.objects.exists()
    assert not Decision.objects.exists()


@pytest.mark.parametrize("who", ["participant", "drafter"])
def test_people_without_moderation_rights_may_not_note_an_author(themes, person, who):
    post = pending_reply(themes["atu"])
    with pytest.raises(PermissionDenied):
        add_moderator_note(actor=person(who), author=post.author, text="x")


def test_a_note_needs_the_second_factor(settings, themes, atu_moderator, with_totp):
    settings.MODERATION_MFA_EXEMPT_EMAILS = []
    post = pending_reply(themes["atu"])
    with pytest.raises(PermissionDenied):
        add_moderator_note(actor=atu_moderator, post=post, text="x")

    with_totp(atu_moderator)
    actor = session_user(sign_in(Client(), atu_moderator, second_factor=True))
    add_moderator_note(actor=actor, post=post, text="x")
    assert ModeratorNote.objects.count() == 1


@pytest.mark.parametrize("text", ["", "   ", "x" * 2001])
def test_a_note_is_some_text_of_at_most_2000_characters(themes, atu_moderator, text):
    post = pending_reply(themes["atu"])
    with pytest.raises(ValidationError) as exc:
        add_moderator_note(actor=atu_moderator, post=post, text=text)
    assert "text" in exc.value.error_dict
    assert not ModeratorNote.objects.exists()
    assert not Decision.objects.exists()


def test_a_note_is_on_a_post_or_an_author_not_both(themes, atu_moderator):
    post = pending_reply(themes["atu"])
    with pytest.raises(ValueError):
        add_moderator_note(actor=atu_moderator, post=post, author=post.author, text="x")
    with pytest.raises(ValueError):
        add_moderator_note(actor=atu_moderator, text="x")


def test_the_database_refuses_a_note_on_both(themes, atu_moderator):
    from django.db import IntegrityError, transaction

    post = pending_reply(themes["atu"])
    with pytest.raises(IntegrityError), transaction.atomic():
        ModeratorNote.objects.create(
            post=post, author=post.author, text="x", written_by=atu_moderator
        )


# The review page -------------------------------------------------------------------------


@pytest.mark.parametrize("who", KINDS)
def test_adding_a_note_answers_as_the_review_pages_other_actions(client_for, themes, who):
    post = pending_reply(themes["atu"])
    response = client_for(who).post(_note_url(post), {"note-about": "post", "note-text": "Hm."})
    assert response.status_code == unit_page_status(who, ok=302)
    noted = who in ("atu_moderator", "administrator")
    assert ModeratorNote.objects.exists() is noted
    if noted:
        assert response["Location"] == _review_url(post)


def test_a_note_on_the_author_from_the_review_page(client_for, themes):
    post = pending_reply(themes["atu"])
    client = client_for("atu_moderator")

    response = client.post(
        _note_url(post), {"note-about": "author", "note-text": "Asked before."}, follow=True
    )

    note = ModeratorNote.objects.get()
    assert (note.post, note.author) == (None, post.author)
    assert f"Your note on {post.author} is saved." in _page_text(response)


def test_a_refused_note_is_shown_again_with_its_text(client_for, themes):
    post = pending_reply(themes["atu"])
    long_text = "Too long " * 250
    response = client_for("atu_moderator").post(
        _note_url(post), {"note-about": "post", "note-text": long_text}
    )
    assert response.status_code == 400
    assert response.context["note_form"].errors["text"]
    assert long_text.strip() in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not ModeratorNote.objects.exists()


def test_a_note_with_no_choice_of_subject_is_refused(client_for, themes):
    post = pending_reply(themes["atu"])
    response = client_for("atu_moderator").post(_note_url(post), {"note-text": "Hm."})
    assert response.status_code == 400
    assert response.context["note_form"].errors["about"]


def test_notes_are_listed_newest_first_with_who_their_unit_and_when(
    client_for, themes, atu_moderator, odihr_moderator
):
    post = pending_reply(themes["shared"])
    add_moderator_note(actor=atu_moderator, post=post, text="First look: fine.")
    add_moderator_note(actor=odihr_moderator, author=post.author, text="Known to us.")
    elsewhere = pending_reply(themes["shared"])
    add_moderator_note(actor=atu_moderator, post=elsewhere, text="About another post.")

    response = client_for("atu_moderator").get(_review_url(post))

    notes = response.context["review"].notes
    assert [n.text for n in notes] == ["Known to us.", "First look: fine."]
    text = _page_text(response)
    assert "Olga ODIHR, ODIHR" in text
    assert "Ana ATU, TNT/ATU" in text
    assert "Ana ATU, TNT/ATU, TNT/ATU" not in text
    assert "About another post." not in text


def test_the_log_shows_a_note_as_note_added(client_for, themes, atu_moderator):
    post = pending_reply(themes["atu"])
    add_moderator_note(actor=atu_moderator, post=post, text="Check the figures.")

    page = _page_text(client_for("atu_moderator").get(reverse("moderation:log")))
    assert "Note added" in page
    assert "Check the figures." in page
    csv = b"".join(client_for("atu_moderator").get(reverse("moderation:log_csv"))).decode()
    assert "Note added" in csv
    assert "Check the figures." in csv


# Who reads notes ---------------------------------------------------------------------------


def test_odihr_reads_notes_on_a_post_in_a_co_moderated_theme(client_for, themes, atu_moderator):
    post = pending_reply(themes["shared"])
    add_moderator_note(actor=atu_moderator, post=post, text="Shared theme note.")

    response = client_for("odihr_moderator").get(_review_url(post))

    assert response.status_code == 200
    assert "Shared theme note." in _page_text(response)


def test_spmu_reads_no_notes_on_an_atu_only_post(client_for, themes, atu_moderator):
    from moderation.permissions import visible_moderator_notes

    post = pending_reply(themes["atu"])
    add_moderator_note(actor=atu_moderator, post=post, text="ATU only.")
    spmu = client_for("spmu_moderator")

    assert spmu.get(_review_url(post)).status_code == 404
    user = session_user(spmu)
    assert not visible_moderator_notes(user, ModeratorNote.objects.all()).exists()


def test_notes_are_never_shown_to_the_author(client_for, themes, atu_moderator):
    post = pending_reply(themes["atu"])
    add_moderator_note(actor=atu_moderator, post=post, text="Secret post note.")
    add_moderator_note(actor=atu_moderator, author=post.author, text="Secret author note.")
    author = Client()
    author.force_login(post.author)

    for url in (
        reverse("forum:post_permalink", kwargs={"pk": post.pk}),
        reverse("contributions:mine"),
    ):
        response = author.get(url, follow=True)
        assert "Secret" not in response.content.decode()
