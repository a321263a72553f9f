"""An anonymous reader browses home → theme → thread by following links, and sees only
what has been approved."""

import pytest
from playwright.sync_api import expect

from forum.models import Post
from tests.factories import PostFactory, ThreadFactory

pytestmark = pytest.mark.browser


def test_anonymous_reader_follows_links_and_sees_only_approved_posts(page, live_server, themes):
    theme = themes["spmu"]
    thread = ThreadFactory(
        theme=theme,
        title="Regular open meetings with residents",
        opening__body="Monthly meetings in the community centre built trust over two years.",
    )
    PostFactory(thread=thread, body="In our district the meetings rotate between venues.")
    PostFactory(
        thread=thread,
        body="This reply is still waiting for a moderator.",
        status=Post.Status.PENDING,
    )
    ThreadFactory(
        theme=theme,
        title="A thread nobody has approved yet",
        opening__status=Post.Status.PENDING,
    )

    page.goto(live_server.url + "/")
    page.get_by_role("link", name=theme.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(theme.title)
    expect(page.get_by_role("link", name="A thread nobody has approved yet")).to_have_count(0)

    page.get_by_role("link", name="Regular open meetings with residents").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Regular open meetings with residents"
    )
    expect(page.get_by_text("Monthly meetings in the community centre")).to_be_visible()
    expect(page.get_by_text("the meetings rotate between venues")).to_be_visible()
    expect(page.get_by_text("still waiting for a moderator")).to_have_count(0)
    expect(page.get_by_text("Awaiting review")).to_have_count(0)
