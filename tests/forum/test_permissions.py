"""Every rule in forum/permissions.py against every kind of person, on a participant's
post that opens a thread in the ATU theme, pending and approved. Moving is asked with the
theme ATU shares with ODIHR as the destination."""

import pytest
from django.contrib.auth.models import AnonymousUser

from forum import permissions
from forum.models import Attachment, Post, SearchDocument, Theme, Thread
from forum.search import index_posts
from tests.conftest import KINDS
from tests.factories import ThreadFactory, UserFactory

SIGNED_IN = frozenset(KINDS) - {"anonymous"}
ATU_MODERATORS = frozenset({"atu_moderator", "administrator"})
AUTHOR_AND_ATU = ATU_MODERATORS | {"participant"}
NOBODY = frozenset()

# rule → (kinds for whom it holds on the approved post, ... on the pending post)
RULES = {
    "can_moderate_theme": (ATU_MODERATORS, ATU_MODERATORS),
    "can_post": (SIGNED_IN, SIGNED_IN),
    "needs_profile_before_posting": (NOBODY, NOBODY),
    # A barrier "holds" when there is one: visitors are asked to sign in.
    "posting_barrier": ({"anonymous"}, {"anonymous"}),
    "can_start_thread": (SIGNED_IN, SIGNED_IN),
    "posts_need_review": (frozenset(KINDS) - ATU_MODERATORS,) * 2,
    "can_view_thread": (frozenset(KINDS), AUTHOR_AND_ATU),
    "visible_threads": (frozenset(KINDS), AUTHOR_AND_ATU),
    "visible_moderated_threads": (ATU_MODERATORS, ATU_MODERATORS),
    "can_reply_to_thread": (SIGNED_IN, NOBODY),
    "can_view_post": (frozenset(KINDS), AUTHOR_AND_ATU),
    "can_find_post": (frozenset(KINDS), AUTHOR_AND_ATU),
    "visible_search_documents": (frozenset(KINDS), AUTHOR_AND_ATU),
    "visible_posts": (frozenset(KINDS), AUTHOR_AND_ATU),
    "can_edit_post": ({"participant"}, {"participant"}),
    "can_view_revisions": (AUTHOR_AND_ATU, AUTHOR_AND_ATU),
    "can_view_held_edit": (AUTHOR_AND_ATU, AUTHOR_AND_ATU),
    "can_edit_without_review": (ATU_MODERATORS, ATU_MODERATORS),
    "can_report_post": (SIGNED_IN - {"participant"}, NOBODY),
    "can_hide_post": (ATU_MODERATORS, ATU_MODERATORS),
    "can_moderate_thread": (ATU_MODERATORS, ATU_MODERATORS),
    "can_move_thread": (ATU_MODERATORS, ATU_MODERATORS),
    "can_move_thread_somewhere": (ATU_MODERATORS, ATU_MODERATORS),
    # Asked of the thread; themes and tags are for everyone signed in (below).
    "can_follow": (SIGNED_IN, AUTHOR_AND_ATU),
    # Asked of a file on the post (forum/attachments/).
    "can_download_attachment": (frozenset(KINDS), AUTHOR_AND_ATU),
    "visible_attachments": (frozenset(KINDS), AUTHOR_AND_ATU),
}
SHARED_THEME = "human-rights"


def ask(rule: str, user, post: Post) -> bool:
    thread, theme = post.thread, post.thread.theme
    match rule:
        case "can_moderate_theme" | "can_start_thread" | "posts_need_review":
            return getattr(permissions, rule)(user, theme)
        case "can_post" | "needs_profile_before_posting" | "posting_barrier":
            return bool(getattr(permissions, rule)(user))
        case (
            "can_view_thread"
            | "can_reply_to_thread"
            | "can_moderate_thread"
            | "can_move_thread_somewhere"
            | "can_follow"
        ):
            return getattr(permissions, rule)(user, thread)
        case "can_move_thread":
            return permissions.can_move_thread(user, thread, Theme.objects.get(slug=SHARED_THEME))
        case "visible_threads" | "visible_moderated_threads":
            return (
                getattr(permissions, rule)(user, Thread.objects.all()).filter(pk=thread.pk).exists()
            )
        case "visible_search_documents":
            index_posts([post.pk])
            documents = permissions.visible_search_documents(user, SearchDocument.objects.all())
            return documents.filter(source_id=post.pk).exists()
        case "visible_posts":
            return permissions.visible_posts(user, Post.objects.all()).filter(pk=post.pk).exists()
        case "can_download_attachment":
            return permissions.can_download_attachment(user, attachment_on(post))
        case "visible_attachments":
            attachment = attachment_on(post)
            visible = permissions.visible_attachments(user, Attachment.objects.all())
            return visible.filter(pk=attachment.pk).exists()
        case _:
            return getattr(permissions, rule)(user, post)


def attachment_on(post: Post) -> Attachment:
    return Attachment.objects.create(
        post=post,
        name="evaluation.pdf",
        stored_name=f"test/{post.pk}-{Attachment.objects.count()}.pdf",
        content_type="application/pdf",
        size=1,
        text_status=Attachment.Text.NOT_APPLICABLE,
    )


def test_every_rule_is_covered():
    names = {
        name
        for name in dir(permissions)
        if name.startswith(("can_", "visible_", "needs_", "posts_need_", "posting_"))
    }
    assert names == set(RULES)


@pytest.mark.parametrize("status", [Post.Status.APPROVED, Post.Status.PENDING])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("rule", RULES)
def test_rule(person, participant, themes, rule, kind, status):
    thread = ThreadFactory(theme=themes["atu"], author=participant, opening__status=status)
    user = person(kind) or AnonymousUser()
    expected = kind in RULES[rule][0 if status == Post.Status.APPROVED else 1]

    assert ask(rule, user, thread.first_post) is expected


@pytest.mark.parametrize("kind", KINDS)
def test_locked_threads_take_replies_only_from_their_moderators(person, participant, themes, kind):
    thread = ThreadFactory(theme=themes["atu"], author=participant, locked=True)
    user = person(kind) or AnonymousUser()
    assert permissions.can_reply_to_thread(user, thread) is (kind in ATU_MODERATORS)
    assert permissions.can_edit_post(user, thread.first_post) is False


@pytest.mark.parametrize("status", [Post.Status.REJECTED, Post.Status.HIDDEN])
def test_rejected_and_hidden_posts_stay_as_they_are(participant, themes, status):
    thread = ThreadFactory(theme=themes["atu"], author=participant, opening__status=status)
    assert permissions.can_edit_post(participant, thread.first_post) is False


@pytest.mark.parametrize("status", [Post.Status.REJECTED, Post.Status.HIDDEN])
@pytest.mark.parametrize("kind", KINDS)
def test_files_of_rejected_and_hidden_posts_are_for_moderators_only(
    person, participant, themes, kind, status
):
    """The author still reads a rejected or hidden post, but not its files."""
    thread = ThreadFactory(theme=themes["atu"], author=participant, opening__status=status)
    attachment = attachment_on(thread.first_post)
    user = person(kind) or AnonymousUser()
    visible = permissions.visible_attachments(user, Attachment.objects.all())

    assert permissions.can_download_attachment(user, attachment) is (kind in ATU_MODERATORS)
    assert visible.filter(pk=attachment.pk).exists() is (kind in ATU_MODERATORS)


@pytest.mark.parametrize("kind", KINDS)
def test_threads_move_only_between_themes_the_mover_moderates(person, participant, themes, kind):
    """ATU moderates its own theme and the shared one; ODIHR's own theme is not ATU's."""
    thread = ThreadFactory(theme=themes["atu"], author=participant)
    user = person(kind) or AnonymousUser()

    assert permissions.can_move_thread(user, thread, themes["odihr"]) is (kind == "administrator")
    destinations = permissions.move_destinations(user, thread, Theme.objects.all())
    # The destinations are the mover's own themes; whether they may take the thread out of
    # its theme at all is can_move_thread's half of the question.
    expected = {
        "atu_moderator": {"shared"},
        "spmu_moderator": {"spmu"},
        "odihr_moderator": {"odihr", "shared"},
        "administrator": {"spmu", "odihr", "shared"},
    }.get(kind, set())
    expected = {themes[name].pk for name in expected}
    assert set(destinations.values_list("pk", flat=True)) == expected


def test_inactive_people_report_nothing(participant, themes):
    thread = ThreadFactory(theme=themes["atu"], author=participant)
    reader = UserFactory(is_active=False)
    assert permissions.can_report_post(reader, thread.first_post) is False


@pytest.mark.parametrize("theme", ["atu", "spmu", "odihr"])
@pytest.mark.parametrize("kind", KINDS)
def test_moving_is_offered_exactly_when_there_is_a_destination(
    person, participant, themes, kind, theme
):
    thread = ThreadFactory(theme=themes[theme], author=participant)
    user = person(kind) or AnonymousUser()
    can_leave = permissions.can_moderate_thread(user, thread)
    has_destination = permissions.move_destinations(user, thread, Theme.objects.all()).exists()

    assert permissions.can_move_thread_somewhere(user, thread) is (can_leave and has_destination)


@pytest.mark.parametrize(
    ("approval", "barrier"),
    [("approved", ""), ("pending", "awaiting_approval"), ("declined", "awaiting_approval")],
)
def test_accounts_not_yet_approved_are_told_they_are_waiting(db, approval, barrier):
    assert permissions.posting_barrier(UserFactory(approval_status=approval)) == barrier
    assert permissions.posting_barrier(AnonymousUser()) == "sign_in"


@pytest.mark.parametrize("kind", KINDS)
def test_themes_and_tags_are_followed_by_everyone_signed_in(person, themes, kind):
    from forum.models import Tag

    user = person(kind) or AnonymousUser()
    tag = Tag.objects.create(facet=Tag.Facet.TOPIC, name="Youth", slug="youth")
    assert permissions.can_follow(user, themes["atu"]) is (kind in SIGNED_IN)
    assert permissions.can_follow(user, tag) is (kind in SIGNED_IN)


@pytest.mark.parametrize("kind", KINDS)
def test_moderated_themes_are_what_guardian_answers(person, themes, kind):
    """`moderated_theme_ids` reads guardian's tables itself; it must agree with guardian's
    own `get_objects_for_user`, for grants through a unit's group and grants of one's own."""
    from guardian.shortcuts import assign_perm, get_objects_for_user

    user = person(kind) or AnonymousUser()
    if kind == "participant":
        assign_perm(permissions.MODERATE_THEME, user, themes["odihr"])
    expected = (
        set(Theme.objects.values_list("pk", flat=True))
        if permissions.is_administrator(user)
        else set()
        if not user.is_authenticated
        else set(
            get_objects_for_user(
                user, permissions.MODERATE_THEME, klass=Theme, accept_global_perms=False
            ).values_list("pk", flat=True)
        )
    )
    if user.is_authenticated:
        permissions.forget_cached_permissions(user)

    assert permissions.moderated_theme_ids(user) == expected
    if kind == "participant":
        assert expected == {themes["odihr"].pk}
