"""Screenshots of the main pages at a desktop and a phone width, for reviewing the design,
and a check that no page scrolls sideways on a phone."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from accounts.models import StakeholderGroup
from forum.models import Post
from tests.browser.conftest import capture
from tests.factories import PostFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.browser

CASE_STUDY = """\
In 2009 the municipality gave its **neighbourhood officers** a clear mandate: be the first
point of contact for families worried about a relative. Three things made the difference:

1. Continuity: the same officer in the same district for at least three years.
2. Families were told, in writing, what would and would not happen with what they shared.
3. Each referral partner (youth centre, school, social services) named one contact person.

> "We came because we knew the officer by name." (a parent, at the 2011 review meeting)

| Year | Referrals | Closed with support | Passed to specialised units |
| ---- | --------: | ------------------: | --------------------------: |
| 2009 | 8         | 6                   | 2                           |
| 2010 | 15        | 13                  | 2                           |
| 2011 | 17        | 16                  | 1                           |

The referral form is short on purpose; its header reads `REF-1 / community contact`.
"""

REPLY = """\
Thank you, this matches what we saw in two pilot districts. One caution: the mandate must
say clearly that the officer is **not** an intelligence gatherer, or trust erodes quickly.
"""

RECOMMENDATION = """\
Publish the referral criteria. People trust a process they can read in advance.
"""


@pytest.fixture
def discussion(themes, open_consultation):
    """A theme with a few threads, one of them a case study with replies of several kinds."""
    for theme, description in zip(
        themes.values(),
        (
            "What community policing means when the aim is preventing terrorism, and where "
            "its limits lie.",
            "Outreach, dialogue and partnerships that make people willing to talk to the police.",
            "Working with young people, schools and youth organisations without stigmatising them.",
            "Safeguards, oversight and accountability; co-moderated by ODIHR.",
        ),
        strict=True,
    ):
        theme.description = description
        theme.save()

    theme = themes["spmu"]
    started = datetime(2012, 3, 9, 10, 15, tzinfo=UTC)
    author = UserFactory(
        display_name="Mirela Kovač",
        organisation="Centre for Community Safety",
        stakeholder_group=StakeholderGroup.CIVIL_SOCIETY,
        country="BA",
    )
    thread = ThreadFactory(
        theme=theme,
        author=author,
        title="Neighbourhood officers as first point of contact for families",
        created_at=started,
        last_activity_at=started + timedelta(days=3),
        opening__kind=Post.Kind.CASE_STUDY,
        opening__body=CASE_STUDY,
        opening__place="Western Balkans, two municipalities",
        opening__period="2009–2011",
        opening__actors="Municipal police, youth centres, schools, social services",
        opening__outcome="40 referrals, 35 closed with community support",
        opening__created_at=started,
    )
    PostFactory(
        thread=thread,
        kind=Post.Kind.LESSON_LEARNT,
        body=REPLY,
        created_at=started + timedelta(days=1),
        author__display_name="Jonas Lindqvist",
        author__organisation="Swedish Police Authority",
        author__stakeholder_group=StakeholderGroup.GOVERNMENT,
        author__country="SE",
    )
    PostFactory(
        thread=thread,
        kind=Post.Kind.RECOMMENDATION,
        body=RECOMMENDATION,
        created_at=started + timedelta(days=3),
        author__display_name="Dr Leila Haddad",
        author__organisation="University of Tunis",
        author__stakeholder_group=StakeholderGroup.ACADEMIA,
        author__country="TN",
    )
    for days, title in enumerate(
        (
            "Welcome: how this theme works",
            "Language skills in neighbourhood teams",
            "Joint police–community training: what should it cover?",
        ),
        start=1,
    ):
        ThreadFactory(
            theme=theme,
            title=title,
            created_at=started - timedelta(days=days),
            last_activity_at=started - timedelta(days=days),
            pinned=days == 1,
            opening__kind=Post.Kind.COMMENT,
        )
    return thread


def test_screenshots_of_reading_pages(page, live_server, discussion, screenshots):
    page.goto(live_server.url + "/")
    capture(page, screenshots, "home")

    page.get_by_role("link", name="Register").click()
    capture(page, screenshots, "register")
    page.go_back()

    page.get_by_role("link", name=discussion.theme.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(discussion.theme.title)
    capture(page, screenshots, "theme")

    page.get_by_role("link", name=discussion.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(discussion.title)
    capture(page, screenshots, "thread")


def test_screenshots_of_writing_pages(
    page, live_server, discussion, participant, sign_in, screenshots
):
    PostFactory(
        thread=discussion,
        author=participant,
        kind=Post.Kind.GOOD_PRACTICE,
        status=Post.Status.PENDING,
        body="Our unit holds an open hour in the market square every Friday.",
    )
    sign_in(participant)

    page.goto(live_server.url + discussion.get_absolute_url())
    expect(page.get_by_text("Awaiting review").first).to_be_visible()
    capture(page, screenshots, "thread-signed-in")

    page.get_by_role("link", name=discussion.theme.title).first.click()
    page.get_by_role("link", name="Start a thread").click()
    page.get_by_label("Title").fill("Open hours in public places")
    page.get_by_label("Kind").select_option(label="Good practice")
    page.get_by_label("Country or region").fill("Graz, Austria")
    page.get_by_label("Text", exact=True).fill(
        "An officer is in the **market square** every Friday from 10 to 12.\n\n"
        "- no appointment needed\n- interpreters on request"
    )
    page.get_by_role("button", name="Preview").click()
    capture(page, screenshots, "new-thread")
