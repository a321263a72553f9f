import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum.models import PostRevision
from guidebook.models import ContributionLink, Draft
from guidebook.services import get_draft, link_contribution, publish_version, save_draft
from tests.conftest import KINDS as EVERY_KIND

# The drafter of chapter 2 is in test_permissions.py; here a drafter drafts the chapter.
KINDS = tuple(kind for kind in EVERY_KIND if kind != "other_drafter")


@pytest.fixture
def as_kind(client_for, drafter):
    """client_for, with chapter 1's drafter assigned whoever signs in."""
    return client_for


def login_redirect(response):
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


# Who may do what ----------------------------------------------------------------------------

POOL = {
    "anonymous": "login",
    "participant": 403,
    "atu_moderator": 403,
    "spmu_moderator": 403,
    "odihr_moderator": 403,
    "administrator": 200,
    "drafter": 200,
}


@pytest.mark.parametrize("kind", KINDS)
def test_pool_is_for_drafters_and_administrators(as_kind, chapters, kind):
    response = as_kind(kind).get(reverse("guidebook:pool"))
    expected = POOL[kind]
    assert login_redirect(response) if expected == "login" else response.status_code == expected


@pytest.mark.parametrize("kind", KINDS)
def test_only_the_chapters_drafters_edit_its_draft(as_kind, chapters, kind):
    client = as_kind(kind)
    for chapter, allowed in (
        (chapters["one"], ("drafter", "administrator")),
        (chapters["two"], ("administrator",)),
    ):
        for name in ("guidebook:draft_edit", "guidebook:publish"):
            response = client.get(reverse(name, args=[chapter.number]))
            if kind == "anonymous":
                assert login_redirect(response)
            else:
                assert response.status_code == (200 if kind in allowed else 403), (name, chapter)


def test_drafter_of_chapter_one_cannot_post_to_chapter_two(as_kind, chapters):
    client = as_kind("drafter")
    url = reverse("guidebook:draft_edit", args=[2])
    assert client.post(url, {"text": "Mine now.", "base_version": 0}).status_code == 403
    assert client.post(reverse("guidebook:publish", args=[2])).status_code == 403
    assert not Draft.objects.filter(chapter=chapters["two"], version__gt=0).exists()


@pytest.mark.parametrize("kind", KINDS)
def test_everyone_reads_chapters_and_published_versions(as_kind, chapters, drafter, kind):
    save_draft(actor=drafter, chapter=chapters["one"], text="Published words.", base_version=0)
    publish_version(actor=drafter, chapter=chapters["one"])
    client = as_kind(kind)
    assert client.get(reverse("guidebook:home")).status_code == 200
    page = client.get(reverse("guidebook:chapter_detail", args=[1]))
    assert "Published words." in page.content.decode()
    assert (reverse("guidebook:draft_edit", args=[1]) in page.content.decode()) == (
        kind in ("drafter", "administrator")
    )
    assert client.get(reverse("guidebook:version_detail", args=[1, 1])).status_code == 200
    assert client.get(reverse("guidebook:version_detail", args=[1, 2])).status_code == 404


def test_participants_may_not_open_or_unlink_a_link(as_kind, chapters, drafter, accepted_post):
    """The link itself is public (the chapter report lists it); its working page and the
    unlinking are the drafters'."""
    link = link_contribution(actor=drafter, post=accepted_post(), chapter=chapters["one"])
    url = reverse("guidebook:link_detail", args=[link.pk])
    assert as_kind("participant").get(url).status_code == 403
    assert as_kind("drafter").get(url).status_code == 200
    response = as_kind("participant").post(reverse("guidebook:link_delete", args=[link.pk]))
    assert response.status_code == 403
    assert ContributionLink.objects.filter(pk=link.pk).exists()


def test_a_link_whose_post_was_hidden_is_404_for_readers(as_kind, chapters, drafter, accepted_post):
    post = accepted_post()
    link = link_contribution(actor=drafter, post=post, chapter=chapters["one"])
    post.status = post.Status.HIDDEN
    post.save(update_fields=["status"])
    response = as_kind("participant").post(reverse("guidebook:link_delete", args=[link.pk]))
    assert response.status_code == 404


# Pages --------------------------------------------------------------------------------------


def test_home_lists_chapters_with_drafters_state_and_links(
    client, chapters, drafter, accepted_post
):
    link_contribution(actor=drafter, post=accepted_post(), chapter=chapters["one"])
    html = client.get(reverse("guidebook:home")).content.decode()
    assert "Dora Drafter" in html
    assert "Drafting" in html
    assert "None published yet" in html


def test_pool_filters_by_query_string(as_kind, drafter, accepted_post, themes):
    youth = accepted_post(theme=themes["odihr"], body="About young people.")
    accepted_post(body="About something else.")
    html = as_kind("drafter").get(reverse("guidebook:pool"), {"theme": "youth"}).content.decode()
    assert f"#{youth.pk} ·" in html
    assert "About something else." not in html


def test_pool_rejects_a_backwards_date_range_with_a_message(as_kind, chapters):
    response = as_kind("drafter").get(
        reverse("guidebook:pool"), {"date_from": "2012-04-01", "date_to": "2012-03-01"}
    )
    assert response.status_code == 400
    assert "must not be before" in response.content.decode()


def test_pool_query_count_does_not_grow_with_posts(
    as_kind, chapters, drafter, accepted_post, administrator
):
    from forum.models import PostTag, Tag

    tag = Tag.objects.create(facet=Tag.Facet.TOPIC, name="Youth", slug="youth")
    QUERIES = []
    client = as_kind("drafter")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("guidebook:pool")).status_code == 200
        QUERIES[:] = queries.captured_queries
        return len(queries)

    def add(n):
        for _ in range(n):
            post = accepted_post()
            PostTag.objects.create(post=post, tag=tag, applied_by=administrator)
            link_contribution(actor=drafter, post=post, chapter=chapters["one"])

    count()  # warms what the site caches once (the schedule, the session)
    add(2)
    few = count()
    add(25)
    assert count() == few
    assert few <= 15, "\n".join(q["sql"][:150] for q in QUERIES)


def test_link_from_the_pool_and_back(as_kind, chapters, drafter, accepted_post):
    post = accepted_post()
    section = chapters["one"].sections.get(order=2)
    back = reverse("guidebook:pool") + "?linked=no"
    response = as_kind("drafter").post(
        reverse("guidebook:link_create"),
        {"post": post.pk, "target": f"section-{section.pk}", "note": "Good example", "next": back},
    )
    assert response.status_code == 302 and response["Location"] == back
    link = ContributionLink.objects.get(post=post)
    assert (link.chapter, link.section, link.note) == (chapters["one"], section, "Good example")


def test_link_to_a_chapter_one_does_not_draft_is_refused(as_kind, chapters, drafter, accepted_post):
    post = accepted_post()
    response = as_kind("drafter").post(
        reverse("guidebook:link_create"),
        {"post": post.pk, "target": f"chapter-{chapters['two'].pk}", "note": "Typed note"},
    )
    assert response.status_code == 400
    assert not ContributionLink.objects.filter(post=post).exists()
    assert "Typed note</textarea>" in response.content.decode()


def test_a_refused_link_shows_the_pool_again_with_the_choice_and_note(
    as_kind, chapters, drafter, accepted_post
):
    post = accepted_post()
    section = chapters["one"].sections.get(order=1)
    link_contribution(actor=drafter, post=post, chapter=chapters["one"], section=section)
    response = as_kind("drafter").post(
        reverse("guidebook:link_create"),
        {
            "post": post.pk,
            "target": f"section-{section.pk}",
            "note": "Second try",
            "next": reverse("guidebook:pool") + "?linked=yes",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "already linked" in html
    assert "Second try</textarea>" in html
    assert f'<option value="section-{section.pk}" selected>' in html


def test_link_page_shows_changes_and_refreshes(as_kind, chapters, drafter, accepted_post):
    post = accepted_post(body="Old words here.")
    link = link_contribution(actor=drafter, post=post, chapter=chapters["one"])
    PostRevision.objects.create(post=post, body=post.body, kind=post.kind, edited_by=post.author)
    post.body = "New words here."
    post.save()
    client = as_kind("drafter")
    html = client.get(reverse("guidebook:link_detail", args=[link.pk])).content.decode()
    assert "Changed since linked" in html
    assert "<del>Old</del><ins>New</ins>" in html
    client.post(reverse("guidebook:link_refresh", args=[link.pk]))
    link.refresh_from_db()
    assert link.linked_text == "New words here."


def test_draft_save_conflict_page_keeps_both_texts(as_kind, chapters, drafter, administrator):
    chapter = chapters["one"]
    save_draft(actor=drafter, chapter=chapter, text="Base words.", base_version=0)
    save_draft(actor=administrator, chapter=chapter, text="Their words.", base_version=1)
    url = reverse("guidebook:draft_edit", args=[1])
    response = as_kind("drafter").post(url, {"text": "My words.", "base_version": 1})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Their words." in html and "My words." in html
    assert "<del>Their</del><ins>My</ins>" in html
    assert 'name="base_version" value="2"' in html
    assert get_draft(chapter).text == "Their words."
    # Saving the combined text from the conflict page goes through.
    response = as_kind("drafter").post(url, {"text": "Our words.", "base_version": 2})
    assert response.status_code == 302
    assert get_draft(chapter).text == "Our words."


def test_opening_the_editor_writes_nothing_the_first_save_makes_the_draft(as_kind, chapters):
    client = as_kind("drafter")
    for name in ("guidebook:draft_edit", "guidebook:publish"):
        assert client.get(reverse(name, args=[1])).status_code == 200
    assert not Draft.objects.exists()
    url = reverse("guidebook:draft_edit", args=[1])
    assert client.post(url, {"text": "First words.", "base_version": 0}).status_code == 302
    draft = Draft.objects.get(chapter=chapters["one"])
    assert (draft.text, draft.version) == ("First words.", 1)


def test_draft_with_unlinked_citation_is_reshown_with_the_text(as_kind, chapters):
    url = reverse("guidebook:draft_edit", args=[1])
    response = as_kind("drafter").post(url, {"text": "See [[post:4242]].", "base_version": 0})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Post #4242 is cited but is not linked to this chapter" in html
    assert "See [[post:4242]].</textarea>" in html


def test_publish_then_compare(as_kind, chapters, drafter):
    client = as_kind("drafter")
    chapter = chapters["one"]
    save_draft(actor=drafter, chapter=chapter, text="Police build trust.", base_version=0)
    response = client.post(reverse("guidebook:publish", args=[1]))
    assert response["Location"] == reverse("guidebook:version_detail", args=[1, 1])
    assert client.post(reverse("guidebook:publish", args=[1])).status_code == 400  # unchanged
    save_draft(actor=drafter, chapter=chapter, text="Police earn trust.", base_version=1)
    client.post(reverse("guidebook:publish", args=[1]))
    html = client.get(reverse("guidebook:compare", args=[1]), {"from": 1, "to": 2}).content.decode()
    assert "<del>build</del><ins>earn</ins>" in html
    assert (
        client.get(reverse("guidebook:compare", args=[1]), {"from": 1, "to": 9}).status_code == 404
    )
    assert client.get(reverse("guidebook:compare", args=[1]), {"from": "x"}).status_code == 400
