"""The profile rules, for every kind of person."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from accounts.permissions import can_edit_profile, can_view_profile, visible_profiles
from tests.conftest import KINDS
from tests.factories import UserFactory


@pytest.mark.parametrize("kind", KINDS)
def test_everyone_views_active_profiles_and_nobody_inactive_ones(person, kind):
    viewer = person(kind) or AnonymousUser()
    active = UserFactory()
    closed = UserFactory(is_active=False)
    assert can_view_profile(viewer, active)
    assert not can_view_profile(viewer, closed)
    visible = visible_profiles(viewer, User.objects.filter(pk__in=[active.pk, closed.pk]))
    assert list(visible) == [active]


@pytest.mark.parametrize("kind", KINDS)
def test_people_edit_only_their_own_profile(person, kind):
    viewer = person(kind) or AnonymousUser()
    other = UserFactory()
    assert not can_edit_profile(viewer, other)
    if viewer.is_authenticated:
        assert can_edit_profile(viewer, viewer)
