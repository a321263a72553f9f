"""A participant downloads their data and deletes their account, in a real browser."""

import json
import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from forum.models import Post, Thread
from tests.browser.conftest import capture
from tests.factories import DEFAULT_PASSWORD, PostFactory, ThreadFactory

pytestmark = pytest.mark.browser


def test_a_participant_downloads_their_data_and_deletes_their_account(
    page, sign_in, live_server, participant, themes, open_consultation, screenshots
):
    thread = ThreadFactory(theme=themes["atu"], author=participant, title="My only thread")
    others = ThreadFactory(theme=themes["atu"], title="Somebody else's thread")
    reply = PostFactory(thread=others, author=participant, body="My reply to them.")
    sign_in(participant)

    page.goto(live_server.url + "/profile/")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download your data (JSON)").click()
    download = info.value
    assert download.suggested_filename.endswith(".json")
    data = json.loads(open(download.path(), encoding="utf-8").read())
    assert data["account"]["email"] == participant.email
    assert {p["id"] for p in data["posts"]} == {thread.first_post_id, reply.pk}

    page.get_by_role("link", name="Delete your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your account")
    expect(page.get_by_role("heading", name="What is removed")).to_be_visible()
    capture(page, screenshots, "account-delete")

    # A wrong password changes nothing and says so.
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("link", name="The password is not right. Try again.")).to_be_visible()
    assert User.objects.get(pk=participant.pk).is_active

    page.get_by_label("Your password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account has been deleted")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    capture(page, screenshots, "account-deleted")

    assert User.objects.get(pk=participant.pk).deleted_at is not None
    assert not Thread.objects.filter(pk=thread.pk).exists()
    assert not Post.objects.filter(pk=reply.pk).exists()
    page.goto(live_server.url + "/profile/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
