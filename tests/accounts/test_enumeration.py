"""Sign-up, login and password reset answer alike whether or not an address has an
account, so nobody can find out from the pages who takes part in the consultation."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-and-unusual-passphrase-2012"


def _page(response) -> str:
    """The answer with what differs by address taken out (the CSRF token, the address)."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.text)
    return re.sub(r"[\w.+-]+@example\.org", "ADDRESS", text)


def _signup(client, email):
    data = {"email": email, "password1": PASSWORD, "password2": PASSWORD, "privacy_consent": "on"}
    return client.post(reverse("account_signup"), data, follow=True)


def test_signing_up_with_a_known_address_looks_like_a_new_sign_up(client, participant):
    known = _signup(client, participant.email)
    client.logout()
    new = _signup(client, "someone.new@example.org")
    assert known.redirect_chain == new.redirect_chain
    assert known.status_code == new.status_code == 200
    assert "already" not in known.text.lower()
    # The owner of the known address hears of it by e-mail instead.
    assert any(participant.email in m.to for m in mail.outbox)


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer(client, participant):
    url = reverse("account_login")
    wrong = client.post(url, {"login": participant.email, "password": "wrong"})
    unknown = client.post(url, {"login": "nobody@example.org", "password": DEFAULT_PASSWORD})
    assert wrong.status_code == unknown.status_code == 400
    assert _page(wrong) == _page(unknown)


def test_password_reset_answers_alike_for_known_and_unknown_addresses(client, participant):
    url = reverse("account_reset_password")
    known = client.post(url, {"email": participant.email}, follow=True)
    unknown = client.post(url, {"email": "nobody@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert _page(known) == _page(unknown)
