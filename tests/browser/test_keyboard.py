# ruff: noqa: F811 - the guidebook fixture is imported from test_guidebook
"""The main flows complete with the keyboard alone (Playwright key presses, no clicks): a
newcomer signs up, confirms the address and posts; a moderator approves with tags; a
drafter links a contribution and cites it; a reviewer comments on a paragraph. Every stop
of the Tab key shows its focus. The skip link moves focus to the content, and the header's
menu closes on Escape.

Opening an address (page.goto) stands for typing it or following the link in an e-mail."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from forum.models import Post
from forum.services.tags import load_vocabulary
from guidebook.models import ContributionLink
from guidebook.services import open_review, publish_version, save_draft
from tests.browser.keyboard import (
    activate,
    assert_focus_visible,
    check,
    choose_radio,
    select_option,
    tab_to,
    type_into,
)
from tests.browser.test_guidebook import guidebook  # noqa: F401
from tests.browser.test_newcomer import EMAIL, PASSWORD, confirmation_link_sent_to
from tests.moderation.helpers import pending_thread

pytestmark = pytest.mark.browser

TITLE = "Officers who speak the languages of their district"


def test_the_skip_link_moves_focus_to_the_content(page, live_server, themes):
    page.goto(live_server.url + reverse("forum:home"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    assert_focus_visible(page)
    box = skip.bounding_box()
    assert box and box["y"] >= 0, "the skip link stays off the screen when focused"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    inside_main = page.evaluate(
        "() => document.querySelector('main').contains(document.activeElement)"
    )
    assert inside_main, "after the skip link, Tab does not start in the content"


def test_the_account_menu_opens_from_the_keyboard_and_closes_on_escape(
    page, live_server, sign_in, participant, themes
):
    sign_in(participant)
    page.goto(live_server.url + reverse("forum:home"))
    menu = page.locator("details.user-menu")
    summary = menu.locator("summary")
    activate(page, summary)
    expect(menu).to_have_attribute("open", "")
    tab_to(page, menu.get_by_role("link", name="Following"))
    page.keyboard.press("Escape")
    expect(menu).not_to_have_attribute("open", "")
    expect(summary).to_be_focused()
    # Open again, then Tab past its last item: focus leaving the menu closes it.
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("open", "")
    tab_to(page, menu.get_by_role("button", name="Sign out"))
    page.keyboard.press("Tab")
    expect(menu).not_to_have_attribute("open", "")


def test_a_newcomer_signs_up_confirms_and_posts_with_the_keyboard(
    page, live_server, themes, open_consultation
):
    page.goto(live_server.url + "/")
    activate(page, page.get_by_role("link", name="Register"))

    type_into(page, page.get_by_label(re.compile(r"^e-?mail", re.IGNORECASE)), EMAIL)
    type_into(page, page.get_by_label(re.compile(r"^password\b(?!.*again)", re.I)), PASSWORD)
    type_into(page, page.get_by_label(re.compile(r"password.*\(again\)|confirm", re.I)), PASSWORD)
    check(page, page.get_by_label("I have read the privacy notice and agree to it"))
    activate(page, page.get_by_role("button", name=re.compile(r"register|sign up", re.I)))
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(r"e-?mail", re.I))

    page.goto(confirmation_link_sent_to(EMAIL))
    activate(page, page.get_by_role("button", name=re.compile(r"confirm", re.I)))
    expect(page.get_by_role("link", name="Sign in")).to_have_count(0)

    page.goto(live_server.url + "/")
    activate(page, page.get_by_role("link", name=themes["atu"].title))
    activate(page, page.get_by_role("link", name=re.compile(r"start a thread", re.I)))

    # The first post asks for a complete profile first.
    type_into(page, page.get_by_label("Display name"), "Nadia Newcomer")
    type_into(
        page, page.get_by_role("textbox", name=re.compile(r"^Organisation")), "Safety Institute"
    )
    select_option(page, page.get_by_label("Stakeholder group"), "Academia / research")
    select_option(page, page.get_by_label("Country", exact=True), "Austria")
    activate(page, page.get_by_role("button", name=re.compile(r"save", re.I)))

    type_into(page, page.get_by_label("Title"), TITLE)
    select_option(page, page.get_by_label("Kind"), "Lesson learnt")
    type_into(
        page, page.get_by_label("Text", exact=True), "Officers who speak the **languages** help."
    )
    activate(page, page.get_by_role("button", name=re.compile(r"^post", re.I)))

    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    post = Post.objects.get(thread__title=TITLE)
    assert post.status == Post.Status.PENDING
    assert post.author.display_name == "Nadia Newcomer"


def test_a_moderator_approves_with_tags_with_the_keyboard(
    page, live_server, sign_in, themes, atu_moderator, settings, open_consultation
):
    settings.MODERATION_MFA_EXEMPT_EMAILS = [atu_moderator.email]
    load_vocabulary()
    post = pending_thread(themes["atu"], title=TITLE)
    sign_in(atu_moderator)
    page.goto(live_server.url + reverse("moderation:home"))
    activate(page, page.get_by_role("link", name="TNT/ATU review queue"))
    activate(page, page.get_by_role("link", name=TITLE))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Review: {TITLE}")

    desk = page.locator("form#decide")
    choose_radio(page, desk.get_by_label("Approve", exact=True))
    check(page, desk.get_by_label("Trust building"))
    check(page, desk.get_by_label("South Caucasus"))
    check(page, desk.get_by_label("Accepted for the guidebook"))
    activate(page, desk.get_by_role("button", name="Approve", exact=True))
    expect(page.get_by_text(re.compile(r"Approved the post"))).to_be_visible()

    post.refresh_from_db()
    assert post.status == Post.Status.APPROVED
    assert post.accepted_for_guidebook is True
    assert set(post.tags.values_list("name", flat=True)) == {"Trust building", "South Caucasus"}


def test_a_drafter_links_and_cites_a_contribution_with_the_keyboard(
    page, live_server, sign_in, guidebook
):
    drafter, tagged = guidebook["drafter"], guidebook["tagged"]
    sign_in(drafter)
    page.goto(live_server.url + reverse("guidebook:pool"))
    item = page.locator(".pool-item", has=page.get_by_text(f"#{tagged.pk} ·"))
    select_option(page, item.get_by_label("Link to"), "Chapter 1 (whole chapter)")
    type_into(page, item.get_by_label("Note for drafters (optional)"), "For 1.1")
    activate(page, item.get_by_role("button", name=f"Link #{tagged.pk}"))
    expect(page.get_by_text(f"Post #{tagged.pk} linked to")).to_be_visible()
    assert ContributionLink.objects.filter(post=tagged, note="For 1.1").exists()

    page.goto(live_server.url + reverse("guidebook:draft_edit", args=[1]))
    type_into(page, page.get_by_label("Chapter text"), f"Trust first. [[post:{tagged.pk}]]")
    activate(page, page.get_by_role("button", name="Save the draft"))
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    expect(page.locator(".preview sup.cite a")).to_have_text("1")


def test_a_reviewer_comments_on_a_paragraph_with_the_keyboard(
    page, live_server, sign_in, guidebook, participant
):
    chapter, drafter = guidebook["chapter"], guidebook["drafter"]
    save_draft(actor=drafter, chapter=chapter, text="One.\n\nTwo.\n\nThree.", base_version=0)
    version = publish_version(actor=drafter, chapter=chapter)
    open_review(
        actor=drafter,
        version=version,
        ends_at=timezone.now() + timedelta(days=14),
        audience="verified",
    )
    sign_in(participant)
    page.goto(live_server.url + version.get_absolute_url())
    activate(page, page.get_by_role("link", name="Comment on this paragraph 2"))
    # The form opens under the paragraph with the focus in its text box.
    body = page.get_by_label("Your comment")
    expect(body).to_be_focused()
    page.keyboard.type("Say which officers.")
    activate(page, page.get_by_role("button", name="Add comment"))
    expect(page.get_by_text("Your comment has been added.")).to_be_visible()
    comment = version.comments.get()
    assert comment.body == "Say which officers."
    assert comment.para_id == version.paragraphs[1]["id"]
