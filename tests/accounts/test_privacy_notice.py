"""The privacy notice: published in versions by administrators, agreed to at sign-up."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import PrivacyConsent, PrivacyNotice
from accounts.notices import current_privacy_notice, publish_privacy_notice
from tests.conftest import KINDS

EMAIL = "consenting.newcomer@example.org"
PASSWORD = "a-long-and-unusual-passphrase-2012"


def _signup(client, **extra):
    data = {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD, **extra}
    return client.post(reverse("account_signup"), data)


def test_the_first_version_is_published_by_the_migrations(db):
    notice = current_privacy_notice()
    assert notice.version == 1
    assert "delete your account" in notice.text


@pytest.mark.parametrize("kind", KINDS)
def test_everyone_reads_the_notice_in_force(client_for, kind, administrator):
    publish_privacy_notice(actor=administrator, text="Second version of the notice.")
    response = client_for(kind).get(reverse("accounts:privacy_notice"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Second version of the notice." in html and "Version 2" in html


def test_only_administrators_publish_and_versions_count_up(administrator, participant):
    with pytest.raises(PermissionDenied):
        publish_privacy_notice(actor=participant, text="Mine")
    with pytest.raises(ValidationError):
        publish_privacy_notice(actor=administrator, text="   ")
    second = publish_privacy_notice(actor=administrator, text="Two")
    third = publish_privacy_notice(actor=administrator, text="Three")
    assert (second.version, third.version) == (2, 3)
    assert current_privacy_notice() == third


def test_sign_up_without_consent_is_refused_and_keeps_what_was_typed(client, db):
    response = _signup(client)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tick the box to agree to the privacy notice" in html
    assert EMAIL in html
    assert not get_user_model().objects.filter(email=EMAIL).exists()


def test_sign_up_page_links_the_notice_and_names_its_version(client, db):
    html = client.get(reverse("account_signup")).content.decode()
    assert reverse("accounts:privacy_notice") in html
    assert "(version 1)" in html
    assert 'name="privacy_consent"' in html


def test_consent_is_recorded_with_the_version_agreed_to(client, db):
    _signup(client, privacy_consent="on", privacy_notice_version="1")
    user = get_user_model().objects.get(email=EMAIL)
    (consent,) = PrivacyConsent.objects.filter(user=user)
    assert consent.notice.version == 1


def test_a_notice_published_while_signing_up_must_be_read_first(client, administrator):
    publish_privacy_notice(actor=administrator, text="Changed meanwhile.")
    response = _signup(client, privacy_consent="on", privacy_notice_version="1")
    assert response.status_code == 400
    assert "The privacy notice has changed" in response.content.decode()
    assert not get_user_model().objects.filter(email=EMAIL).exists()
    _signup(client, privacy_consent="on", privacy_notice_version="2")
    consent = PrivacyConsent.objects.get(user__email=EMAIL)
    assert consent.notice.version == 2


def test_administrators_publish_a_new_version_in_the_admin(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:accounts_privacynotice_add"), {"text": "Published in the admin."}
    )
    assert response.status_code == 302
    notice = PrivacyNotice.objects.get(version=2)
    assert notice.published_by == administrator
    # A published version is shown, not edited.
    change = client.get(reverse("admin:accounts_privacynotice_change", args=[notice.pk]))
    assert change.status_code == 200
    assert 'name="text"' not in change.content.decode()
