"""Agreeing again when administrators publish a new version of the privacy notice."""

import pytest
from django.urls import reverse

from accounts.models import PrivacyConsent
from accounts.notices import (
    current_privacy_notice,
    needs_privacy_consent,
    publish_privacy_notice,
    record_privacy_consent,
)
from tests.factories import UserFactory

CONSENT = reverse("accounts:privacy_consent")


@pytest.fixture
def second_version(administrator):
    return publish_privacy_notice(actor=administrator, text="Second version of the notice.")


def test_a_new_version_asks_everyone_who_agreed_to_an_older_one(participant, second_version):
    participant.refresh_from_db()
    assert needs_privacy_consent(participant)
    record_privacy_consent(user=participant, notice=second_version)
    participant.refresh_from_db()
    assert participant.privacy_notice_version == 2
    assert not needs_privacy_consent(participant)


def test_an_account_without_any_consent_is_asked(db):
    person = UserFactory(privacy_consent=False)
    assert needs_privacy_consent(person)


def test_anonymous_readers_are_not_sent_to_agree(client, second_version):
    assert client.get(reverse("forum:home")).status_code == 200


def test_with_the_current_consent_pages_open_as_before(client, participant):
    client.force_login(participant)
    assert client.get(reverse("forum:home")).status_code == 200


def test_an_older_consent_sends_to_the_notice_and_agreeing_returns(
    client, participant, second_version, themes
):
    client.force_login(participant)
    page = themes["atu"].get_absolute_url()
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(CONSENT)
    shown = client.get(response["Location"])
    assert shown.status_code == 200
    assert "Second version of the notice." in shown.content.decode()
    agreed = client.post(CONSENT, {"privacy_notice_version": "2", "next": page})
    assert agreed.status_code == 302 and agreed["Location"] == page
    assert PrivacyConsent.objects.filter(user=participant, notice=second_version).exists()
    assert client.get(page).status_code == 200


def test_a_form_sent_before_agreeing_returns_to_the_page_that_held_it(
    client, participant, second_version
):
    client.force_login(participant)
    response = client.post(
        reverse("accounts:profile_edit"), HTTP_REFERER="http://testserver/profile/?x=1"
    )
    assert response["Location"] == CONSENT + "?next=%2Fprofile%2F%3Fx%3D1"


def test_agreeing_to_a_version_no_longer_in_force_shows_the_new_one(
    client, participant, second_version, administrator
):
    client.force_login(participant)
    publish_privacy_notice(actor=administrator, text="Third.")
    response = client.post(CONSENT, {"privacy_notice_version": "2"})
    assert response.status_code == 400
    assert "has changed since this page was shown" in response.content.decode()
    assert current_privacy_notice().version == 3
    assert not PrivacyConsent.objects.filter(user=participant, notice__version=3).exists()


def test_next_to_another_site_is_ignored(client, participant, second_version):
    client.force_login(participant)
    response = client.post(
        CONSENT, {"privacy_notice_version": "2", "next": "https://elsewhere.example/"}
    )
    assert response["Location"] == reverse("forum:home")


@pytest.mark.parametrize(
    "name",
    [
        "accounts:privacy_notice",
        "accounts:personal_data_download",
        "accounts:account_delete",
        "account_logout",
    ],
)
def test_what_stays_open_without_agreeing(client, participant, second_version, name):
    client.force_login(participant)
    assert client.get(reverse(name)).status_code == 200


def test_staff_reach_the_admin_without_agreeing(client, administrator, second_version, settings):
    settings.MODERATION_MFA_EXEMPT_EMAILS = [administrator.email]
    client.force_login(administrator)
    assert client.get(reverse("admin:index")).status_code == 200
