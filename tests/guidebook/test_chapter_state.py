import pytest
from django.urls import reverse

from guidebook.models import Chapter
from guidebook.services import assign_drafter
from tests.factories import UserFactory


@pytest.fixture
def drafter_of_two(chapters, administrator):
    user = UserFactory(username="drafter2", display_name="Dan Drafter")
    assign_drafter(actor=administrator, chapter=chapters["two"], user=user)
    return user


URL = reverse("guidebook:chapter_state", args=[1])


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("participant", 403),
        ("atu_moderator", 403),
        ("odihr_moderator", 403),
        ("drafter_of_two", 403),
        ("drafter", 200),
        ("administrator", 200),
    ],
)
def test_state_page_is_for_the_chapters_drafters_and_administrators(
    client_for, chapters, drafter, who, status
):
    client = client_for(who)
    assert client.get(URL).status_code == status
    response = client.post(URL, {"state": "final", "confirmed": "True"})
    assert response.status_code == (302 if status == 200 else status)
    chapters["one"].refresh_from_db()
    expected = Chapter.State.FINAL if status == 200 else Chapter.State.DRAFTING
    assert chapters["one"].state == expected


def test_the_first_submit_asks_for_confirmation_and_changes_nothing(client_for, chapters):
    client = client_for("drafter")
    page = client.get(URL).content.decode()
    assert 'value="drafting" id="id_state_0" required checked' in page
    response = client.post(URL, {"state": "final"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Set chapter 1 to “Final”?" in body
    assert '<input type="hidden" name="confirmed" value="True">' in body
    chapters["one"].refresh_from_db()
    assert chapters["one"].state == Chapter.State.DRAFTING


def test_confirming_sets_the_state_and_says_so(client_for, chapters):
    client = client_for("drafter")
    response = client.post(URL, {"state": "in_review", "confirmed": "True"}, follow=True)
    assert response.redirect_chain[-1][0] == chapters["one"].get_absolute_url()
    assert "Chapter 1 is now “In peer review”." in response.content.decode()
    chapters["one"].refresh_from_db()
    assert chapters["one"].state == Chapter.State.IN_REVIEW


def test_an_unknown_state_is_a_clear_400(client_for, chapters):
    response = client_for("drafter").post(URL, {"state": "published", "confirmed": "True"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    chapters["one"].refresh_from_db()
    assert chapters["one"].state == Chapter.State.DRAFTING


def test_the_chapter_page_links_the_state_page_for_its_drafters_only(client_for, chapters):
    chapter_url = chapters["one"].get_absolute_url()
    assert URL in client_for("drafter").get(chapter_url).content.decode()
    assert URL not in client_for("participant").get(chapter_url).content.decode()
