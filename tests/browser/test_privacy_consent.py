"""A new version of the privacy notice, in a real browser: a participant who agreed to the
first is sent to read the second, agrees, and lands back on the page they asked for."""

import pytest
from playwright.sync_api import expect

from accounts.models import PrivacyNotice
from accounts.notices import publish_privacy_notice, record_privacy_consent
from tests.browser.conftest import capture

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 700}


def test_participant_agrees_to_a_new_notice_and_goes_back(
    page, live_server, sign_in, themes, participant, administrator, open_consultation, screenshots
):
    # The migration's first notice is gone from a live-server test's emptied database.
    first = PrivacyNotice.objects.filter(version=1).first() or PrivacyNotice.objects.create(
        version=1, text="What we keep about you, and why."
    )
    record_privacy_consent(user=participant, notice=first)
    publish_privacy_notice(
        actor=administrator, text="We now also keep the language you write in.\n\nNothing else."
    )
    sign_in(participant)
    theme_url = live_server.url + themes["atu"].get_absolute_url()

    page.goto(theme_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("The privacy notice has changed")
    expect(page.get_by_text("We now also keep the language you write in.")).to_be_visible()
    capture(page, screenshots, "privacy-consent", phone=NARROW)

    page.get_by_role("button", name="I agree").click()
    expect(page).to_have_url(theme_url)
    expect(page.get_by_text("You have agreed to version 2 of the privacy notice.")).to_be_visible()
