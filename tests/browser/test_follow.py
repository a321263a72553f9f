"""Following in a real browser: participant A follows a theme, participant B starts a thread
there, a moderator approves it, A's bell shows one unread notification, and opening it
lands A on the thread. Screenshots of the header with the bell and of the following page,
at 1280 and 320 px."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from forum.services import start_thread
from moderation.services.decisions import approve_post
from tests.browser.conftest import DESKTOP, _screenshot, has_horizontal_overflow
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 700}


def capture_at_both_widths(page, folder, name, *, before_narrow=None) -> None:
    for label, viewport in (("1280", DESKTOP), ("320", NARROW)):
        page.set_viewport_size(viewport)
        if viewport is NARROW and before_narrow is not None:
            before_narrow()
        _screenshot(page, folder / f"{name}-{label}.png")
        assert not has_horizontal_overflow(page), f"{name} scrolls sideways at {label} px"
    page.set_viewport_size(DESKTOP)


def test_a_followed_theme_brings_a_new_thread_to_the_bell(
    page, sign_in, live_server, themes, atu_moderator, open_consultation, screenshots, settings
):
    settings.MODERATION_MFA_EXEMPT_EMAILS = [atu_moderator.email]
    reader = UserFactory(username="reader-a", display_name="Alma Reader")
    author = UserFactory(username="author-b", display_name="Boris Author")
    theme = themes["atu"]
    sign_in(reader)

    page.goto(live_server.url + theme.get_absolute_url())
    page.get_by_role("button", name=re.compile(r"^Follow")).click()
    expect(page.get_by_text("You are following")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^Unfollow"))).to_be_visible()
    capture_at_both_widths(page, screenshots, "theme-followed")

    thread = start_thread(
        author=author,
        theme=theme,
        title="Officers who stay",
        kind="comment",
        body="Officers stay for years in one district, so families know them by name.",
    )
    approve_post(actor=atu_moderator, post=thread.first_post)

    page.goto(live_server.url + reverse("forum:home"))
    bell = page.locator("a.bell")
    expect(bell).to_have_accessible_name(re.compile(r"Notifications, 1 unread"))
    expect(bell.locator(".bell__count")).to_have_text("1")
    header = page.locator("header.site-header")

    def open_menu():
        page.locator("details.user-menu > summary").click()
        menu = page.locator("details.user-menu ul")
        expect(menu).to_be_visible()
        box = menu.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= NARROW["width"]

    capture_at_both_widths(page, screenshots, "header-bell", before_narrow=open_menu)
    header.screenshot(path=screenshots / "header-bell-menu-320.png")
    page.set_viewport_size(DESKTOP)

    bell.click()
    expect(page).to_have_url(re.compile(r"/notifications/$"))
    page.get_by_role("link", name=re.compile(r"New thread in")).click()
    expect(page).to_have_url(re.compile(rf"/threads/{thread.pk}/#post-{thread.first_post_id}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Officers who stay")

    # Two words of it that are not next to each other, in the other order, find it.
    page.goto(live_server.url + reverse("forum:search"))
    page.get_by_label("Search the contributions").fill("families district")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("heading", level=2)).to_have_text(re.compile(r"^1 result for"))
    page.get_by_role("link", name="Officers who stay").click()
    expect(page).to_have_url(re.compile(rf"/threads/{thread.pk}/"))

    page.goto(live_server.url + reverse("forum:following"))
    expect(page.get_by_role("heading", name="Themes")).to_be_visible()
    expect(page.get_by_role("link", name=theme.title)).to_be_visible()
    capture_at_both_widths(page, screenshots, "following")
