"""Guidebook fixtures: accepted contributions (chapters and drafters are in tests/conftest.py)."""

import pytest

from accounts.models import Attribution, StakeholderGroup
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


@pytest.fixture
def consenting_posts(accepted_post, themes):
    """Two accepted posts whose authors chose differently how to be credited: "named" (Nadia
    Nur, Community Forum, by name and organisation) and "hidden" (Secret Person of Hidden
    Org, a government participant who chose to stay anonymous)."""
    named = accepted_post(
        author=UserFactory(
            display_name="Nadia Nur",
            organisation="Community Forum",
            default_attribution=Attribution.NAME_AND_ORGANISATION,
        ),
        theme=themes["odihr"],
    )
    hidden = accepted_post(
        author=UserFactory(
            display_name="Secret Person",
            organisation="Hidden Org",
            stakeholder_group=StakeholderGroup.GOVERNMENT,
            default_attribution=Attribution.ANONYMOUS,
        )
    )
    return {"named": named, "hidden": hidden}
