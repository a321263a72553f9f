"""Two reviewers and a drafter work a version under review: words selected in paragraph 3
become a comment's passage, a rewording of paragraph 2 is suggested, applied and published,
and the consultation report credits its author."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from guidebook.models import Chapter
from guidebook.services import assign_drafter, open_review, publish_version, save_draft
from tests.browser.conftest import capture
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 700}
HEADING = "## Working with communities"
ONE = "Community policing starts with trust between officers and residents."
TWO = "Officers need human rights training before any outreach role."
THREE = "Outreach to young people works best through youth workers they already know."
REWORDED = "Every officer is trained in human rights before taking an outreach role."

SELECT_WORDS = """([paraId, words]) => {
  const paragraph = document.querySelector(`[data-para="${paraId}"]`);
  const node = paragraph.firstChild;
  const start = node.textContent.indexOf(words);
  const range = document.createRange();
  range.setStart(node, start);
  range.setEnd(node, start + words.length);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  paragraph.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
}"""


@pytest.fixture
def under_review(db, administrator):
    chapter = Chapter.objects.create(number=1, title="Key concepts")
    drafter = UserFactory(username="dora", display_name="Dora Drafter")
    assign_drafter(actor=administrator, chapter=chapter, user=drafter)
    save_draft(
        actor=drafter,
        chapter=chapter,
        text="\n\n".join([HEADING, ONE, TWO, THREE]),
        base_version=0,
    )
    version = publish_version(actor=drafter, chapter=chapter)
    open_review(
        actor=drafter,
        version=version,
        ends_at=timezone.now() + datetime.timedelta(days=14),
        audience="verified",
    )
    return {"chapter": chapter, "drafter": drafter, "version": version}


def test_reviewers_comment_and_suggest_and_the_drafter_applies_and_publishes(
    page, live_server, sign_in, under_review, screenshots
):
    url = live_server.url
    version, drafter = under_review["version"], under_review["drafter"]
    para_two, para_three = version.paragraphs[1]["id"], version.paragraphs[2]["id"]
    first = UserFactory(display_name="Ivo Ivanov")
    second = UserFactory(display_name="Rita Reviewer", organisation="Civic Lab")

    # A reader who is not signed in is offered to sign in, and comes back to the paragraph.
    page.goto(url + version.get_absolute_url())
    expect(page.get_by_role("link", name="Comment on this paragraph")).to_have_count(0)
    offers = page.locator(".para-actions a", has_text="Sign in to comment")
    expect(offers).to_have_count(3)
    capture(page, screenshots, "peer-review-anonymous", phone=NARROW)
    page.locator(f'[data-para-row="{para_three}"] .para-actions a').click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    page.get_by_label("E-mail").fill(first.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(rf"\?para={para_three}#comment-form$"))
    expect(page.locator("#comment-form").get_by_role("heading")).to_have_text(
        "Comment on paragraph 3"
    )

    # The first reviewer selects words in paragraph 3; the form opens in place, quoting them.
    sign_in(first)
    page.goto(url + version.get_absolute_url())
    expect(page.locator(".para-number")).to_have_text(["1", "2", "3"])  # not the heading
    page.evaluate(SELECT_WORDS, [para_three, "youth workers they already know"])
    row = page.locator(f'[data-para-row="{para_three}"]')
    row.get_by_role("link", name="Comment on the selected words").click()
    form = row.locator("#comment-form")
    expect(form).to_be_visible()
    expect(form.get_by_role("heading")).to_have_text("Comment on paragraph 3")
    expect(form.get_by_label("Passage")).to_have_value("youth workers they already know")
    expect(form.locator("blockquote")).to_have_text(THREE)
    form.get_by_label("Your comment").fill("Which youth workers? Say how they are chosen.")
    form.get_by_role("button", name="Add comment").click()
    expect(page.get_by_text("Your comment has been added.")).to_be_visible()
    row = page.locator(f'[data-para-row="{para_three}"]')
    expect(row.locator("mark.passage")).to_have_text("youth workers they already know")
    expect(row.locator(".para-count")).to_have_text("1 comment")
    expect(row.locator(".review-comment")).to_contain_text("Which youth workers?")

    # The second reviewer suggests a rewording of paragraph 2.
    sign_in(second)
    page.goto(url + version.get_absolute_url())
    row = page.locator(f'[data-para-row="{para_two}"]')
    row.get_by_role("link", name="Suggest a rewording").click()
    wording = row.get_by_label("Suggested wording")
    expect(wording).to_have_value(TWO)
    wording.fill(REWORDED)
    row.get_by_label("Your comment").fill("Plainer, and it covers every officer.")
    row.get_by_role("button", name="Add comment").click()
    expect(page.get_by_text("Your suggested wording has been added.")).to_be_visible()

    # The drafter sees it as a word diff against the working draft and applies it.
    sign_in(drafter)
    page.goto(url + version.get_absolute_url())
    suggestion = page.locator("article.review-comment", has=page.get_by_text("Plainer"))
    expect(suggestion.locator(".suggestion__diff ins").first).to_be_visible()
    expect(suggestion.locator(".suggestion__diff del").first).to_be_visible()
    capture(page, screenshots, "peer-review-version-1", phone=NARROW)
    suggestion.get_by_role("button", name="Apply to the working draft").click()
    expect(page.get_by_text("The suggested wording is now in the working draft")).to_be_visible()

    # Version 2 is published: both comments come along, the suggestion incorporated.
    page.goto(url + reverse("guidebook:publish", args=[1]))
    page.get_by_role("button", name="Publish version 2").click()
    expect(page.get_by_text("Version 2 published.")).to_be_visible()
    page.goto(url + reverse("guidebook:version_detail", args=[1, 2]))
    expect(page.locator(f'[data-para="{para_two}"]')).to_have_text(REWORDED)
    carried = page.locator("article.review-comment")
    expect(carried).to_have_count(2)
    expect(carried.filter(has_text="Which youth workers?")).to_contain_text(
        "carried from version 1"
    )
    incorporated = carried.filter(has_text="Plainer")
    expect(incorporated).to_contain_text("carried from version 1")
    expect(incorporated.locator(".badge").first).to_have_text("Incorporated")
    expect(page.locator(f'[data-para-row="{para_three}"] mark.passage')).to_be_visible()
    capture(page, screenshots, "peer-review-version-2", phone=NARROW)

    # The filter: one comment still open, one answered.
    page.get_by_role("link", name="Open (1)").click()
    expect(page.locator("article.review-comment")).to_have_count(1)
    expect(page.locator("article.review-comment")).to_contain_text("Which youth workers?")

    # The consultation report credits the reviewer whose wording was taken.
    page.goto(url + reverse("guidebook:chapter_report", args=[1]))
    entry = page.locator("article", has=page.get_by_text("Suggested wording by Rita Reviewer"))
    expect(entry.locator(".badge")).to_have_text("Incorporated")
    expect(entry).to_contain_text("Credited for the wording: Rita Reviewer, Civic Lab.")
    capture(page, screenshots, "peer-review-report", phone=NARROW)
