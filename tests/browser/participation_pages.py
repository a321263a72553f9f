"""What the browser tests of the participation pages share: a little activity to count,
and the row of a figure's table."""

import re

import pytest

from accounts.models import StakeholderGroup
from tests.factories import PostFactory, ThreadFactory, UserFactory


def table_row(page, figure: str, name: str):
    """The row for `name` in the table of the figure whose heading is `figure`."""
    section = page.locator(
        "section.figure", has=page.get_by_role("heading", name=figure, exact=True)
    )
    return section.get_by_role("row", name=re.compile(rf"^{re.escape(name)}\b"))


@pytest.fixture
def some_activity(themes):
    """Enough people for the stakeholder and gender figures to show some cells: twelve in
    civil society, women and men, four in each of three countries."""
    people = [
        UserFactory(
            gender=("woman", "man")[n % 2],
            country=("AT", "GE", "KZ")[n % 3],
            stakeholder_group=StakeholderGroup.CIVIL_SOCIETY,
        )
        for n in range(12)
    ]
    thread = ThreadFactory(theme=themes["spmu"], author=people[0])
    for person in people[1:]:
        PostFactory(thread=thread, author=person)
