"""Every rule in participation/permissions.py against every kind of person."""

import inspect

import pytest
from django.contrib.auth.models import AnonymousUser

from participation import permissions
from tests.conftest import KINDS, MODERATOR_KINDS

RULES = {
    "can_view_dashboard": frozenset({*MODERATOR_KINDS, "administrator"}),
}


def test_every_rule_is_covered():
    public = {
        name
        for name, value in vars(permissions).items()
        if inspect.isfunction(value)
        and value.__module__ == permissions.__name__
        and not name.startswith("_")
    }
    assert public == set(RULES)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("rule", RULES)
def test_rule(person, rule, kind):
    user = person(kind) or AnonymousUser()
    assert getattr(permissions, rule)(user) is (kind in RULES[rule])
