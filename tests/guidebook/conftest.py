"""Guidebook fixtures: two chapters, a drafter of the first, and accepted contributions."""

import pytest

from forum.models import Post
from guidebook.models import Chapter, Section
from guidebook.services import assign_drafter
from tests.factories import PostFactory, ThreadFactory, UserFactory


@pytest.fixture
def chapters(db):
    one = Chapter.objects.create(number=1, title="Key concepts")
    two = Chapter.objects.create(number=2, title="Benefits, risks and limits")
    for chapter in (one, two):
        Section.objects.create(chapter=chapter, order=1, title=f"First of {chapter.number}")
        Section.objects.create(chapter=chapter, order=2, title=f"Second of {chapter.number}")
    return {"one": one, "two": two}


@pytest.fixture
def drafter(chapters, administrator):
    """Drafts chapter 1 only."""
    user = UserFactory(username="drafter", display_name="Dora Drafter")
    assign_drafter(actor=administrator, chapter=chapters["one"], user=user)
    return user


@pytest.fixture
def accepted_post(themes):
    """accepted_post(**fields) → an approved post in a public thread, accepted for the
    guidebook. `author` fields may be given as author=UserFactory(...)."""

    def make(**fields):
        fields.setdefault("accepted_for_guidebook", True)
        fields.setdefault("status", Post.Status.APPROVED)
        theme = fields.pop("theme", themes["atu"])
        author = fields.pop("author", None) or UserFactory()
        thread = ThreadFactory(theme=theme, author=author)
        return PostFactory(thread=thread, author=author, **fields)

    return make
