"""The thread and reply forms: the summary fields only for the kinds that carry them, the
kind switch without JavaScript, the preview, limits and error messages, and what readers who
may not post see instead of a reply or new-thread button."""

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from accounts.models import ApprovalStatus
from forum.markup.limits import MAX_LENGTH
from forum.models import Post, Thread
from tests.factories import ThreadFactory, UserFactory

NEW_THREAD = reverse("forum:thread_create", kwargs={"slug": "key-concepts"})


def _text(response) -> str:
    return " ".join(strip_tags(response.content.decode()).split())


def _data(**overrides):
    return {"title": "Foot patrols", "kind": "comment", "body": "Meet **monthly**."} | overrides


def test_summary_fields_are_shown_only_for_kinds_that_carry_them(client_for, themes):
    client = client_for("participant")
    comment = client.get(NEW_THREAD).content.decode()
    assert "data-summary-fields hidden" in comment
    case = client.post(NEW_THREAD, _data(kind="case_study", change_kind="1")).content.decode()
    assert "data-summary-fields hidden" not in case
    assert 'name="place"' in case


def test_changing_kind_without_javascript_keeps_everything_typed(client_for, themes):
    response = client_for("participant").post(
        NEW_THREAD, _data(kind="good_practice", title="", change_kind="1")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Meet **monthly**." in page
    assert "There is a problem" not in page  # nothing was sent, so nothing is wrong yet
    assert not Thread.objects.exists()


def test_a_summary_on_a_comment_is_refused_beside_its_field_not_dropped(client_for, themes):
    response = client_for("participant").post(NEW_THREAD, _data(place="Tajikistan"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "A comment has no country or region" in page
    assert 'value="Tajikistan"' in page
    assert "data-summary-fields hidden" not in page  # the refused text is in view
    assert 'href="#id_place"' in page
    assert not Thread.objects.exists()


def test_a_case_study_keeps_its_summary(client_for, themes):
    response = client_for("participant").post(
        NEW_THREAD, _data(kind="case_study", place="Tajikistan", period="2010")
    )
    assert response.status_code == 302
    post = Post.objects.get()
    assert (post.place, post.period) == ("Tajikistan", "2010")


def test_the_preview_shows_title_kind_summary_and_text(client_for, themes):
    response = client_for("participant").post(
        NEW_THREAD, _data(kind="case_study", place="Tajikistan", preview="1")
    )
    text = _text(response)
    preview = text[text.index("This is how your post will look") :]
    assert "Foot patrols Case study Case study at a glance" in preview
    assert "Tajikistan Meet monthly." in preview
    assert "<strong>monthly</strong>" in response.content.decode()
    assert not Thread.objects.exists()


def test_the_limits_are_told_before_sending(client_for, themes):
    page = client_for("participant").get(NEW_THREAD).content.decode()
    assert f"Up to {MAX_LENGTH:,} characters." in page
    assert f'data-max-length="{MAX_LENGTH}"' in page


def test_the_error_summary_names_each_field(client_for, themes):
    response = client_for("participant").post(NEW_THREAD, _data(title="", body=""))
    summary = _text(response)
    assert "Title: Give the thread a title." in summary
    assert "Text: Write the text of your contribution." in summary
    assert "This field is required." not in summary


@pytest.fixture
def waiting(db):
    return UserFactory(approval_status=ApprovalStatus.PENDING)


def test_visitors_are_asked_to_sign_in_to_reply_or_start_a_thread(client, themes):
    thread = ThreadFactory(theme=themes["atu"])
    page = _text(client.get(thread.get_absolute_url()))
    assert "Sign in to reply" in page and "Reply to this thread" not in page
    page = _text(client.get(themes["atu"].get_absolute_url()))
    assert "Sign in to start a thread" in page


def test_accounts_awaiting_approval_are_told_so_instead_of_a_button(client, themes, waiting):
    thread = ThreadFactory(theme=themes["atu"])
    client.force_login(waiting)
    page = _text(client.get(thread.get_absolute_url()))
    assert "Your account is awaiting approval" in page
    assert "Reply to this thread" not in page and "Sign in to reply" not in page
    page = _text(client.get(themes["atu"].get_absolute_url()))
    assert "Your account is awaiting approval" in page
    assert "Start a thread" not in page.replace("start threads", "")


def test_participants_see_the_buttons(client_for, themes):
    thread = ThreadFactory(theme=themes["atu"])
    client = client_for("participant")
    assert "Reply to this thread" in _text(client.get(thread.get_absolute_url()))
    assert "Start a thread" in _text(client.get(themes["atu"].get_absolute_url()))
