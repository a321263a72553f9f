"""The participation pages in a real browser: while no figures have been counted, the
dashboard says so and reloads itself, without script, until the worker has counted them;
anyone reads the public report from the guidebook's home page. (The dashboard counting a
case study in its author's stakeholder group is the last step of the case-study journey in
test_attachments.py.) Screenshots at 1280 and 320 px."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from participation.services import refresh_figures
from tests.browser.conftest import capture, new_context, sign_in_context
from tests.browser.participation_pages import (
    some_activity,  # noqa: F401 (a fixture)
    table_row,
)

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 700}


def test_the_dashboard_reloads_itself_until_the_figures_are_counted(
    browser,
    live_server,
    atu_moderator,
    open_consultation,
    some_activity,  # noqa: F811 (the fixture imported above)
    settings,
    screenshots,
):
    settings.MODERATION_MFA_EXEMPT_EMAILS = [atu_moderator.email]
    # A worker that has not got to the recount yet: the task is queued, not run.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    context = new_context(browser)
    sign_in_context(context, live_server, atu_moderator)
    page = context.new_page()
    page.goto(live_server.url + reverse("participation:dashboard"))
    expect(page.get_by_role("heading", level=1)).to_have_text("The figures are being counted")
    # It reloads by a meta refresh, with no script of its own beside the two every page loads.
    sources = page.locator("script").evaluate_all("scripts => scripts.map(s => s.src)")
    assert sorted(src.rsplit("/", 1)[-1] for src in sources) == ["error-summary.js", "menus.js"]
    capture(page, screenshots, "participation-counting", phone=NARROW)

    # The worker counts; the page, left alone, shows the figures at its next reload.
    refresh_figures(language="en")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Participation dashboard", timeout=15_000
    )
    civil_society = table_row(page, "By stakeholder group", "Civil society")
    expect(civil_society.get_by_role("cell").nth(0)).to_have_text("12")
    context.close()


def test_anyone_reads_the_public_report_from_the_guidebook(
    page,
    live_server,
    open_consultation,
    some_activity,  # noqa: F811 (the fixture imported above)
    screenshots,
):
    page.goto(live_server.url + reverse("guidebook:home"))
    page.get_by_role("link", name=re.compile("public report")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who took part")
    expect(page.get_by_text(re.compile(r"Figures as of"))).to_be_visible()
    expect(page.locator(".headline-figures")).to_contain_text("12")
    expect(table_row(page, "Gender", "Woman").get_by_role("cell").nth(0)).to_have_text("6")
    capture(page, screenshots, "participation-report", phone=NARROW)
