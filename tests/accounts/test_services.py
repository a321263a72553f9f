"""update_profile: what it accepts, what it refuses, and when a profile counts as complete."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Attribution, Gender, StakeholderGroup
from accounts.services import update_profile
from tests.factories import UserFactory

COMPLETE = {
    "display_name": "Nadia Newcomer",
    "organisation": "Community Safety Institute",
    "stakeholder_group": StakeholderGroup.ACADEMIA,
    "country": "AT",
}


@pytest.fixture
def newcomer(db):
    return UserFactory(
        display_name="",
        organisation="",
        stakeholder_group="",
        country="",
        profile_completed_at=None,
    )


def test_completing_the_profile_records_when(newcomer):
    before = timezone.now()
    update_profile(user=newcomer, **COMPLETE)
    newcomer.refresh_from_db()
    assert newcomer.has_complete_profile
    assert newcomer.profile_completed_at >= before
    assert newcomer.display_name == "Nadia Newcomer"


def test_profile_completed_at_is_set_only_the_first_time(newcomer):
    update_profile(user=newcomer, **COMPLETE)
    first = newcomer.profile_completed_at
    newcomer.profile_completed_at = first - timedelta(days=3)
    newcomer.save(update_fields=["profile_completed_at"])

    update_profile(user=newcomer, **{**COMPLETE, "display_name": "Dr Nadia Newcomer"})
    newcomer.refresh_from_db()
    assert newcomer.profile_completed_at == first - timedelta(days=3)
    assert newcomer.display_name == "Dr Nadia Newcomer"


def test_an_incomplete_profile_is_saved_without_a_completion_time(newcomer):
    update_profile(user=newcomer, display_name="Nadia", organisation="CSI")
    newcomer.refresh_from_db()
    assert newcomer.display_name == "Nadia"
    assert newcomer.profile_completed_at is None


@pytest.mark.parametrize("field", ["display_name", "stakeholder_group", "country"])
def test_required_fields_cannot_be_emptied(newcomer, field):
    with pytest.raises(ValidationError) as caught:
        update_profile(
            user=newcomer, **{**COMPLETE, field: "   " if field == "display_name" else ""}
        )
    assert field in caught.value.message_dict
    newcomer.refresh_from_db()
    assert newcomer.profile_completed_at is None
    assert newcomer.display_name == ""


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("stakeholder_group", "astronaut"),
        ("country", "XX"),
        ("gender", "robot"),
        ("language", "tlh"),
        ("default_attribution", "pseudonym"),
        ("display_name", "x" * 101),
        ("organisation", "x" * 201),
        ("display_name", "Nadia\x00"),
        ("organisation", "Institute\u202e"),
    ],
)
def test_invalid_values_are_refused_with_a_message_for_the_field(newcomer, field, value):
    with pytest.raises(ValidationError) as caught:
        update_profile(user=newcomer, **{**COMPLETE, field: value})
    assert list(caught.value.message_dict) == [field]
    newcomer.refresh_from_db()
    assert not newcomer.has_complete_profile


def test_every_optional_field_is_saved(newcomer):
    update_profile(
        user=newcomer,
        **COMPLETE,
        gender=Gender.WOMAN,
        language="fr",
        default_attribution=Attribution.ANONYMOUS,
    )
    newcomer.refresh_from_db()
    assert (newcomer.gender, newcomer.language, newcomer.default_attribution) == (
        Gender.WOMAN,
        "fr",
        Attribution.ANONYMOUS,
    )
    assert not newcomer.shows_organisation


def test_names_are_trimmed_and_inner_spaces_collapsed(newcomer):
    update_profile(user=newcomer, **{**COMPLETE, "display_name": "  Nadia    Newcomer "})
    assert newcomer.display_name == "Nadia Newcomer"


def test_country_other_none_is_accepted(newcomer):
    update_profile(user=newcomer, **{**COMPLETE, "country": "other"})
    assert newcomer.has_complete_profile


def test_fields_outside_the_profile_are_refused(newcomer):
    with pytest.raises(TypeError):
        update_profile(user=newcomer, is_staff=True)
    newcomer.refresh_from_db()
    assert not newcomer.is_staff
