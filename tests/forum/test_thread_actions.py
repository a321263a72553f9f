"""Which links the thread page and the review page offer to each kind of person.

The expectations are written out from the rules in forum/permissions.py rather than by
calling them, so a page that drifts from the rules (a link offered to someone the action
would refuse, or missing for someone it would allow) fails here.
"""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.models import Post, PostTag, Tag, Thread
from tests.conftest import KINDS, PARTICIPANT_KINDS
from tests.factories import PostFactory, ThreadFactory, UserFactory

Status = Post.Status
ACCEPTED_BADGE = "Accepted for the guidebook"
# Who moderates each theme of the `themes` fixture (see the `units` fixture).
MODERATORS = {
    "atu": {"atu_moderator", "administrator"},
    "shared": {"atu_moderator", "odihr_moderator", "administrator"},
}
# Moderators reach the review page only with two-factor authentication or an exemption.
MODERATOR_EMAILS = ["atu@example.org", "spmu@example.org", "odihr@example.org", "admin@example.org"]


def has_link(html: str, url: str) -> bool:
    # The quotes keep /moderation/posts/1/ from matching /moderation/posts/1/report/.
    return f'href="{url}"' in html


def post_html(html: str, pk: int) -> str:
    """The markup of one post card on the thread page ("" when the post is not shown)."""
    match = re.search(rf'<article[^>]* id="post-{pk}".*?</article>', html, re.DOTALL)
    return match.group(0) if match else ""


def url(name: str, pk: int) -> str:
    return reverse(name, kwargs={"pk": pk})


# The thread under test ---------------------------------------------------------------------


def build_thread(theme, participant, other, tag_applier):
    """A thread by `other` holding one post of every case the page distinguishes.

    Returns (thread, {name: post}). The participant wrote `own_approved` (edited, so it has
    earlier versions) and `own_pending`; everything else is by `other`. Some posts that are
    not approved carry `accepted_for_guidebook`, as a post keeps it when hidden later.
    """
    thread = ThreadFactory(theme=theme, author=other, opening__accepted_for_guidebook=True)
    posts = {
        "opening": thread.first_post,
        "own_approved": PostFactory(thread=thread, author=participant, edited_at=timezone.now()),
        "own_pending": PostFactory(
            thread=thread, author=participant, status=Status.PENDING, accepted_for_guidebook=True
        ),
        "other_approved": PostFactory(thread=thread, author=other),
        "other_pending": PostFactory(thread=thread, author=other, status=Status.PENDING),
        "other_hidden": PostFactory(
            thread=thread, author=other, status=Status.HIDDEN, accepted_for_guidebook=True
        ),
    }
    for slug, facet in (("policing", Tag.Facet.TOPIC), ("western-balkans", Tag.Facet.REGION)):
        tag, _ = Tag.objects.get_or_create(
            slug=slug, defaults={"facet": facet, "name": slug.replace("-", " ").title()}
        )
        PostTag.objects.create(post=posts["opening"], tag=tag, applied_by=tag_applier)
    return thread, posts


@pytest.fixture
def other(db):
    return UserFactory(username="other", display_name="Otto Other")


@pytest.fixture
def scenario(request, themes, units, participant, other):
    theme_key = request.param
    thread, posts = build_thread(themes[theme_key], participant, other, UserFactory())
    return theme_key, thread, posts


def expected_post_links(kind: str, moderates: bool, name: str, post: Post) -> dict[str, bool]:
    """Each post link and whether `kind` should see it, from the rules written out."""
    own = kind == "participant" and name.startswith("own_")
    approved = post.status == Status.APPROVED
    return {
        "forum:post_edit": own and post.status not in (Status.REJECTED, Status.HIDDEN),
        "forum:post_revisions": post.edited_at is not None and (own or moderates),
        "moderation:post_report": kind != "anonymous" and approved and not own,
        "moderation:post_review": moderates and post.status == Status.PENDING,
        "moderation:post_hide": moderates and approved,
        "moderation:post_unhide": moderates and post.status == Status.HIDDEN,
    }


def expected_visible(kind: str, moderates: bool, name: str, post: Post) -> bool:
    if post.status == Status.APPROVED or moderates:
        return True
    return kind == "participant" and name.startswith("own_")


# Thread page -------------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", ["atu", "shared"], indirect=True)
@pytest.mark.parametrize("kind", KINDS)
def test_post_links_follow_the_rules(client_for, kind, scenario):
    theme_key, thread, posts = scenario
    moderates = kind in MODERATORS[theme_key]

    response = client_for(kind).get(thread.get_absolute_url())

    assert response.status_code == 200
    html = response.text
    for name, post in posts.items():
        card = post_html(html, post.pk)
        visible = expected_visible(kind, moderates, name, post)
        assert bool(card) == visible, f"{name} shown to {kind}: {bool(card)}"
        for view_name, expected in expected_post_links(kind, moderates, name, post).items():
            link = url(view_name, post.pk)
            # Checked on the whole page: a post that is not shown offers no link either.
            assert has_link(html, link) == (visible and expected), (
                f"{view_name} on {name} for {kind} in the {theme_key} theme"
            )


@pytest.mark.parametrize("scenario", ["atu", "shared"], indirect=True)
@pytest.mark.parametrize("kind", KINDS)
def test_thread_links_follow_the_rules(client_for, kind, scenario):
    theme_key, thread, _ = scenario
    moderates = kind in MODERATORS[theme_key]

    html = client_for(kind).get(thread.get_absolute_url()).text

    # Every moderator here also moderates another theme, so Move goes with Lock and Pin.
    for view_name in ("thread_lock", "thread_pin", "thread_move"):
        assert has_link(html, url(f"moderation:{view_name}", thread.pk)) == moderates, view_name
    for view_name in ("thread_unlock", "thread_unpin"):
        assert not has_link(html, url(f"moderation:{view_name}", thread.pk)), view_name
    assert has_link(html, url("forum:post_create", thread.pk)) == (kind != "anonymous")


@pytest.mark.parametrize("kind", ["atu_moderator", "administrator"])
def test_locked_pinned_thread_offers_unlock_and_unpin(client_for, kind, themes, units):
    thread = ThreadFactory(theme=themes["atu"])
    Thread.objects.filter(pk=thread.pk).update(locked=True, pinned=True)

    html = client_for(kind).get(thread.get_absolute_url()).text

    assert has_link(html, url("moderation:thread_unlock", thread.pk))
    assert has_link(html, url("moderation:thread_unpin", thread.pk))
    assert not has_link(html, url("moderation:thread_lock", thread.pk))
    assert not has_link(html, url("moderation:thread_pin", thread.pk))
    # Moderators may still reply to a locked thread of their theme.
    assert has_link(html, url("forum:post_create", thread.pk))


@pytest.mark.parametrize("kind", ["participant", "spmu_moderator"])
def test_locked_thread_offers_no_reply_or_edit_to_others(client_for, person, kind, themes, units):
    thread = ThreadFactory(theme=themes["atu"], author=person(kind))
    Thread.objects.filter(pk=thread.pk).update(locked=True)

    html = client_for(kind).get(thread.get_absolute_url()).text

    assert not has_link(html, url("forum:post_create", thread.pk))
    assert not has_link(html, url("forum:post_edit", thread.first_post.pk))
    assert not has_link(html, url("moderation:thread_unlock", thread.pk))


def test_move_is_offered_only_with_another_theme_to_move_to(client_for, themes, units):
    # The SPMU unit moderates one theme only: nowhere to move its threads to.
    thread = ThreadFactory(theme=themes["spmu"])

    html = client_for("spmu_moderator").get(thread.get_absolute_url()).text

    assert has_link(html, url("moderation:thread_lock", thread.pk))
    assert has_link(html, url("moderation:thread_pin", thread.pk))
    assert not has_link(html, url("moderation:thread_move", thread.pk))
    # An administrator moderates every theme, so can move the same thread.
    admin_html = client_for("administrator").get(thread.get_absolute_url()).text
    assert has_link(admin_html, url("moderation:thread_move", thread.pk))


@pytest.mark.parametrize("scenario", ["atu", "shared"], indirect=True)
@pytest.mark.parametrize("kind", KINDS)
def test_tags_link_to_their_pages(client_for, kind, scenario):
    _, thread, posts = scenario

    card = post_html(client_for(kind).get(thread.get_absolute_url()).text, posts["opening"].pk)

    for slug, facet, name in (
        ("policing", "Topic", "Policing"),
        ("western-balkans", "Region", "Western Balkans"),
    ):
        link = reverse("forum:tag_detail", kwargs={"slug": slug})
        assert link == f"/tags/{slug}/"
        assert re.search(
            rf'<a [^>]*href="{re.escape(link)}"><span class="muted">{facet}:</span> {name}</a>',
            card,
        ), f"{slug} on the opening post for {kind}"
    # Untagged posts show no tag list.
    assert "post__tags" not in post_html(
        client_for(kind).get(thread.get_absolute_url()).text, posts["other_approved"].pk
    )


@pytest.mark.parametrize("scenario", ["atu", "shared"], indirect=True)
@pytest.mark.parametrize("kind", KINDS)
def test_accepted_badge_only_on_accepted_approved_posts(client_for, kind, scenario):
    _, thread, posts = scenario

    html = client_for(kind).get(thread.get_absolute_url()).text

    assert ACCEPTED_BADGE in post_html(html, posts["opening"].pk)
    assert html.count(ACCEPTED_BADGE) == 1
    for name in ("own_approved", "own_pending", "other_approved", "other_pending", "other_hidden"):
        assert ACCEPTED_BADGE not in post_html(html, posts[name].pk), name


# Review page -------------------------------------------------------------------------------


@pytest.fixture
def exempt_moderators(settings):
    settings.MODERATION_MFA_EXEMPT_EMAILS = MODERATOR_EMAILS


@pytest.mark.parametrize("scenario", ["atu", "shared"], indirect=True)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", ["other_pending", "other_approved", "other_hidden"])
def test_review_page_links_follow_the_rules(client_for, exempt_moderators, kind, name, scenario):
    theme_key, _, posts = scenario
    post = posts[name]

    response = client_for(kind).get(url("moderation:post_review", post.pk))

    if kind == "anonymous":
        assert response.status_code == 302
        return
    if kind in PARTICIPANT_KINDS:
        assert response.status_code == 403
        return
    if kind not in MODERATORS[theme_key]:
        # A moderator of other themes only: the post is not theirs to open.
        assert response.status_code == 404
        return
    assert response.status_code == 200
    html = response.text
    pending = post.status == Status.PENDING
    assert (f'action="{url("moderation:post_decide", post.pk)}"' in html) == pending
    assert has_link(html, url("forum:post_permalink", post.pk)) == (not pending)
    assert has_link(html, url("moderation:post_hide", post.pk)) == (post.status == Status.APPROVED)
    assert has_link(html, url("moderation:post_unhide", post.pk)) == (post.status == Status.HIDDEN)


ACTION_URL = re.compile(
    r'href="(/moderation/(?:posts|threads)/\d+/[a-z-]*/?|/posts/\d+/(?:edit|revisions)/'
    r'|/threads/\d+/reply/)"'
)


@pytest.mark.parametrize("scenario", ["atu", "shared"], indirect=True)
@pytest.mark.parametrize("kind", KINDS)
def test_every_action_offered_opens_for_its_viewer(client_for, exempt_moderators, kind, scenario):
    """A link is only worth showing if the page it leads to lets this person in."""
    theme_key, thread, _ = scenario
    client = client_for(kind)

    offered = set(ACTION_URL.findall(client.get(thread.get_absolute_url()).text))

    # Signed-in people at least reply and report three posts; moderators do much more.
    fewest = 10 if kind in MODERATORS[theme_key] else 0 if kind == "anonymous" else 4
    assert len(offered) >= fewest
    for link in sorted(offered):
        assert client.get(link).status_code == 200, f"{link} for {kind}"
