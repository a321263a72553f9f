"""Every public function in guidebook/permissions.py against every kind of person, on
chapter 1: "drafter" drafts it, "other_drafter" drafts chapter 2. Chapter 1 has a published
version open for review by all verified participants, with a participant's comment, and a
linked contribution."""

import datetime
import inspect

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from guidebook import permissions
from guidebook.models import Chapter, ContributionLink, ReviewComment, ReviewRound
from guidebook.services import (
    add_comment,
    link_contribution,
    open_review,
    publish_version,
    save_draft,
)
from tests.conftest import KINDS

EVERYONE = frozenset(KINDS)
SIGNED_IN = EVERYONE - {"anonymous"}
CHAPTER_ONE = frozenset({"drafter", "administrator"})
DRAFTING_TEAM = CHAPTER_ONE | {"other_drafter"}


def _listed_drafter(user, s):
    return user in permissions.drafters_by_chapter([s["chapter"].pk])[s["chapter"].pk]


def _after_forgetting(user, s):
    if user.is_authenticated:
        permissions.drafted_chapter_ids(user)
    permissions.forget_cached_permissions(user)
    return permissions.can_draft_chapter(user, s["chapter"])


# rule → (how it is asked about chapter 1, the kinds for whom the answer is yes)
RULES = {
    "drafted_chapter_ids": (
        lambda u, s: s["chapter"].pk in permissions.drafted_chapter_ids(u),
        CHAPTER_ONE,
    ),
    "forget_cached_permissions": (_after_forgetting, CHAPTER_ONE),
    # Administrators may draft every chapter, so they count as drafters.
    "is_drafter": (lambda u, s: permissions.is_drafter(u), DRAFTING_TEAM),
    # ... but the chapter lists the people it was given to.
    "drafters_by_chapter": (_listed_drafter, {"drafter"}),
    # Every chapter's drafters, whose names nobody may imitate.
    "drafter_names": (
        lambda u, s: u.pk in {pk for pk, _name in permissions.drafter_names()},
        {"drafter", "other_drafter"},
    ),
    "can_assign_drafters": (lambda u, s: permissions.can_assign_drafters(u), {"administrator"}),
    "can_draft_chapter": (
        lambda u, s: permissions.can_draft_chapter(u, s["chapter"]),
        CHAPTER_ONE,
    ),
    "drafted_chapters": (
        lambda u, s: (
            permissions.drafted_chapters(u, Chapter.objects.all())
            .filter(pk=s["chapter"].pk)
            .exists()
        ),
        CHAPTER_ONE,
    ),
    "can_view_pool": (lambda u, s: permissions.can_view_pool(u), DRAFTING_TEAM),
    "can_link_to_chapter": (
        lambda u, s: permissions.can_link_to_chapter(u, s["chapter"]),
        CHAPTER_ONE,
    ),
    "can_change_link": (lambda u, s: permissions.can_change_link(u, s["link"]), CHAPTER_ONE),
    "visible_links": (
        lambda u, s: (
            permissions.visible_links(u, ContributionLink.objects.all())
            .filter(pk=s["link"].pk)
            .exists()
        ),
        EVERYONE,
    ),
    "can_view_link_notes": (
        lambda u, s: permissions.can_view_link_notes(u, s["chapter"]),
        DRAFTING_TEAM,
    ),
    "verified_emails": (lambda u, s: bool(permissions.verified_emails(u)), SIGNED_IN),
    "can_open_review": (
        lambda u, s: permissions.can_open_review(u, s["version"]),
        CHAPTER_ONE,
    ),
    "is_in_review_audience": (
        lambda u, s: permissions.is_in_review_audience(u, s["review"]),
        SIGNED_IN,
    ),
    "can_comment_in_review": (
        lambda u, s: permissions.can_comment_in_review(u, s["review"]),
        SIGNED_IN,
    ),
    "can_sign_in_to_comment": (
        lambda u, s: permissions.can_sign_in_to_comment(u, s["review"]),
        {"anonymous"},
    ),
    "can_reply_to_comment": (
        lambda u, s: permissions.can_reply_to_comment(u, s["comment"], s["review"]),
        SIGNED_IN,
    ),
    "can_view_review": (lambda u, s: permissions.can_view_review(u, s["review"]), EVERYONE),
    "visible_comments": (
        lambda u, s: (
            permissions.visible_comments(u, ReviewComment.objects.all())
            .filter(pk=s["comment"].pk)
            .exists()
        ),
        EVERYONE,
    ),
    "can_respond_to_comment": (
        lambda u, s: permissions.can_respond_to_comment(u, s["comment"]),
        CHAPTER_ONE,
    ),
}


def public_rules() -> set[str]:
    return {
        name
        for name, value in inspect.getmembers(permissions, inspect.isfunction)
        if value.__module__ == permissions.__name__ and not name.startswith("_")
    }


def test_every_rule_has_a_row():
    assert public_rules() == set(RULES)


@pytest.fixture
def scene(chapters, drafter, participant, accepted_post):
    chapter = chapters["one"]
    link = link_contribution(actor=drafter, post=accepted_post(), chapter=chapter)
    save_draft(actor=drafter, chapter=chapter, text="One.\n\nTwo.", base_version=0)
    version = publish_version(actor=drafter, chapter=chapter)
    review = open_review(
        actor=drafter,
        version=version,
        ends_at=timezone.now() + datetime.timedelta(days=7),
        audience=ReviewRound.Audience.VERIFIED,
    )
    comment = add_comment(
        actor=participant, version=version, para_id=version.paragraphs[0]["id"], body="Why?"
    )
    # Asked as pages ask: the round with its version and invitations loaded.
    review = (
        ReviewRound.objects.select_related("version__chapter")
        .prefetch_related("invitations")
        .get(pk=review.pk)
    )
    chapter.refresh_from_db()
    return {
        "chapter": chapter,
        "link": link,
        "version": version,
        "review": review,
        "comment": comment,
    }


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("rule", sorted(RULES))
def test_rule(person, scene, other_drafter, rule, kind):
    user = person(kind) or AnonymousUser()
    ask, expected = RULES[rule]
    assert ask(user, scene) is (kind in expected)
