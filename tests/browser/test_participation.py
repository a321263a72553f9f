"""The participation dashboard and the public report in a real browser: a participant from
a government posts a case study, and the moderator who opens the dashboard from the header
finds it counted in the government's stakeholder group and among the case studies; anyone
reads the public report from the guidebook's home page. Screenshots at 1280 and 320 px."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import StakeholderGroup
from tests.browser.conftest import capture, new_context, sign_in_context
from tests.factories import PostFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 700}

TITLE = "A police–community liaison board in a border town"


def table_row(page, figure: str, name: str):
    """The row for `name` in the table of the figure whose heading is `figure`."""
    section = page.locator(
        "section.figure", has=page.get_by_role("heading", name=figure, exact=True)
    )
    return section.get_by_role("row", name=re.compile(rf"^{re.escape(name)}\b"))


@pytest.fixture
def some_activity(themes):
    """Enough people for the stakeholder and gender figures to show some cells."""
    people = [
        UserFactory(
            gender=("woman", "man")[n % 2],
            country=("AT", "GE", "KZ")[n % 3],
            stakeholder_group=StakeholderGroup.CIVIL_SOCIETY,
        )
        for n in range(12)
    ]
    thread = ThreadFactory(theme=themes["spmu"], author=people[0])
    for person in people[1:]:
        PostFactory(thread=thread, author=person)


def test_a_case_study_is_counted_in_its_authors_stakeholder_group(
    browser,
    live_server,
    themes,
    participant,
    atu_moderator,
    open_consultation,
    some_activity,
    settings,
    screenshots,
):
    participant.stakeholder_group = StakeholderGroup.GOVERNMENT
    participant.save(update_fields=["stakeholder_group"])
    settings.MODERATION_MFA_EXEMPT_EMAILS = [atu_moderator.email]

    author_context = new_context(browser)
    sign_in_context(author_context, live_server, participant)
    author = author_context.new_page()
    author.goto(live_server.url + themes["atu"].get_absolute_url())
    author.get_by_role("link", name=re.compile(r"start a thread", re.IGNORECASE)).click()
    author.get_by_label("Title").fill(TITLE)
    author.get_by_label("Kind").select_option(label="Case study")
    author.get_by_label("Text").fill("The board met monthly in the town hall from 2009.")
    author.get_by_role("button", name="Post thread").click()
    expect(author.get_by_role("heading", level=1)).to_have_text(TITLE)
    author_context.close()

    moderator_context = new_context(browser)
    sign_in_context(moderator_context, live_server, atu_moderator)
    page = moderator_context.new_page()
    page.goto(live_server.url + reverse("forum:home"))
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Participation dashboard")

    government = table_row(page, "By stakeholder group", "Government")
    expect(government.get_by_role("cell").nth(0)).to_have_text("1")
    expect(
        table_row(page, "By kind of contribution", "Case study").get_by_role("cell").nth(0)
    ).to_have_text("1")
    expect(
        table_row(page, "By stakeholder group", "Civil society").get_by_role("cell").nth(0)
    ).to_have_text("12")
    # Twelve people over three countries: four in each, every one hidden.
    expect(table_row(page, "By country", "Georgia")).to_contain_text("fewer than 5")
    expect(page.locator("svg.chart").first).to_be_visible()
    capture(page, screenshots, "participation-dashboard", phone=NARROW)
    moderator_context.close()


def test_anyone_reads_the_public_report_from_the_guidebook(
    page, live_server, open_consultation, some_activity, screenshots
):
    page.goto(live_server.url + reverse("guidebook:home"))
    page.get_by_role("link", name=re.compile("public report")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who took part")
    expect(page.locator(".headline-figures")).to_contain_text("12")
    expect(table_row(page, "Gender", "Woman").get_by_role("cell").nth(0)).to_have_text("6")
    capture(page, screenshots, "participation-report", phone=NARROW)
