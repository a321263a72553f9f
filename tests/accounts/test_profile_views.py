"""The profile form (/profile/) and the public profile (/people/<username>/)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from accounts.models import Attribution, Gender, StakeholderGroup
from forum.models import Post
from tests.conftest import KINDS
from tests.factories import PostFactory, ThreadFactory, UserFactory

EDIT_URL = "/profile/"
VALID = {
    "display_name": "Nadia Newcomer",
    "organisation": "Community Safety Institute",
    "stakeholder_group": StakeholderGroup.ACADEMIA,
    "country": "AT",
    "gender": "",
    "language": "en",
    "default_attribution": Attribution.NAME_AND_ORGANISATION,
}


def test_profile_edit_lives_at_profile():
    assert reverse("accounts:profile_edit") == EDIT_URL


# Editing -------------------------------------------------------------------------------------


def test_profile_edit_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(EDIT_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=/profile/" in response.url


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "anonymous"])
def test_everyone_signed_in_opens_their_own_profile_form(client_for, person, kind):
    response = client_for(kind).get(EDIT_URL)
    assert response.status_code == 200
    assert response.context["form"].initial["display_name"] == person(kind).display_name
    html = response.content.decode()
    assert '<label class="form__label" for="id_display_name">Display name</label>' in html
    # The gender question says why it is asked, and that it is never shown.
    assert "aggregate participation statistics and never shown" in html


def test_profile_form_groups_countries_by_osce_group(client_for):
    html = client_for("participant").get(EDIT_URL).content.decode()
    assert '<optgroup label="OSCE participating States">' in html
    assert '<optgroup label="Mediterranean Partners for Co-operation">' in html
    assert '<optgroup label="Asian Partners for Co-operation">' in html
    assert '<option value="other">Other / none</option>' in html


def test_saving_the_profile_stores_it_and_shows_the_public_page(client, db):
    newcomer = UserFactory(
        display_name="", stakeholder_group="", country="", profile_completed_at=None
    )
    client.force_login(newcomer)
    response = client.post(
        EDIT_URL, {**VALID, "gender": Gender.PREFER_NOT, "default_attribution": "anonymous"}
    )
    assert response.status_code == 302
    assert response.url == newcomer.get_absolute_url()
    newcomer.refresh_from_db()
    assert newcomer.display_name == "Nadia Newcomer"
    assert newcomer.gender == Gender.PREFER_NOT
    assert newcomer.default_attribution == Attribution.ANONYMOUS
    assert newcomer.profile_completed_at is not None


def test_invalid_profile_keeps_what_was_typed_and_summarises_errors(client_for, participant):
    response = client_for("participant").post(
        EDIT_URL,
        {**VALID, "display_name": "", "organisation": "Typed <b>Institute</b>", "country": ""},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert '<a href="#id_display_name">' in html
    assert '<a href="#id_country">' in html
    assert 'value="Typed &lt;b&gt;Institute&lt;/b&gt;"' in html
    assert 'aria-invalid="true"' in html
    participant.refresh_from_db()
    assert participant.organisation != "Typed <b>Institute</b>"


def test_service_refusals_come_back_beside_the_field(client_for, participant):
    response = client_for("participant").post(EDIT_URL, {**VALID, "display_name": "Pat\u202e"})
    assert response.status_code == 400
    assert response.context["form"].errors["display_name"]
    assert '<a href="#id_display_name">' in response.content.decode()


def test_next_brings_them_back_to_the_new_thread_form(client, db):
    newcomer = UserFactory(
        display_name="", stakeholder_group="", country="", profile_completed_at=None
    )
    client.force_login(newcomer)
    page = client.get(EDIT_URL, {"next": "/themes/key-concepts/new/"})
    html = page.content.decode()
    assert "Complete your profile before your first post" in html
    assert 'name="next" value="/themes/key-concepts/new/"' in html
    # Going back would only bring them here again, so the way out leads home instead.
    assert '<a href="/">Not now</a>' in html

    response = client.post(EDIT_URL, {**VALID, "next": "/themes/key-concepts/new/"})
    assert response.status_code == 302
    assert response.url == "/themes/key-concepts/new/"


def test_next_survives_a_failed_save(client_for):
    response = client_for("participant").post(
        EDIT_URL, {**VALID, "display_name": "", "next": "/themes/key-concepts/new/"}
    )
    assert 'name="next" value="/themes/key-concepts/new/"' in response.content.decode()


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example.com/", "//evil.example.com/", "javascript:alert(1)", "\\\\evil.example"],
)
def test_an_external_next_is_ignored(client_for, participant, next_url):
    client = client_for("participant")
    page = client.get(EDIT_URL, {"next": next_url})
    assert "evil.example" not in page.content.decode()
    response = client.post(EDIT_URL, {**VALID, "next": next_url})
    assert response.status_code == 302
    assert response.url == participant.get_absolute_url()


def test_complete_profiles_are_not_told_to_complete_them(client_for):
    html = client_for("participant").get(EDIT_URL, {"next": "/"}).content.decode()
    assert "Complete your profile before your first post" not in html


def test_profile_edit_refuses_other_methods(client_for):
    assert client_for("participant").put(EDIT_URL).status_code == 405


# The public profile --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_public_profile_shows_affiliation_to_everyone(client_for, kind, db):
    person = UserFactory(
        display_name="Ines Idris",
        organisation="Sahel Community Forum",
        stakeholder_group=StakeholderGroup.CIVIL_SOCIETY,
        country="TN",
        gender=Gender.WOMAN,
    )
    response = client_for(kind).get(person.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ines Idris" in html
    assert "Sahel Community Forum" in html
    assert "Civil society" in html
    assert "Tunisia" in html
    assert "Woman" not in html
    assert ">Gender<" not in html


def test_public_profile_hides_the_organisation_of_anonymous_contributors(client, db):
    person = UserFactory(
        organisation="Ministry of the Interior", default_attribution=Attribution.ANONYMOUS
    )
    html = client.get(person.get_absolute_url()).content.decode()
    assert "Ministry of the Interior" not in html
    assert person.display_name in html


def test_only_the_owner_is_offered_to_edit(client_for, participant):
    own = client_for("participant").get(participant.get_absolute_url())
    assert own.context["can_edit"]
    assert reverse("accounts:profile_edit") in own.content.decode()
    other = client_for("atu_moderator").get(participant.get_absolute_url())
    assert not other.context["can_edit"]


def test_unknown_and_inactive_people_are_404(client, db):
    assert client.get("/people/nobody-here/").status_code == 404
    closed = UserFactory(is_active=False)
    assert client.get(closed.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_public_profile_lists_only_posts_anyone_may_read(client_for, kind, themes):
    author = UserFactory()
    public_thread = ThreadFactory(theme=themes["atu"], title="A public thread")
    approved = PostFactory(thread=public_thread, author=author, body="Approved words")
    PostFactory(
        thread=public_thread, author=author, body="Pending words", status=Post.Status.PENDING
    )
    PostFactory(
        thread=public_thread, author=author, body="Rejected words", status=Post.Status.REJECTED
    )
    PostFactory(thread=public_thread, author=author, body="Hidden words", status=Post.Status.HIDDEN)
    hidden_thread = ThreadFactory(
        theme=themes["atu"], title="A thread awaiting review", opening__status=Post.Status.PENDING
    )
    PostFactory(thread=hidden_thread, author=author, body="Approved reply in hidden thread")
    own_thread = ThreadFactory(theme=themes["atu"], author=author, title="Their own thread")

    response = client_for(kind).get(author.get_absolute_url())
    posts = _posts_page(response).object_list
    assert posts == [own_thread.first_post, approved]  # newest first
    html = response.content.decode()
    assert "Approved words" in html
    for secret in (
        "Pending words",
        "Rejected words",
        "Hidden words",
        "hidden thread",
        "awaiting review",
    ):
        assert secret not in html


def test_the_author_sees_the_public_list_too(client, themes):
    """A public page shows what everyone sees, even to the author of pending posts."""
    author = UserFactory()
    PostFactory(
        thread=ThreadFactory(theme=themes["atu"]), author=author, status=Post.Status.PENDING
    )
    client.force_login(author)
    assert _posts_page(client.get(author.get_absolute_url())).object_list == []


def test_public_profile_pages_by_twenty(client, themes):
    author = UserFactory()
    thread = ThreadFactory(theme=themes["atu"])
    PostFactory.create_batch(25, thread=thread, author=author)
    first = client.get(author.get_absolute_url())
    assert len(_posts_page(first).object_list) == 20
    assert 'href="?page=2"' in first.content.decode()
    second = client.get(author.get_absolute_url(), {"page": 2})
    assert len(_posts_page(second).object_list) == 5
    # A malformed page number gives the nearest page rather than an error.
    assert client.get(author.get_absolute_url(), {"page": "x"}).status_code == 200


def _profile_with_posts(themes, n):
    author = UserFactory()
    for i in range(n):
        # Spread over several threads and themes, so related rows differ between posts.
        thread = ThreadFactory(theme=themes["atu" if i % 2 else "spmu"])
        PostFactory(thread=thread, author=author)
    return author


@pytest.mark.parametrize("kind", ["anonymous", "participant"])
@pytest.mark.parametrize("n", [5, 50])
def test_public_profile_query_count_does_not_grow_with_posts(
    client_for, kind, themes, n, django_assert_num_queries
):
    author = _profile_with_posts(themes, n)
    client = client_for(kind)
    # Schedule, person, COUNT, page of posts; signed in, also the user, the themes they
    # moderate (the header's review-queue link) and, on this first page with an empty cache,
    # the version of the privacy notice in force; the session comes from the cache.
    expected = 4 if kind == "anonymous" else 7
    with django_assert_num_queries(expected):
        response = client.get(author.get_absolute_url())
    assert response.status_code == 200
    assert len(_posts_page(response).object_list) == min(n, 20)


def test_public_posts_use_the_forum_rule_for_anonymous_readers(themes):
    """The selector asks forum.permissions rather than restating the rule."""
    from forum.permissions import visible_posts
    from forum.selectors.profiles import public_posts

    author = UserFactory()
    ThreadFactory(theme=themes["atu"], author=author)
    ThreadFactory(theme=themes["atu"], author=author, opening__status=Post.Status.PENDING)
    expected = visible_posts(AnonymousUser(), Post.objects.filter(author=author))
    assert set(public_posts(person=author)) == set(expected)


def _posts_page(response):
    """The page of posts forum's section of the profile shows."""
    (section,) = response.context["sections"]
    assert section.template == "forum/profile_posts.html"
    return section.context["page_obj"]


def test_a_registered_section_shows_on_the_profile(client, db):
    """accounts knows nothing of forum: what a profile shows comes from the providers."""
    from accounts import profiles

    author = UserFactory()
    extra = lambda **kwargs: profiles.ProfileSection(template="includes/messages.html")  # noqa: E731
    profiles.register_profile_section(extra)
    try:
        response = client.get(author.get_absolute_url())
        assert [s.template for s in response.context["sections"]] == [
            "forum/profile_posts.html",
            "includes/messages.html",
        ]
    finally:
        profiles._providers.remove(extra)
