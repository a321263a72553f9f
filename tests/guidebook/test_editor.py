"""The draft editor's preview and autosave."""

import pytest
from django.urls import reverse

from guidebook.models import Draft, DraftAutosave
from guidebook.services import get_draft, save_draft


def edit_url(chapter):
    return reverse("guidebook:draft_edit", kwargs={"number": chapter.number})


def autosave_url(chapter):
    return reverse("guidebook:draft_autosave", kwargs={"number": chapter.number})


def test_preview_renders_numbered_paragraphs_and_writes_nothing(client, chapters, drafter):
    client.force_login(drafter)
    text = "# Title\n\nFirst.\n\nSecond."
    response = client.post(
        edit_url(chapters["one"]), {"text": text, "base_version": 0, "preview": "1"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('data-para="') == 2
    assert "Preview: the draft as it will be published" in body
    assert "First." in body and text.split("\n")[0] in body  # the text stays in the form
    assert not Draft.objects.exists()


def test_autosave_keeps_text_per_person_without_touching_the_version(client, chapters, drafter):
    chapter = chapters["one"]
    draft = save_draft(actor=drafter, chapter=chapter, text="Saved.", base_version=0)
    client.force_login(drafter)
    response = client.post(autosave_url(chapter), {"text": "Typed but not saved."})
    assert response.status_code == 200
    assert DraftAutosave.objects.get(chapter=chapter, user=drafter).text == "Typed but not saved."
    assert get_draft(chapter).version == draft.version

    page = client.get(edit_url(chapter)).content.decode()
    assert "Restore it into the editor" in page and "Discard it" in page
    restored = client.get(edit_url(chapter) + "?restore=1").content.decode()
    assert "Typed but not saved." in restored
    assert DraftAutosave.objects.exists()  # restoring only fills the form

    client.post(edit_url(chapter), {"text": "Typed but not saved.", "base_version": draft.version})
    assert not DraftAutosave.objects.exists()  # saving the draft deletes the autosave


def test_discarding_the_autosave(client, chapters, drafter):
    chapter = chapters["one"]
    client.force_login(drafter)
    client.post(autosave_url(chapter), {"text": "Typed."})
    discard = reverse("guidebook:draft_autosave_discard", kwargs={"number": chapter.number})
    assert client.post(discard).status_code == 302
    assert not DraftAutosave.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("anonymous", 403), ("participant", 403)])
def test_autosave_is_for_the_chapter_drafters(client, chapters, participant, who, status):
    if who == "participant":
        client.force_login(participant)
    response = client.post(autosave_url(chapters["one"]), {"text": "x"})
    assert response.status_code == status
    assert not DraftAutosave.objects.exists()


def test_autosave_of_an_unknown_chapter_is_404(client, drafter):
    client.force_login(drafter)
    url = reverse("guidebook:draft_autosave", kwargs={"number": 999})
    assert client.post(url, {"text": "x"}).status_code == 404


def test_the_editor_loads_the_autosave_script_with_its_interval(
    client, chapters, drafter, settings
):
    settings.DRAFT_AUTOSAVE_SECONDS = 1
    client.force_login(drafter)
    body = client.get(edit_url(chapters["one"])).content.decode()
    assert 'data-autosave-seconds="1"' in body
    assert "draft-autosave.js" in body and "defer" in body
