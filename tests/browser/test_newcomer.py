"""A newcomer's first visit, in a real browser: register, confirm the e-mail address,
complete the profile when asked, start a thread, and see it marked as awaiting review."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from forum.models import Post
from tests.browser.conftest import capture

pytestmark = pytest.mark.browser

EMAIL = "newcomer@example.org"
PASSWORD = "a-long-and-unusual-passphrase-2012"
CONFIRMATION_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


def confirmation_link_sent_to(address: str) -> str:
    messages = [m for m in mail.outbox if address in m.to]
    assert messages, f"no e-mail was sent to {address}"
    match = CONFIRMATION_LINK.search(messages[-1].body)
    assert match, f"no confirmation link in:\n{messages[-1].body}"
    return match.group(0)


def test_newcomer_registers_completes_profile_and_starts_a_thread(
    page, live_server, themes, open_consultation, screenshots
):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Register").click()

    page.get_by_label(re.compile(r"^e-?mail", re.IGNORECASE)).fill(EMAIL)
    page.get_by_label(re.compile(r"^password\b(?!.*again)", re.IGNORECASE)).fill(PASSWORD)
    page.get_by_label(re.compile(r"password.*\(again\)|confirm", re.IGNORECASE)).fill(PASSWORD)
    page.get_by_label("I have read the privacy notice and agree to it").check()
    page.get_by_role("button", name=re.compile(r"register|sign up|create", re.IGNORECASE)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        re.compile(r"e-?mail", re.IGNORECASE)
    )

    page.goto(confirmation_link_sent_to(EMAIL))
    page.get_by_role("button", name=re.compile(r"confirm", re.IGNORECASE)).click()
    # Confirming signs them in: the header now offers their menu instead of "Sign in".
    expect(page.get_by_role("link", name="Sign in")).to_have_count(0)

    page.goto(live_server.url + "/")
    page.get_by_role("link", name=themes["atu"].title).click()
    page.get_by_role("link", name=re.compile(r"start a thread", re.IGNORECASE)).click()

    # A first post needs a complete profile; the form sends them there and back.
    expect(page.get_by_label("Display name")).to_be_visible()
    page.get_by_label("Display name").fill("Nadia Newcomer")
    page.get_by_role("textbox", name=re.compile(r"^Organisation")).fill(
        "Community Safety Institute"
    )
    page.get_by_label("Stakeholder group").select_option(label="Academia / research")
    page.get_by_label("Country", exact=True).select_option(label="Austria")
    capture(page, screenshots, "profile")
    page.get_by_role("button", name=re.compile(r"save", re.IGNORECASE)).click()

    page.get_by_label("Title").fill("Officers who speak the languages of their district")
    page.get_by_label("Kind").select_option(label="Lesson learnt")
    page.get_by_label("Text", exact=True).fill(
        "Recruiting officers who speak the **community's languages** changed who came forward."
    )
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("strong", has_text="community's languages")).to_be_visible()
    # The text typed survives the preview round trip.
    expect(page.get_by_label("Text", exact=True)).to_have_value(
        re.compile(r"\*\*community's languages\*\*")
    )

    page.get_by_role("button", name=re.compile(r"^post", re.IGNORECASE)).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Officers who speak the languages of their district"
    )
    expect(page.get_by_text("Awaiting review").first).to_be_visible()
    post = Post.objects.get(thread__title="Officers who speak the languages of their district")
    assert post.status == Post.Status.PENDING
    assert post.author.display_name == "Nadia Newcomer"
