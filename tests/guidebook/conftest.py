"""Guidebook fixtures: accepted contributions (chapters and drafters are in tests/conftest.py)."""

import pytest

from forum.models import Post
from tests.factories import PostFactory, ThreadFactory, UserFactory


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
