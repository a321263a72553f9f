"""A contribution's way through review, in a real browser: a participant posts in an ATU
theme, the ATU moderator approves it with tags and accepts it for the guidebook, and a
reader sees it public with its tags; another unit's moderator cannot open it. Then the
revise-and-resubmit loop: changes requested, the same post edited and approved."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from forum.models import Notification, Post
from forum.services.tags import load_vocabulary
from tests.browser.conftest import capture, new_context, sign_in_context
from tests.moderation.helpers import pending_reply, pending_thread

pytestmark = pytest.mark.browser

TITLE = "Neighbourhood officers who stay in one district"
BODY = "Keeping the same officers in a district for years built **trust** with families."
TOPIC = "Trust building"
REGION = "South Caucasus"


@pytest.fixture
def exempt_moderators(settings, atu_moderator, odihr_moderator):
    """The demo moderators act without TOTP, as the demo setting allows."""
    settings.MODERATION_MFA_EXEMPT_EMAILS = [atu_moderator.email, odihr_moderator.email]
    return {"atu": atu_moderator, "odihr": odihr_moderator}


@pytest.fixture
def vocabulary(db):
    load_vocabulary()


@pytest.fixture
def pages(context, live_server):
    """pages(user): a new tab in its own browser context, signed in as `user` (None: anonymous).

    Each person gets their own cookies, so the participant, the moderators and a reader can
    take turns in one test.
    """
    opened = []

    def open_as(user):
        ctx = new_context(context.browser)
        opened.append(ctx)
        if user is not None:
            sign_in_context(ctx, live_server, user)
        return ctx.new_page()

    yield open_as
    for ctx in opened:
        ctx.close()


def start_thread(page, live_server, theme, *, title: str, body: str) -> Post:
    page.goto(live_server.url + theme.get_absolute_url())
    page.get_by_role("link", name=re.compile(r"start a thread", re.IGNORECASE)).click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Kind").select_option(label="Lesson learnt")
    page.get_by_label("Text", exact=True).fill(body)
    page.get_by_role("button", name="Post thread").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    return Post.objects.get(thread__title=title)


def open_from_queue(page, live_server, *, unit_name: str, title: str) -> None:
    page.goto(live_server.url + reverse("moderation:home"))
    page.get_by_role("link", name=f"{unit_name} review queue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("review queue")
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Review: {title}")


def test_atu_approves_with_tags_and_accepts_and_the_post_is_public(
    pages, live_server, themes, participant, exempt_moderators, open_consultation, vocabulary
):
    author = pages(participant)
    post = start_thread(author, live_server, themes["atu"], title=TITLE, body=BODY)
    assert post.status == Post.Status.PENDING

    moderator = pages(exempt_moderators["atu"])
    open_from_queue(moderator, live_server, unit_name="TNT/ATU", title=TITLE)
    desk = moderator.locator("form#decide")
    desk.get_by_label("Approve", exact=True).check()
    desk.get_by_label(TOPIC).check()
    desk.get_by_label(REGION).check()
    desk.get_by_label("Accepted for the guidebook").check()
    desk.get_by_label("Note for drafters").fill("A clear case for the chapter on trust.")
    desk.get_by_role("button", name="Approve", exact=True).click()
    expect(moderator.get_by_text(re.compile(r"Approved the post"))).to_be_visible()

    post.refresh_from_db()
    assert post.status == Post.Status.APPROVED
    assert post.accepted_for_guidebook is True
    assert post.guidebook_note == "A clear case for the chapter on trust."
    assert set(post.tags.values_list("name", flat=True)) == {TOPIC, REGION}

    reader = pages(None)
    reader.goto(live_server.url + post.thread.get_absolute_url())
    card = reader.locator(f"#post-{post.pk}")
    expect(card.locator("strong", has_text="trust")).to_be_visible()
    expect(card.get_by_text("Accepted for the guidebook")).to_be_visible()
    expect(card.get_by_text("Awaiting review")).to_have_count(0)
    card.get_by_role("link", name=re.compile(rf"{TOPIC}$")).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(TOPIC)
    expect(reader.get_by_role("link", name=TITLE)).to_be_visible()

    # ODIHR does not moderate the ATU theme: the review page does not admit it exists.
    odihr = pages(exempt_moderators["odihr"])
    response = odihr.goto(live_server.url + reverse("moderation:post_review", args=[post.pk]))
    assert response.status == 404
    expect(odihr.get_by_text(TITLE)).to_have_count(0)


def test_request_changes_round_trip_ends_with_the_same_post_approved(
    pages, live_server, themes, participant, exempt_moderators, open_consultation, vocabulary
):
    author = pages(participant)
    post = start_thread(author, live_server, themes["atu"], title=TITLE, body=BODY)

    moderator = pages(exempt_moderators["atu"])
    open_from_queue(moderator, live_server, unit_name="TNT/ATU", title=TITLE)
    reason = "Please say which country this was and over how many years."
    desk = moderator.locator("form#decide")
    desk.get_by_label("Request changes", exact=True).check()
    desk.get_by_label("What should the author change?").fill(reason)
    desk.get_by_role("button", name="Request changes", exact=True).click()
    expect(moderator.get_by_text(re.compile(r"Asked .* for changes"))).to_be_visible()

    author.goto(live_server.url + reverse("contributions:mine"))
    expect(author.get_by_text(reason)).to_be_visible()
    author.get_by_role("link", name="Edit the post").click()
    author.get_by_label("Text", exact=True).fill(
        BODY + "\n\nThis was in Georgia, from 2005 to 2011."
    )
    author.get_by_role("button", name="Save changes").click()
    expect(author.get_by_text("Awaiting review").first).to_be_visible()

    post.refresh_from_db()
    assert post.status == Post.Status.PENDING
    assert Post.objects.filter(thread=post.thread).count() == 1

    open_from_queue(moderator, live_server, unit_name="TNT/ATU", title=TITLE)
    expect(moderator.locator("blockquote", has_text=reason)).to_be_visible()
    expect(moderator.locator(".word-diff ins", has_text="from 2005 to 2011")).to_be_visible()
    desk = moderator.locator("form#decide")
    desk.get_by_label("Approve", exact=True).check()
    desk.get_by_label(TOPIC).check()
    desk.get_by_role("button", name="Approve", exact=True).click()
    expect(moderator.get_by_text(re.compile(r"Approved the post"))).to_be_visible()

    approved = Post.objects.get(pk=post.pk)
    assert approved.status == Post.Status.APPROVED
    assert Post.objects.filter(thread=post.thread).count() == 1

    reader = pages(None)
    reader.goto(live_server.url + reverse("forum:post_permalink", args=[post.pk]))
    card = reader.locator(f"#post-{post.pk}")
    expect(card.get_by_text("from 2005 to 2011")).to_be_visible()
    expect(card.get_by_role("link", name=re.compile(rf"{TOPIC}$"))).to_be_visible()


# The review desk by keyboard ----------------------------------------------------------------

NARROW = {"width": 320, "height": 740}


def tab_to(page, selector: str, *, presses: int = 80) -> None:
    """Presses Tab until the focused element matches `selector`, as a keyboard user would."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_moderator_works_the_atu_queue_by_keyboard_with_and_next(
    pages, live_server, themes, exempt_moderators, open_consultation, vocabulary, screenshots
):
    posts = [
        pending_thread(themes["atu"], title="Foot patrols in the old town"),
        pending_reply(themes["atu"], body="We did the same in Graz."),
        pending_thread(themes["atu"], title="Buy cheap watches"),
    ]
    for minutes, post in zip((30, 20, 10), posts, strict=True):
        Post.objects.filter(pk=post.pk).update(
            submitted_at=post.submitted_at.replace(microsecond=0) - timedelta(minutes=minutes)
        )
    moderator = pages(exempt_moderators["atu"])
    moderator.goto(live_server.url + reverse("moderation:post_review", args=[posts[0].pk]))
    button = moderator.locator("form#decide button[value=next]")
    expect(button).to_have_text("Decide and open the next")
    capture(moderator, screenshots, "review-desk", phone=NARROW)

    def choose(position: int, button_label: str) -> None:
        # The first radio is checked with Space; the arrow keys move within the group and
        # check as they go, as in any radio group.
        tab_to(moderator, "input[name=decision]")
        for key in ["Space"] if position == 0 else ["ArrowDown"] * position:
            moderator.keyboard.press(key)
        expect(button).to_have_text(button_label)

    def send_and_next(done: str, lands_on: str) -> None:
        tab_to(moderator, "button[value=next]")
        moderator.keyboard.press("Enter")
        expect(moderator.get_by_text(re.compile(done))).to_be_visible()
        expect(moderator).to_have_url(live_server.url + lands_on)

    def review_of(post: Post) -> str:
        return reverse("moderation:post_review", args=[post.pk])

    # Approve with a topic tag. The script shows only the chosen decision's fields.
    choose(0, "Approve and next")
    expect(moderator.locator("#decision-reject-fields")).to_be_hidden()
    capture(moderator, screenshots, "review-desk-tags", phone=NARROW)
    tab_to(moderator, "#tag-filter")
    moderator.keyboard.type(TOPIC[:5].lower())
    tab_to(moderator, "input[name=tags]")
    moderator.keyboard.press("Space")
    capture(moderator, screenshots, "review-desk-approve", phone=NARROW)
    send_and_next(r"Approved the post", review_of(posts[1]))

    choose(1, "Request changes and next")
    tab_to(moderator, "textarea[name=reason]")
    moderator.keyboard.type("Say which town this was.")
    send_and_next(r"Asked .* for changes", review_of(posts[2]))

    # Reject as spam, the first reason.
    choose(2, "Reject and next")
    tab_to(moderator, "input[name=preset_reason]")
    moderator.keyboard.press("Space")
    send_and_next(r"Rejected the post", reverse("moderation:unit_queue", kwargs={"code": "atu"}))
    expect(moderator.get_by_text("Nothing else is waiting in the TNT/ATU queue.")).to_be_visible()
    # Nobody has been told yet: the last decision can be undone, by keyboard too.
    expect(moderator.get_by_role("button", name="Undo the decision")).to_be_visible()
    capture(moderator, screenshots, "review-queue-empty", phone=NARROW)

    statuses = [Post.objects.get(pk=p.pk) for p in posts]
    assert [p.status for p in statuses] == [
        Post.Status.APPROVED,
        Post.Status.CHANGES_REQUESTED,
        Post.Status.REJECTED,
    ]
    assert [t.name for t in statuses[0].tags.all()] == [TOPIC]
    assert statuses[2].status_reason == "Spam"

    tab_to(moderator, ".undo-offer button")
    moderator.keyboard.press("Enter")
    expect(moderator.locator(".message--success", has_text="Decision undone")).to_be_visible()
    expect(moderator).to_have_url(live_server.url + review_of(posts[2]))
    undone = Post.objects.get(pk=posts[2].pk)
    assert (undone.status, undone.status_reason) == (Post.Status.PENDING, "")
    assert not Notification.objects.filter(recipient=posts[2].author).exists()


def test_a_bulk_approval_is_undone_from_the_queue_by_keyboard(
    pages, live_server, themes, exempt_moderators, open_consultation, screenshots
):
    posts = [
        pending_thread(themes["atu"], title="Youth councils in Osh"),
        pending_reply(themes["atu"], body="The same worked in Bishkek."),
    ]
    queue = live_server.url + reverse("moderation:unit_queue", kwargs={"code": "atu"})
    moderator = pages(exempt_moderators["atu"])
    moderator.goto(queue)
    for post in posts:
        tab_to(moderator, f"#select-{post.pk}")
        moderator.keyboard.press("Space")
    tab_to(moderator, "form[action$='/approve/'] button[type=submit]")
    moderator.keyboard.press("Enter")

    expect(moderator.get_by_text("Approved 2 posts.")).to_be_visible()
    expect(moderator.get_by_text(re.compile("undo these 2 approvals, all at once"))).to_be_visible()
    assert {Post.objects.get(pk=p.pk).status for p in posts} == {Post.Status.APPROVED}
    capture(moderator, screenshots, "review-queue-bulk-undo", phone=NARROW)

    tab_to(moderator, ".undo-offer button")
    moderator.keyboard.press("Enter")
    undone = moderator.get_by_text("Approvals undone: 2 posts wait for review again.")
    expect(undone).to_be_visible()
    expect(moderator).to_have_url(queue)
    assert {Post.objects.get(pk=p.pk).status for p in posts} == {Post.Status.PENDING}
    assert not Notification.objects.exists()


# Edits of approved posts ----------------------------------------------------------------------


def test_an_authors_edit_waits_for_review_and_goes_live_when_approved(
    pages, live_server, themes, participant, exempt_moderators, open_consultation, screenshots
):
    from tests.factories import ThreadFactory

    thread = ThreadFactory(
        theme=themes["atu"],
        author=participant,
        title="Station open days",
        opening__body="Open days were held twice a year.",
    )
    author = pages(participant)
    author.goto(live_server.url + reverse("forum:post_edit", args=[thread.first_post.pk]))
    expect(author.get_by_text(re.compile("A moderator reviews your edit"))).to_be_visible()
    author.get_by_label("Title").fill("Station open days, monthly")
    author.locator("textarea[name=body]").fill("Open days were held every month.")
    author.get_by_role("button", name="Save changes").click()
    expect(author.get_by_text(re.compile("Your edit is sent for review"))).to_be_visible()
    expect(
        author.get_by_text(re.compile("Your edit of this post is awaiting review"))
    ).to_be_visible()
    expect(author.locator(".post__body").first).to_contain_text("twice a year")
    # The versions page lists the waiting edit after the public versions, marked as such.
    author.goto(live_server.url + reverse("forum:post_revisions", args=[thread.first_post.pk]))
    held = author.locator("#held-edit")
    expect(held.get_by_role("heading", name="Edit awaiting review")).to_be_visible()
    expect(held.locator(".revision__text")).to_have_text("Open days were held every month.")
    capture(author, screenshots, "post-versions-held-edit", phone=NARROW)

    moderator = pages(exempt_moderators["atu"])
    moderator.goto(live_server.url + reverse("moderation:unit_queue", kwargs={"code": "atu"}))
    expect(moderator.get_by_text("Edit of an approved post")).to_be_visible()
    moderator.goto(live_server.url + reverse("moderation:post_review", args=[thread.first_post.pk]))
    diff = moderator.get_by_test_id("word-diff")
    expect(diff.locator("del", has_text="twice")).to_be_visible()
    expect(diff.locator("ins", has_text="every")).to_be_visible()
    capture(moderator, screenshots, "review-desk-held-edit", phone=NARROW)
    moderator.get_by_label("Approve", exact=True).check()
    moderator.locator("form#decide button[value=queue]").click()
    expect(moderator.get_by_text(re.compile("Approved the post"))).to_be_visible()

    author.goto(live_server.url + thread.get_absolute_url())
    expect(author.locator("h1")).to_contain_text("Station open days, monthly")
    expect(author.locator(".post__body").first).to_contain_text("every month")
    expect(author.get_by_text(re.compile("awaiting review"))).to_have_count(0)
