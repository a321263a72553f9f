"""Full-text search (forum/search/): what it finds, in what order, for whom, with which
filters, and that the services keep its index current. Runs on SQLite (FTS5) and on
PostgreSQL (tsvector) alike."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Attribution
from accounts.services import update_profile
from forum import services
from forum.models import Post, PostTag, SearchDocument, Tag
from forum.search import SearchFilters, Sort, rebuild_search_index, search_page, search_terms
from guidebook.services.drafting import publish_version, save_draft
from moderation.services.decisions import approve_post, reject_post
from moderation.services.threads import hide_post, move_thread, unhide_post
from tests.conftest import KINDS
from tests.factories import PostFactory, ThreadFactory, UserFactory
from tests.moderation.helpers import MODERATOR_EMAILS

Status = Post.Status
SEARCH = "forum:search"


@pytest.fixture(autouse=True)
def _moderators_exempt_from_mfa(settings):
    settings.MODERATION_MFA_EXEMPT_EMAILS = MODERATOR_EMAILS


def found(query, user=None, **filters):
    """The source ids (post ids) `user` finds for `query`, in order."""
    page = search_page(user=user or AnonymousUser(), query=query, filters=SearchFilters(**filters))
    return [doc.source_id for doc in page.object_list]


def thread_with(theme, *, title="A thread", body="Opening words.", **kwargs):
    thread = ThreadFactory(theme=theme, title=title, opening__body=body, **kwargs)
    return thread, thread.first_post


# Matching and ranking -----------------------------------------------------------------------


def test_a_title_match_and_repeated_words_rank_above_a_single_mention(themes):
    _, once = thread_with(themes["atu"], title="Patrols", body="Mentoring appears once here.")
    _, repeated = thread_with(
        themes["atu"], title="Schools", body="Mentoring, mentoring and more mentoring."
    )
    _, titled = thread_with(themes["atu"], title="Mentoring schemes", body="About schemes.")
    rebuild_search_index()

    order = found("mentoring")
    assert order.index(titled.pk) < order.index(once.pk)
    assert order.index(repeated.pk) < order.index(once.pk)


def test_words_match_independently_and_stemmed(themes):
    _, both = thread_with(themes["atu"], body="The police met the youth council last spring.")
    _, policed = thread_with(themes["atu"], body="Streets were policed at night.")
    _, one_word = thread_with(themes["atu"], body="The youth club opened.")
    rebuild_search_index()

    assert set(found("policing")) == {both.pk, policed.pk}
    # Two words far apart in the text both match; a post with only one of them does not.
    assert found("youth police") == [both.pk]
    assert one_word.pk not in found("policing youth")


@pytest.mark.parametrize(
    ("written", "searched"),
    [
        ("radicalisation", "radicalization"),
        ("radicalization", "radicalisation"),
        ("organisation", "organization"),
        ("programme", "program"),
        ("behaviour", "behavior"),
        ("defence", "defense"),
        ("centre", "center"),
        ("analyse", "analyze"),
        ("neighbourhood", "neighborhood"),
    ],
)
def test_british_and_american_spellings_find_each_other(themes, written, searched):
    _, post = thread_with(themes["atu"], body=f"A note on {written} in towns.")
    rebuild_search_index()
    assert found(searched) == [post.pk]
    assert found(written) == [post.pk]


def test_spelling_is_normalised_word_by_word_only():
    assert search_terms("Exercise expertise, RADICALISATION!") == [
        "exercise",
        "expertise",
        "radicalization",
    ]


@pytest.mark.parametrize(
    ("attribution", "name_found", "organisation_found"),
    [
        (Attribution.NAME_AND_ORGANISATION, True, True),
        (Attribution.ORGANISATION_ONLY, False, True),
        (Attribution.ANONYMOUS, False, False),
    ],
)
def test_authors_are_found_as_their_attribution_credits_them(
    themes, attribution, name_found, organisation_found
):
    author = UserFactory(
        display_name="Sam Taylor",
        organisation="Kyrgyz Police Academy",
        default_attribution=attribution,
    )
    _, post = thread_with(themes["atu"], author=author, body="Notes.")
    rebuild_search_index()

    assert (found("Sam Taylor") == [post.pk]) is name_found
    assert (found("Kyrgyz academy") == [post.pk]) is organisation_found
    doc = SearchDocument.objects.get(source_id=post.pk)
    if attribution == Attribution.ANONYMOUS:
        assert "Sam" not in doc.attribution and "Kyrgyz" not in doc.attribution


def test_tags_and_structured_fields_are_found(themes, atu_moderator):
    tag = Tag.objects.create(facet=Tag.Facet.REGION, name="Central Asia", slug="central-asia")
    _, post = thread_with(
        themes["atu"],
        body="A case.",
        opening__kind=Post.Kind.CASE_STUDY,
        opening__place="Kyrgyzstan",
        opening__period="2009–2011",
        opening__actors="Municipal councils",
        opening__outcome="Fewer complaints",
    )
    PostTag.objects.create(post=post, tag=tag, applied_by=atu_moderator)
    rebuild_search_index()

    for query in ("Kyrgyzstan", "central asia", "municipal councils", "complaints"):
        assert found(query) == [post.pk], query


def test_published_guidebook_versions_are_found_and_link_to_the_version(client, drafter, chapters):
    chapter = chapters["one"]
    save_draft(actor=drafter, chapter=chapter, text="Trust grows through outreach.", base_version=0)
    version = publish_version(actor=drafter, chapter=chapter)

    response = client.get(reverse(SEARCH), {"q": "outreach"})
    [result] = response.context["page_obj"].object_list
    assert result.url == version.get_absolute_url()
    assert result.kind_label == "Guidebook chapter"
    assert f'href="{version.get_absolute_url()}"' in response.text


def test_results_show_a_plain_text_snippet_with_the_matched_words_marked(client, themes):
    thread_with(
        themes["atu"],
        title="Markup",
        body=(
            "**Bold** claim about <script>alert(1)</script> and "
            "[a link](https://example.org) on mentoring."
        ),
    )
    rebuild_search_index()

    response = client.get(reverse(SEARCH), {"q": "mentoring"})
    [result] = response.context["page_obj"].object_list
    assert "<mark>mentoring</mark>" in str(result.snippet)
    assert "**" not in result.snippet and "](" not in result.snippet
    assert "<script>" not in response.text.split("<main")[-1]
    # Escaped (SQLite) or dropped as a tag (PostgreSQL's ts_headline); never live.
    assert "<script>" not in str(result.snippet)


def test_a_writer_cannot_forge_the_highlight_markers(themes):
    thread_with(themes["atu"], body="Sneaky \ue000<b>bold</b>\ue001 mentoring text.")
    rebuild_search_index()
    [result] = search_page(user=AnonymousUser(), query="mentoring").object_list
    assert "<b>" not in str(result.snippet)
    assert str(result.snippet).count("<mark>") == 1


# Many matches --------------------------------------------------------------------------------


def test_past_the_cap_the_newest_matches_are_ranked_and_the_page_says_so(
    client, themes, monkeypatch
):
    monkeypatch.setattr("forum.search.queries.MAX_RESULTS", 3)
    posts = [thread_with(themes["atu"], body="Mentoring once.")[1] for _ in range(4)]
    _, titled = thread_with(themes["atu"], title="Mentoring", body="Mentoring, mentoring.")
    rebuild_search_index()

    page = search_page(user=AnonymousUser(), query="mentoring")
    assert page.paginator.count == 3
    assert page.paginator.object_list.truncated
    # The three newest matches, the best first; the older ones are left out.
    first, *others = [doc.source_id for doc in page.object_list]
    assert first == titled.pk and set(others) == {posts[3].pk, posts[2].pk}
    response = client.get(reverse(SEARCH), {"q": "mentoring"})
    assert "More than 3 results for “mentoring”" in response.text
    assert "Add words or filters to find older ones." in response.text

    by_date = {"q": "mentoring", "theme": themes["atu"].slug, "sort": "date"}
    few = client.get(reverse(SEARCH), by_date)
    assert few.context["truncated"] and few.context["page_obj"].paginator.count == 3
    assert client.get(reverse(SEARCH), {"q": "once", "kind": "nothing"}).status_code == 400


def test_a_search_counts_every_match_below_the_cap(client, themes):
    for _ in range(3):
        thread_with(themes["atu"], body="Mentoring.")
    rebuild_search_index()
    response = client.get(reverse(SEARCH), {"q": "mentoring"})
    assert response.context["page_obj"].paginator.count == 3
    assert not response.context["truncated"]
    assert "3 results for “mentoring”" in response.text


@pytest.mark.parametrize("dense", [1, 20_000])
def test_sqlite_checks_matches_either_way_with_the_same_results(themes, monkeypatch, dense):
    """SQLite checks each match against the documents a person may find, one lookup per match
    when they are many, or against their ids gathered once when they are few."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL plans this itself")
    monkeypatch.setattr("forum.search.backends.SQLiteIndex.DENSE", dense)
    _, atu = thread_with(themes["atu"], body="Mentoring youth.")
    _, spmu = thread_with(themes["spmu"], body="Mentoring youth.")
    _, hidden = thread_with(themes["atu"], body="Mentoring youth.")
    hidden.status = Status.HIDDEN
    hidden.save()
    rebuild_search_index()

    assert sorted(found("youth mentoring")) == sorted([spmu.pk, atu.pk])
    assert found("youth mentoring", theme=themes["atu"]) == [atu.pk]
    assert found("nothing like it") == []


# Filters ------------------------------------------------------------------------------------


@pytest.fixture
def spread(themes, atu_moderator):
    """Four public posts about mentoring differing in theme, kind, tag, author and date."""
    tag = Tag.objects.create(facet=Tag.Facet.TOPIC, name="Youth", slug="youth")
    other_tag = Tag.objects.create(facet=Tag.Facet.TOPIC, name="Schools", slug="schools")
    academic = UserFactory(stakeholder_group="academia", country="MA")
    official = UserFactory(stakeholder_group="government", country="JP")
    early = timezone.make_aware(dt.datetime(2012, 3, 10, 12))
    late = timezone.make_aware(dt.datetime(2012, 5, 20, 12))
    posts = {
        "atu_comment": thread_with(themes["atu"], body="Mentoring.", author=official)[1],
        "youth_practice": thread_with(
            themes["odihr"],
            body="Mentoring.",
            author=academic,
            opening__kind=Post.Kind.GOOD_PRACTICE,
        )[1],
        "youth_case": thread_with(
            themes["odihr"], body="Mentoring.", author=official, opening__kind=Post.Kind.CASE_STUDY
        )[1],
        "spmu": thread_with(themes["spmu"], body="Mentoring.", author=academic)[1],
    }
    Post.objects.filter(pk__in=[posts["atu_comment"].pk, posts["youth_practice"].pk]).update(
        created_at=early
    )
    Post.objects.filter(pk__in=[posts["youth_case"].pk, posts["spmu"].pk]).update(created_at=late)
    for name in ("youth_practice", "youth_case"):
        PostTag.objects.create(post=posts[name], tag=tag, applied_by=atu_moderator)
    PostTag.objects.create(post=posts["youth_case"], tag=other_tag, applied_by=atu_moderator)
    rebuild_search_index()
    return {name: post.pk for name, post in posts.items()} | {
        "tag": tag,
        "other_tag": other_tag,
    }


def _named(spread, ids):
    return {name for name, pk in spread.items() if pk in ids}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"theme": "youth"}, {"youth_practice", "youth_case"}),
        ({"kind": "case_study"}, {"youth_case"}),
        ({"tag": ["youth"]}, {"youth_practice", "youth_case"}),
        ({"tag": ["youth", "schools"]}, {"youth_case"}),
        ({"group": "academia"}, {"youth_practice", "spmu"}),
        ({"where": "MA"}, {"youth_practice", "spmu"}),
        ({"where": "group:asian_partner"}, {"atu_comment", "youth_case"}),
        ({"where": "group:participating_state"}, set()),
        ({"date_from": "2012-05-01"}, {"youth_case", "spmu"}),
        ({"date_to": "2012-03-10"}, {"atu_comment", "youth_practice"}),
        ({"theme": "youth", "group": "government", "date_from": "2012-05-01"}, {"youth_case"}),
        ({"kind": "guidebook_version"}, set()),
    ],
)
def test_filters_narrow_and_combine(client, spread, params, expected):
    response = client.get(reverse(SEARCH), {"q": "mentoring", **params})
    assert response.status_code == 200
    ids = {doc.source_id for doc in response.context["page_obj"].object_list}
    assert _named(spread, ids) == expected
    # The form keeps what was chosen, and the pages keep it too.
    assert response.context["form"].data.get("q") == "mentoring"


def test_sort_by_date_puts_the_newest_first(spread):
    order = found("mentoring", sort=Sort.DATE)
    assert _named(spread, order[:2]) == {"youth_case", "spmu"}
    assert _named(spread, order[2:]) == {"atu_comment", "youth_practice"}


def test_pagination_links_keep_the_query_and_filters(client, themes):
    for _ in range(21):
        thread_with(themes["atu"], body="Mentoring.")
    rebuild_search_index()
    response = client.get(reverse(SEARCH), {"q": "mentoring", "theme": "key-concepts"})
    assert "q=mentoring&amp;theme=key-concepts&amp;page=2" in response.text


# Who finds what -----------------------------------------------------------------------------

ATU_STAFF = {"atu_moderator", "administrator"}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("status", "finders"),
    [
        (Status.APPROVED, set(KINDS)),
        (Status.PENDING, ATU_STAFF | {"participant"}),
        (Status.CHANGES_REQUESTED, ATU_STAFF | {"participant"}),
        (Status.REJECTED, ATU_STAFF),
        (Status.HIDDEN, ATU_STAFF),
    ],
)
def test_who_finds_a_post_in_each_state(person, participant, themes, kind, status, finders):
    thread, _ = thread_with(themes["atu"], body="Opening.")
    reply = PostFactory(thread=thread, author=participant, status=status, body="Zebra crossings.")
    rebuild_search_index()
    user = person(kind) or AnonymousUser()
    assert (found("zebra", user) == [reply.pk]) is (kind in finders)


@pytest.mark.parametrize("kind", KINDS)
def test_replies_in_a_thread_that_is_not_public_are_not_found_by_others(
    person, participant, themes, kind
):
    thread, _ = thread_with(
        themes["atu"], body="Opening.", author=participant, opening__status=Status.PENDING
    )
    reply = PostFactory(thread=thread, status=Status.APPROVED, body="Zebra crossings.")
    rebuild_search_index()
    user = person(kind) or AnonymousUser()
    assert (found("zebra", user) == [reply.pk]) is (kind in ATU_STAFF)


# Bad queries --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("x" * 1_000, 400),
        ("!!! ??? ...", 400),
        ('"', 400),
        ("*", 400),
        ("-", 400),
        (":", 400),
        ("()", 400),
        # A NUL byte in any address is refused before the view (tests/test_hostile_input.py).
        ("NEAR(mentoring", 200),
        ('"mentoring', 200),
        ("mentor*", 200),
        ("-mentoring", 200),
        ("title:mentoring", 200),
        ("AND OR", 200),
        ("mentoring AND OR NOT", 200),
        ("(mentoring", 200),
        ("mentoring)) ((", 200),
        ("^mentoring", 200),
        ("mentoring'; DROP TABLE forum_post; --", 200),
    ],
)
def test_hostile_queries_get_a_page_never_a_server_error(client, themes, query, status):
    thread_with(themes["atu"], body="Mentoring.")
    rebuild_search_index()
    response = client.get(reverse(SEARCH), {"q": query})
    assert response.status_code == status
    if status == 400:
        assert "There is a problem" in response.text
        assert response.context["page_obj"] is None
    else:
        assert response.context["page_obj"] is not None
    assert Post.objects.exists()


def test_invalid_filters_are_a_form_error(client, themes):
    response = client.get(
        reverse(SEARCH), {"q": "mentoring", "theme": "nope", "date_from": "2012-13-45"}
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"theme", "date_from"}


def test_a_to_date_before_the_from_date_is_refused(client, themes):
    response = client.get(
        reverse(SEARCH), {"q": "mentoring", "date_from": "2012-05-01", "date_to": "2012-04-01"}
    )
    assert response.status_code == 400 and "date_to" in response.context["form"].errors


# Kept current by the services ----------------------------------------------------------------


def _write_thread(author, theme, **fields):
    return services.start_thread(
        author=author,
        theme=theme,
        title=fields.pop("title", "Night patrols"),
        kind="comment",
        body=fields.pop("body", "Zebra crossings near schools."),
        **fields,
    )


def test_a_new_thread_is_found_by_its_author_and_approval_makes_it_public(
    participant, atu_moderator, themes
):
    thread = _write_thread(participant, themes["atu"])
    assert found("zebra", participant) == [thread.first_post_id]
    assert found("zebra") == []

    approve_post(actor=atu_moderator, post=thread.first_post)
    assert found("zebra") == [thread.first_post_id]


def test_a_reply_is_indexed_when_written(participant, atu_moderator, themes):
    thread, _ = thread_with(themes["atu"], body="Opening.")
    reply = services.reply(author=atu_moderator, thread=thread, kind="comment", body="Zebra.")
    assert found("zebra") == [reply.pk]


def test_rejection_leaves_the_post_to_moderators(participant, atu_moderator, themes):
    thread = _write_thread(participant, themes["atu"])
    reject_post(actor=atu_moderator, post=thread.first_post, preset_reason="off_topic")
    assert found("zebra", participant) == []
    assert found("zebra", atu_moderator) == [thread.first_post_id]


def test_hiding_removes_a_post_for_the_public_and_unhiding_restores_it(atu_moderator, themes):
    _, post = thread_with(themes["atu"], body="Zebra.")
    rebuild_search_index()
    hide_post(actor=atu_moderator, post=post, reason="Abusive.")
    assert found("zebra") == []
    assert found("zebra", atu_moderator) == [post.pk]
    unhide_post(actor=atu_moderator, post=post)
    assert found("zebra") == [post.pk]


def test_hiding_an_opening_post_hides_its_replies_from_search(atu_moderator, themes):
    thread, opening = thread_with(themes["atu"], body="Opening.")
    reply = PostFactory(thread=thread, body="Zebra.")
    rebuild_search_index()
    hide_post(actor=atu_moderator, post=opening, reason="Abusive.")
    assert found("zebra") == []
    assert found("zebra", atu_moderator) == [reply.pk]


def test_an_edit_changes_what_is_found(participant, themes):
    thread = _write_thread(participant, themes["atu"])
    services.edit_post(
        editor=participant,
        post=thread.first_post,
        kind="comment",
        body="Giraffes.",
        title="Day patrols",
    )
    assert found("zebra", participant) == []
    assert found("giraffes", participant) == [thread.first_post_id]
    assert found("day patrols", participant) == [thread.first_post_id]


def test_a_profile_change_changes_how_the_author_is_found(participant, themes):
    _, post = thread_with(themes["atu"], author=participant, body="Notes.")
    rebuild_search_index()
    update_profile(user=participant, display_name="Aigerim Zhakupova")
    assert found("Aigerim") == [post.pk]
    update_profile(user=participant, default_attribution=Attribution.ANONYMOUS)
    assert found("Aigerim") == []


def test_moving_a_thread_moves_it_in_the_theme_filter(administrator, themes):
    thread, post = thread_with(themes["atu"], body="Zebra.")
    rebuild_search_index()
    move_thread(actor=administrator, thread=thread, theme=themes["spmu"])
    assert found("zebra", theme=themes["spmu"]) == [post.pk]
    assert found("zebra", theme=themes["atu"]) == []


def test_a_write_that_fails_leaves_the_index_as_it_was(participant, themes):
    with pytest.raises(Exception):  # noqa: B017, PT011
        _write_thread(participant, themes["atu"], body="")
    assert not SearchDocument.objects.exists()


# Rebuilding ----------------------------------------------------------------------------------


def test_rebuild_dry_run_counts_and_writes_nothing(themes, drafter, chapters):
    thread_with(themes["atu"], body="Zebra.")
    save_draft(actor=drafter, chapter=chapters["one"], text="Outreach.", base_version=0)
    publish_version(actor=drafter, chapter=chapters["one"])
    SearchDocument.objects.all().delete()

    out = _command("--dry-run")
    assert "post: 1 would be indexed" in out
    assert "guidebook_version: 1 would be indexed" in out
    assert not SearchDocument.objects.exists()

    out = _command()
    assert "total: 2 indexed" in out
    assert found("zebra") and found("outreach")


def test_rebuild_replaces_stale_documents(themes):
    _, post = thread_with(themes["atu"], body="Zebra.")
    rebuild_search_index()
    Post.objects.filter(pk=post.pk).update(body_html="<p>Giraffe.</p>")
    rebuild_search_index()
    assert found("zebra") == [] and found("giraffe") == [post.pk]


def _command(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("rebuild_search_index", *args, stdout=out)
    return out.getvalue()


# Query counts and the tag index ------------------------------------------------------------


@pytest.mark.parametrize("kind", ["anonymous", "atu_moderator"])
def test_the_search_page_query_count_does_not_grow_with_results(client_for, themes, kind):
    client = client_for(kind)

    def count(n):
        for _ in range(n):
            thread_with(themes["atu"], body="Mentoring.")
        rebuild_search_index()
        client.get(reverse(SEARCH), {"q": "mentoring"})  # fills the schedule's cache
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse(SEARCH), {"q": "mentoring", "tag": []})
        assert response.status_code == 200
        return len(captured)

    assert count(2) == count(20)


def test_the_tag_index_counts_approved_public_posts_per_tag(
    client, themes, atu_moderator, django_assert_num_queries
):
    youth = Tag.objects.create(facet=Tag.Facet.TOPIC, name="Youth", slug="youth")
    Tag.objects.create(facet=Tag.Facet.REGION, name="Balkans", slug="balkans")
    public_thread, public = thread_with(themes["atu"])
    hidden = PostFactory(thread=public_thread, status=Status.HIDDEN)
    _, in_pending_thread = thread_with(themes["atu"], opening__status=Status.APPROVED)
    in_pending_thread.thread.first_post = PostFactory(
        thread=in_pending_thread.thread, status=Status.PENDING
    )
    in_pending_thread.thread.save()
    for post in (public, hidden, in_pending_thread):
        PostTag.objects.create(post=post, tag=youth, applied_by=atu_moderator)

    response = client.get(reverse("forum:tag_index"))
    assert response.status_code == 200
    counts = {tag.slug: tag.post_count for _, tags in response.context["facets"] for tag in tags}
    assert counts == {"youth": 1, "balkans": 0}
    assert [facet for facet, _ in response.context["facets"]] == ["Topic", "Region"]
    assert reverse("forum:tag_detail", kwargs={"slug": "youth"}) in response.text


def test_the_search_page_links_to_the_tag_index(client, db):
    response = client.get(reverse(SEARCH))
    assert reverse("forum:tag_index") in response.text
