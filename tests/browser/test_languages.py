"""The footer's language switcher in a real browser, and the pages in Russian, whose words
are longer: a reader switches to Russian and stays on the page they were reading; the home
and a thread page fit a 320 px screen in Russian (screenshots at 1280 and 320 px)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser import test_narrow_screens
from tests.browser.conftest import capture, has_horizontal_overflow
from tests.browser.test_narrow_screens import NARROW

pytestmark = pytest.mark.browser

# The narrow-screen test's thread: long words, a long link, a table, tags, a pending post.
forum_data = test_narrow_screens.forum_data

RUSSIAN_PAGES = ["home", "theme", "thread", "search", "tags", "guidebook"]


def _switch_to(page, language: str) -> None:
    footer = page.locator("footer.site-footer")
    footer.get_by_label("Language").select_option(language)
    footer.get_by_role("button", name="Change language").click()


def test_a_reader_switches_to_russian_and_stays_on_the_thread(
    page,
    live_server,
    forum_data,
    participant,
    sign_in,
):
    sign_in(participant)
    thread_url = live_server.url + forum_data["thread"].get_absolute_url()
    page.goto(thread_url)
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Themes")).to_be_visible()

    _switch_to(page, "ru")

    assert page.url == thread_url
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    nav = page.get_by_role("navigation", name="Основная")
    expect(nav.get_by_role("link", name="Темы")).to_be_visible()
    expect(nav.get_by_role("link", name="Руководство")).to_be_visible()
    expect(nav.get_by_role("link", name="Поиск")).to_be_visible()
    expect(page.get_by_role("link", name="Ответить в обсуждении")).to_be_visible()
    # The posts stay in the language they were written in, and say so.
    expect(page.locator(".post__body").first).to_have_attribute("lang", "en")
    # The choice is the participant's from now on: another page is in Russian too.
    page.goto(live_server.url + reverse("guidebook:home"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Руководство")
    participant.refresh_from_db()
    assert participant.language == "ru"

    # And back: the switcher, now labelled in Russian, still names English in English.
    footer = page.locator("footer.site-footer")
    expect(footer.locator("option[value=en]")).to_have_text("English")
    footer.get_by_label("Язык").select_option("en")
    footer.get_by_role("button", name="Сменить язык").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_an_anonymous_reader_switches_without_javascript(browser, live_server, forum_data):
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    try:
        page = context.new_page()
        search = live_server.url + reverse("forum:search") + "?q=neighbourhood"
        page.goto(search)
        _switch_to(page, "fr")
        assert page.url == search
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        expect(page.get_by_role("heading", level=1)).to_have_text("Rechercher")
    finally:
        context.close()


def test_pages_in_russian_fit_a_320_px_screen(browser, live_server, forum_data, screenshots):
    context = browser.new_context(locale="ru-RU", viewport=NARROW)
    try:
        page = context.new_page()
        thread = forum_data["thread"]
        addresses = {
            "home": reverse("forum:home"),
            "theme": thread.theme.get_absolute_url(),
            "thread": thread.get_absolute_url(),
            "search": reverse("forum:search") + "?q=neighbourhood",
            "tags": reverse("forum:tag_index"),
            "guidebook": reverse("guidebook:home"),
        }
        problems = []
        for name in RUSSIAN_PAGES:
            page.goto(live_server.url + addresses[name])
            expect(page.locator("html")).to_have_attribute("lang", "ru")
            page.set_viewport_size(NARROW)
            if has_horizontal_overflow(page):
                problems.append(f"{name} ({addresses[name]}) scrolls sideways in Russian")
        assert not problems, "\n".join(problems)
        for name in ("home", "thread"):
            page.goto(live_server.url + addresses[name])
            capture(page, screenshots, f"ru-{name}", phone=NARROW)
    finally:
        context.close()
