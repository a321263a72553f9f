"""Moderation tests act as the demo moderators, who are exempt from two-factor sign-in here.

Tests of the two-factor requirement itself set MODERATION_MFA_EXEMPT_EMAILS to an empty list.
"""

import pytest

from tests.moderation.helpers import MODERATOR_EMAILS


@pytest.fixture(autouse=True)
def _moderators_exempt_from_mfa(settings):
    settings.MODERATION_MFA_EXEMPT_EMAILS = MODERATOR_EMAILS
