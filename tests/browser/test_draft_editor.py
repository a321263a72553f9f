"""The draft editor keeps what a drafter types: autosave, reload, restore."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from guidebook.models import Chapter, DraftAutosave
from guidebook.services import assign_drafter
from tests.browser.conftest import capture
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

TYPED = "Community policing starts with trust between officers and residents."


def test_typed_text_is_autosaved_and_restored_after_a_reload(
    page, sign_in, live_server, administrator, screenshots, settings
):
    settings.DRAFT_AUTOSAVE_SECONDS = 1
    chapter = Chapter.objects.create(number=1, title="Key concepts")
    drafter = UserFactory(username="dora", display_name="Dora Drafter")
    assign_drafter(actor=administrator, chapter=chapter, user=drafter)
    sign_in(drafter)
    url = live_server.url + reverse("guidebook:draft_edit", kwargs={"number": 1})

    page.goto(url)
    page.get_by_label("Chapter text").fill(TYPED)
    expect(page.locator("[data-autosave-status]")).to_have_text(
        "Unsaved text kept.", timeout=10_000
    )
    assert DraftAutosave.objects.get(user=drafter).text == TYPED

    page.reload()
    expect(page.get_by_label("Chapter text")).to_have_value("")
    capture(page, screenshots, "draft-editor-autosave-offered")
    page.get_by_role("link", name="Restore it into the editor").click()
    expect(page.get_by_label("Chapter text")).to_have_value(TYPED)

    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#preview [data-para]")).to_have_count(1)
    capture(page, screenshots, "draft-editor-preview")
