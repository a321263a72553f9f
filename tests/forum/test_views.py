"""Forum pages across the kinds of person: who gets 200, 302, 403 or 404, and what they see."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Max
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from forum import permissions, services
from forum.models import ConsultationSchedule, Post, PostRevision, Thread
from forum.search import rebuild_search_index
from moderation.services.decisions import approve_post
from tests.conftest import KINDS
from tests.factories import PostFactory, ThreadFactory, UserFactory

Status = Post.Status
# Who may see content awaiting review in the ATU theme, besides its author.
SEES_ATU_PENDING = {"atu_moderator", "administrator"}


@pytest.fixture
def thread(themes):
    thread = ThreadFactory(
        theme=themes["atu"], title="Officers on foot", opening__body="Walk the beat daily."
    )
    PostFactory(thread=thread, body="We tried bicycles.")
    return thread


@pytest.fixture
def pending_thread(themes, participant):
    """A thread whose opening post, by the participant, awaits review."""
    return ThreadFactory(
        theme=themes["atu"],
        author=participant,
        title="Unreviewed idea",
        opening__status=Status.PENDING,
        opening__body="Not public yet.",
    )


@pytest.fixture
def pending_reply(thread, participant):
    return PostFactory(
        thread=thread, author=participant, status=Status.PENDING, body="Reply waiting for review."
    )


def closed_consultation():
    now = timezone.now()
    return ConsultationSchedule.objects.create(
        title="Archive", opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1)
    )


def sees_pending(kind: str) -> bool:
    return kind == "participant" or kind in SEES_ATU_PENDING


# Reading pages -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_home_lists_themes_with_visible_counts(client_for, kind, thread, pending_thread):
    response = client_for(kind).get(reverse("forum:home"))

    assert response.status_code == 200
    atu = next(t for t in response.context["themes"] if t.slug == "key-concepts")
    assert atu.thread_count == (2 if sees_pending(kind) else 1)
    assert atu.post_count == (3 if sees_pending(kind) else 2)
    assert atu.last_activity_at is not None
    assert "Key concepts" in response.text


@pytest.mark.parametrize("kind", KINDS)
def test_home_counts_are_those_of_the_permission_rules(
    client_for, person, kind, themes, participant
):
    """Every mix of statuses, authors and themes: each theme's figures on the home page are
    what forum/permissions.py lets this person see in it."""
    other = UserFactory()
    for theme in themes.values():
        public = ThreadFactory(theme=theme, author=other)
        PostFactory(thread=public, author=participant)
        PostFactory(thread=public, author=participant, status=Status.PENDING)
        PostFactory(thread=public, author=other, status=Status.PENDING)
        PostFactory(thread=public, author=other, status=Status.HIDDEN)
        PostFactory(thread=public, author=participant, status=Status.CHANGES_REQUESTED)
        hidden = ThreadFactory(theme=theme, author=other, opening__status=Status.PENDING)
        # Approved, but in a thread that is not public: only its author and moderators.
        PostFactory(thread=hidden, author=participant)
        PostFactory(thread=hidden, author=other)
        ThreadFactory(theme=theme, author=participant, opening__status=Status.REJECTED)
    Thread.objects.filter(theme=themes["odihr"], first_post__status=Status.REJECTED).update(
        last_activity_at=timezone.now() + timedelta(days=1)
    )
    user = person(kind) or AnonymousUser()

    shown = {t.pk: t for t in client_for(kind).get(reverse("forum:home")).context["themes"]}

    for theme in themes.values():
        threads = permissions.visible_threads(user, Thread.objects.filter(theme=theme))
        posts = permissions.visible_posts(user, Post.objects.filter(thread__theme=theme))
        latest = threads.aggregate(at=Max("last_activity_at"))["at"]
        figures = shown[theme.pk]
        assert (figures.thread_count, figures.post_count, figures.last_activity_at) == (
            threads.count(),
            posts.count(),
            latest,
        ), (kind, theme.slug)


def test_home_shows_a_new_public_post_at_once(client, participant, atu_moderator, thread):
    """The figures are cached, but every write that changes them counts them afresh."""

    def atu_posts():
        themes = client.get(reverse("forum:home")).context["themes"]
        return next(t for t in themes if t.slug == "key-concepts").post_count

    before = atu_posts()
    services.reply(author=atu_moderator, thread=thread, kind=Post.Kind.COMMENT, body="Public.")
    assert atu_posts() == before + 1

    waiting = services.reply(
        author=participant, thread=thread, kind=Post.Kind.COMMENT, body="Waits."
    )
    assert atu_posts() == before + 1
    with override_settings(MODERATION_MFA_EXEMPT_EMAILS=[atu_moderator.email]):
        approve_post(actor=atu_moderator, post=waiting)
    assert atu_posts() == before + 2


@pytest.mark.parametrize("kind", KINDS)
def test_theme_page_hides_threads_awaiting_review_from_others(
    client_for, kind, themes, thread, pending_thread
):
    response = client_for(kind).get(themes["atu"].get_absolute_url())

    assert response.status_code == 200
    assert "Officers on foot" in response.text
    assert ("Unreviewed idea" in response.text) == sees_pending(kind)


def test_theme_page_pins_first_then_orders_by_activity(client, themes):
    old = ThreadFactory(theme=themes["atu"], title="Old")
    Thread.objects.filter(pk=old.pk).update(last_activity_at=timezone.now() - timedelta(days=9))
    ThreadFactory(theme=themes["atu"], title="New")
    pinned = ThreadFactory(theme=themes["atu"], title="Rules", pinned=True)
    Thread.objects.filter(pk=pinned.pk).update(last_activity_at=timezone.now() - timedelta(days=99))

    response = client.get(themes["atu"].get_absolute_url())

    titles = [t.title for t in response.context["page_obj"].object_list]
    assert titles == ["Rules", "New", "Old"]
    # One visible reply in "New"? none: the count excludes the opening post.
    assert [t.reply_count for t in response.context["page_obj"].object_list] == [0, 0, 0]


def test_unknown_theme_is_404(client, themes):
    assert client.get("/themes/no-such-theme/").status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_thread_page_shows_pending_replies_only_to_author_and_moderators(
    client_for, kind, thread, pending_reply
):
    response = client_for(kind).get(thread.get_absolute_url())

    assert response.status_code == 200
    assert "We tried bicycles." in response.text
    assert ("Reply waiting for review." in response.text) == sees_pending(kind)
    assert ("Awaiting review" in response.text) == sees_pending(kind)


@pytest.mark.parametrize("kind", KINDS)
def test_thread_awaiting_review_is_404_for_others(client_for, kind, pending_thread):
    response = client_for(kind).get(pending_thread.get_absolute_url())
    assert response.status_code == (200 if sees_pending(kind) else 404)


def test_thread_page_shows_author_details_kind_and_summary(client, themes):
    author = UserFactory(
        username="amina", display_name="Amina Author", organisation="Police Academy"
    )
    thread = ThreadFactory(
        theme=themes["atu"],
        author=author,
        opening__kind=Post.Kind.CASE_STUDY,
        opening__place="Kyrgyzstan",
        opening__outcome="Fewer incidents",
        opening__edited_at=timezone.now(),
    )

    text = client.get(thread.get_absolute_url()).text

    assert 'href="/people/amina/"' in text
    assert "Amina Author" in text and "Police Academy" in text and "Civil society" in text
    assert "Case study" in text and 'class="summary-box"' in text and "Kyrgyzstan" in text
    assert "edited" in text


def test_thread_pages_hold_twenty_posts(client, thread):
    PostFactory.create_batch(40, thread=thread)  # 42 posts: three pages
    first = client.get(thread.get_absolute_url())
    last = client.get(thread.get_absolute_url() + "?page=3")
    beyond = client.get(thread.get_absolute_url() + "?page=99")

    assert len(first.context["page_obj"].object_list) == 20
    assert len(last.context["page_obj"].object_list) == 2
    assert beyond.context["page_obj"].number == 3


def test_user_text_is_escaped_outside_the_rendered_body(client, themes):
    author = UserFactory(display_name="<b>Bold</b> name", organisation="<i>Org</i>")
    thread = ThreadFactory(theme=themes["atu"], author=author, title="<script>x</script>")
    text = client.get(thread.get_absolute_url()).text
    assert "<script>x</script>" not in text and "<b>Bold</b>" not in text
    assert "&lt;script&gt;x&lt;/script&gt;" in text


# Permalinks and revisions ------------------------------------------------------------------


def test_permalink_redirects_to_the_page_holding_the_post(client, thread):
    posts = PostFactory.create_batch(25, thread=thread)
    target = posts[-1]  # the 27th post: page 2

    response = client.get(reverse("forum:post_permalink", kwargs={"pk": target.pk}))

    assert response.status_code == 302
    assert response.url == f"{thread.get_absolute_url()}?page=2#post-{target.pk}"


@pytest.mark.parametrize("kind", KINDS)
def test_permalink_of_a_pending_post_is_404_for_others(client_for, kind, pending_reply):
    response = client_for(kind).get(
        reverse("forum:post_permalink", kwargs={"pk": pending_reply.pk})
    )
    assert response.status_code == (302 if sees_pending(kind) else 404)


@pytest.mark.parametrize("kind", KINDS)
def test_revisions_are_for_the_author_and_the_themes_moderators(
    client_for, kind, thread, participant
):
    post = PostFactory(thread=thread, author=participant, body="Second text")
    PostRevision.objects.create(post=post, body="First text", kind="comment", edited_by=participant)

    response = client_for(kind).get(reverse("forum:post_revisions", kwargs={"pk": post.pk}))

    assert response.status_code == (200 if sees_pending(kind) else 404)
    if response.status_code == 200:
        assert "First text" in response.text and "Second text" in response.text
        assert "<del>- First text</del>" in response.text
        assert "<ins>+ Second text</ins>" in response.text


# Starting a thread -------------------------------------------------------------------------


def thread_data(**overrides):
    return {"title": "Youth liaison", "kind": "lesson", "body": "Meet **monthly**."} | overrides


def test_anonymous_people_are_sent_to_sign_in_before_starting_a_thread(client, themes):
    url = reverse("forum:thread_create", kwargs={"slug": "key-concepts"})
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={quote(url)}"


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "anonymous"])
def test_signed_in_people_see_the_new_thread_form(client_for, kind, themes):
    response = client_for(kind).get(reverse("forum:thread_create", kwargs={"slug": "youth"}))
    assert response.status_code == 200
    assert "for case studies and good practices" in response.text.lower()
    assert 'name="preview"' in response.text


def test_participant_starts_a_thread_that_awaits_review(client_for, participant, themes):
    url = reverse("forum:thread_create", kwargs={"slug": "key-concepts"})
    response = client_for("participant").post(url, thread_data())

    thread = Thread.objects.get()
    assert response.status_code == 302 and response.url == thread.get_absolute_url()
    assert thread.author == participant and thread.first_post.status == Status.PENDING
    page = client_for("participant").get(response.url)
    assert "Awaiting review" in page.text and "<strong>monthly</strong>" in page.text


def test_preview_renders_the_text_and_keeps_it_in_the_form(client_for, themes):
    url = reverse("forum:thread_create", kwargs={"slug": "key-concepts"})
    response = client_for("participant").post(url, thread_data(preview="1"))

    assert response.status_code == 200
    assert "<strong>monthly</strong>" in response.text
    assert "Meet **monthly**." in response.text
    assert not Thread.objects.exists()


def test_a_double_submitted_thread_creates_one_thread(client_for, themes):
    client = client_for("participant")
    url = reverse("forum:thread_create", kwargs={"slug": "key-concepts"})
    first, second = client.post(url, thread_data()), client.post(url, thread_data())
    assert Thread.objects.count() == 1
    assert first.url == second.url


@pytest.mark.parametrize(
    ("body", "message"),
    [("x" * 32_001, "32,000"), ("bell \x07 here", "control"), ("", "")],
)
def test_bad_text_reshows_the_form_with_the_text_kept(client_for, themes, body, message):
    url = reverse("forum:thread_create", kwargs={"slug": "key-concepts"})
    response = client_for("participant").post(url, thread_data(body=body, title="Kept title"))

    assert response.status_code == 400
    assert response.context["form"].errors
    assert message in response.text
    assert "Kept title" in response.text
    assert not Thread.objects.exists()


def test_null_byte_in_the_text_reshows_the_form(client_for, themes):
    url = reverse("forum:thread_create", kwargs={"slug": "key-concepts"})
    response = client_for("participant").post(url, thread_data(body="null \x00 byte"))
    assert response.status_code == 400 and response.context["form"].errors


def test_incomplete_profile_is_sent_to_the_profile_and_back(client, themes):
    newcomer = UserFactory(display_name="", stakeholder_group="", country="")
    client.force_login(newcomer)
    url = reverse("forum:thread_create", kwargs={"slug": "key-concepts"})

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:profile_edit')}?next={quote(url, safe='')}"


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "anonymous"])
def test_posting_forms_explain_a_closed_consultation_with_403(client_for, kind, thread):
    closed_consultation()
    client = client_for(kind)
    for url in (
        reverse("forum:thread_create", kwargs={"slug": "key-concepts"}),
        reverse("forum:post_create", kwargs={"pk": thread.pk}),
    ):
        response = client.get(url)
        assert response.status_code == 403
        assert "closed on" in response.text


def test_unknown_theme_form_is_404(client_for, themes):
    response = client_for("participant").get("/themes/nope/new/")
    assert response.status_code == 404


# Replying ----------------------------------------------------------------------------------


def test_anonymous_people_are_sent_to_sign_in_before_replying(client, thread):
    response = client.get(reverse("forum:post_create", kwargs={"pk": thread.pk}))
    assert response.status_code == 302 and reverse("account_login") in response.url


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "anonymous"])
def test_signed_in_people_reply(client_for, kind, thread):
    url = reverse("forum:post_create", kwargs={"pk": thread.pk})
    client = client_for(kind)
    assert client.get(url).status_code == 200

    response = client.post(url, {"kind": "comment", "body": "Agreed."})

    post = thread.posts.get(body="Agreed.")
    assert response.status_code == 302
    assert response.url == reverse("forum:post_permalink", kwargs={"pk": post.pk})
    expected = Status.APPROVED if kind in SEES_ATU_PENDING else Status.PENDING
    assert post.status == expected


@pytest.mark.parametrize(
    ("kind", "status"),
    [("participant", 403), ("spmu_moderator", 403), ("atu_moderator", 200), ("administrator", 200)],
)
def test_locked_threads_take_replies_only_from_their_moderators(client_for, kind, status, thread):
    thread.locked = True
    thread.save()
    response = client_for(kind).get(reverse("forum:post_create", kwargs={"pk": thread.pk}))
    assert response.status_code == status


@pytest.mark.parametrize(("kind", "status"), [("participant", 403), ("spmu_moderator", 404)])
def test_no_replies_to_a_thread_awaiting_review(client_for, kind, status, pending_thread):
    response = client_for(kind).get(reverse("forum:post_create", kwargs={"pk": pending_thread.pk}))
    assert response.status_code == status


# Editing -----------------------------------------------------------------------------------


def test_author_edits_a_post_and_the_thread_marks_it_edited(client_for, thread, participant):
    # Pending: an edit of an approved post waits for review (tests/moderation/test_held_edits.py).
    post = PostFactory(thread=thread, author=participant, body="Before.", status=Status.PENDING)
    client = client_for("participant")
    url = reverse("forum:post_edit", kwargs={"pk": post.pk})
    assert "Before." in client.get(url).text

    response = client.post(url, {"kind": "comment", "body": "After."})

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "After." and post.revisions.get().body == "Before."
    page = client.get(thread.get_absolute_url())
    assert "edited" in page.text and "Earlier versions" in page.text


def test_editing_the_opening_post_offers_the_title(client_for, participant, themes):
    thread = ThreadFactory(
        theme=themes["atu"], author=participant, title="Draft title", opening__status=Status.PENDING
    )
    client = client_for("participant")
    url = reverse("forum:post_edit", kwargs={"pk": thread.first_post.pk})
    assert 'value="Draft title"' in client.get(url).text

    client.post(url, {"title": "Final title", "kind": "comment", "body": "Same body"})

    thread.refresh_from_db()
    assert thread.title == "Final title"


def test_edit_after_changes_requested_sends_the_post_back(client_for, thread, participant):
    post = PostFactory(thread=thread, author=participant, status=Status.CHANGES_REQUESTED)
    client_for("participant").post(
        reverse("forum:post_edit", kwargs={"pk": post.pk}), {"kind": "comment", "body": "Fixed"}
    )
    post.refresh_from_db()
    assert post.status == Status.PENDING


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("anonymous", 302),
        ("participant", 200),
        ("atu_moderator", 403),
        ("spmu_moderator", 404),
        ("administrator", 403),
    ],
)
def test_only_the_author_edits_a_pending_post(client_for, kind, status, pending_reply):
    response = client_for(kind).get(reverse("forum:post_edit", kwargs={"pk": pending_reply.pk}))
    assert response.status_code == status


def test_others_may_not_edit_a_public_post(client_for, thread):
    post = thread.first_post
    response = client_for("participant").get(reverse("forum:post_edit", kwargs={"pk": post.pk}))
    assert response.status_code == 403


def test_edit_preview_keeps_the_text_and_changes_nothing(client_for, thread, participant):
    post = PostFactory(thread=thread, author=participant, body="Before.")
    response = client_for("participant").post(
        reverse("forum:post_edit", kwargs={"pk": post.pk}),
        {"kind": "comment", "body": "*After*", "preview": "1"},
    )
    assert response.status_code == 200 and "<em>After</em>" in response.text
    post.refresh_from_db()
    assert post.body == "Before."


# Search ------------------------------------------------------------------------------------


def test_search_finds_public_posts_by_text_or_title_ignoring_case(client, thread, pending_reply):
    post = PostFactory(thread=thread, body="About BICYCLE patrols.")
    rebuild_search_index()

    by_text = client.get(reverse("forum:search"), {"q": "  bicycle "})
    by_title = client.get(reverse("forum:search"), {"q": "officers ON foot"})
    hidden = client.get(reverse("forum:search"), {"q": "waiting for review"})

    assert by_text.status_code == 200
    assert by_text.context["query"] == "bicycle"
    # Stemmed: "bicycle" finds "bicycles" too.
    bicycles = thread.posts.get(body="We tried bicycles.")
    assert {r.post_id for r in by_text.context["page_obj"]} == {bicycles.pk, post.pk}
    assert by_title.context["page_obj"].paginator.count == 3
    assert hidden.context["page_obj"].paginator.count == 0


def test_search_without_a_query_shows_only_the_form(client, thread):
    response = client.get(reverse("forum:search"), {"q": "   "})
    assert response.status_code == 200 and response.context["page_obj"] is None
    assert 'name="q"' in response.text


def test_search_refuses_an_overlong_query_with_a_message(client, thread):
    response = client.get(reverse("forum:search"), {"q": "x" * 201})
    assert response.status_code == 400
    assert response.context["page_obj"] is None
    assert "200 characters" in response.text


def test_search_pages_hold_twenty_results(client, thread):
    PostFactory.create_batch(25, thread=thread, body="needle")
    rebuild_search_index()
    response = client.get(reverse("forum:search"), {"q": "needle", "page": 2})
    assert len(response.context["page_obj"].object_list) == 5
    assert "q=needle&amp;page=1" in response.text


def test_preview_does_not_ask_for_the_title_yet(client_for, themes):
    url = reverse("forum:thread_create", kwargs={"slug": "key-concepts"})
    response = client_for("participant").post(url, thread_data(title="", preview="1"))

    assert response.status_code == 200
    assert "<strong>monthly</strong>" in response.text
    assert not response.context["form"].errors


def test_preview_reports_problems_with_the_text(client_for, themes):
    url = reverse("forum:thread_create", kwargs={"slug": "key-concepts"})
    response = client_for("participant").post(url, thread_data(body="x" * 32_001, preview="1"))

    assert response.status_code == 400
    assert response.context["preview"] is None
    assert "32,000" in response.text
