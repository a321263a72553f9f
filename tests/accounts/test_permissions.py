"""The profile rules, for every kind of person."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from accounts.permissions import (
    can_delete_account,
    can_download_personal_data,
    can_edit_profile,
    can_view_profile,
    visible_profiles,
)
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


@pytest.mark.parametrize("kind", KINDS)
def test_people_download_only_their_own_data(person, kind):
    viewer = person(kind) or AnonymousUser()
    assert not can_download_personal_data(viewer, UserFactory())
    assert can_download_personal_data(viewer, viewer) == viewer.is_authenticated


@pytest.mark.parametrize("kind", KINDS)
def test_people_other_than_staff_delete_only_their_own_account(person, kind):
    viewer = person(kind) or AnonymousUser()
    assert not can_delete_account(viewer, UserFactory())
    expected = viewer.is_authenticated and kind != "administrator"
    assert can_delete_account(viewer, viewer) == expected
