"""Sign-up, e-mail confirmation, sign-in, password reset and the other django-allauth pages,
driven through the test client, in the site's own layout."""

import re
from urllib.parse import urlencode

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.adapter import new_username
from accounts.models import User
from tests.factories import DEFAULT_PASSWORD, UserFactory

EMAIL = "nadia.newcomer@example.org"
PASSWORD = "a-long-and-unusual-passphrase-2012"
CONFIRMATION_LINK = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)")
RESET_LINK = re.compile(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)")


def _signup(client, email=EMAIL):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": PASSWORD, "password2": PASSWORD, "privacy_consent": "on"},
    )


def _link(pattern, address):
    messages = [m for m in mail.outbox if address in m.to]
    assert messages, f"no e-mail was sent to {address}"
    match = pattern.search(messages[-1].body)
    assert match, messages[-1].body
    return match.group(1)


def test_signup_confirm_and_land_on_the_profile_form(client, db):
    response = _signup(client)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    sent = client.get(response.url)
    assert "<h1>Check your e-mail</h1>" in sent.content.decode()

    user = User.objects.get(email=EMAIL)
    assert not EmailAddress.objects.get(user=user).verified
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("[VERLT consultation] ")

    link = _link(CONFIRMATION_LINK, EMAIL)
    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    html = confirm_page.content.decode()
    assert EMAIL in html
    assert "Confirm</button>" in html
    # A GET alone confirms nothing (mail scanners follow links).
    assert not EmailAddress.objects.get(user=user).verified

    confirmed = client.post(link)
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)
    # No profile yet: they land on the profile form, then go on to the home page.
    assert confirmed.status_code == 302
    assert confirmed.url == reverse("accounts:profile_edit") + "?" + urlencode({"next": "/"})


def test_signup_gives_an_anonymous_unique_username(client, db):
    _signup(client)
    _signup(client, email="second@example.org")
    first, second = User.objects.get(email=EMAIL), User.objects.get(email="second@example.org")
    for user in (first, second):
        # Nothing of the e-mail address appears in the public address.
        assert re.fullmatch(r"member-[a-z2-9]{8}", user.username)
        assert "nadia" not in user.username
    assert first.username != second.username
    assert client.get(first.get_absolute_url()).status_code == 200


def test_new_username_skips_taken_names(db, monkeypatch):
    taken = UserFactory(username="member-aaaaaaaa")
    tokens = iter("a" * 8 + "b" * 8)
    monkeypatch.setattr("accounts.adapter.secrets.choice", lambda alphabet: next(tokens))
    assert new_username() == "member-bbbbbbbb"
    assert taken.username == "member-aaaaaaaa"


def test_signup_errors_are_summarised_and_typed_address_kept(client, db):
    UserFactory(email="taken@example.org")
    response = client.post(
        reverse("account_signup"),
        {"email": "taken@example.org", "password1": "short", "password2": "different"},
    )
    # allauth does not reveal that the address is taken; the passwords are refused.
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert '<a href="#id_password1">' in html or '<a href="#id_password2">' in html
    assert 'value="taken@example.org"' in html
    assert '<label class="form__label" for="id_email">' in html


def test_signup_page_uses_the_site_layout_and_labels_every_field(client, db):
    html = client.get(reverse("account_signup")).content.decode()
    assert 'class="site-header"' in html
    assert "<h1>Register</h1>" in html
    for field in ("id_email", "id_password1", "id_password2"):
        assert f'for="{field}"' in html
    assert 'class="button"' in html
    assert "<title>Register · " in html


def test_login_by_email_goes_home_for_complete_profiles(client, participant):
    response = client.post(
        reverse("account_login"), {"login": participant.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("forum:home")
    assert client.session["_auth_user_id"] == str(participant.pk)


def test_login_with_next_goes_there(client, participant):
    response = client.post(
        reverse("account_login") + "?next=/guidebook/",
        {"login": participant.email, "password": DEFAULT_PASSWORD},
    )
    assert response.url == "/guidebook/"


def test_login_without_a_complete_profile_lands_on_the_profile_form(client, db):
    person = UserFactory(display_name="", stakeholder_group="", profile_completed_at=None)
    response = client.post(
        reverse("account_login"), {"login": person.email, "password": DEFAULT_PASSWORD}
    )
    assert response.url == reverse("accounts:profile_edit") + "?next=%2F"


def test_login_by_username_is_not_offered(client, participant):
    response = client.post(
        reverse("account_login"), {"login": participant.username, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_wrong_password_is_summarised(client, participant):
    response = client.post(
        reverse("account_login"), {"login": participant.email, "password": "wrong"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert "There is a problem" in html
    assert 'value="' + participant.email + '"' in html


def test_unverified_address_cannot_sign_in(client, db):
    person = UserFactory(verified=False)
    response = client.post(
        reverse("account_login"), {"login": person.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link_that_sets_a_new_password(client, participant):
    response = client.post(reverse("account_reset_password"), {"email": participant.email})
    assert response.status_code == 302
    assert "<h1>Check your e-mail</h1>" in client.get(response.url).content.decode()

    link = _link(RESET_LINK, participant.email)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert 'for="id_password1"' in form_page.content.decode()

    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": PASSWORD, "password2": PASSWORD},
    )
    assert done.status_code == 302
    participant.refresh_from_db()
    assert participant.check_password(PASSWORD)


def test_logout_signs_out(client_for):
    client = client_for("participant")
    assert "<h1>Sign out</h1>" in client.get(reverse("account_logout")).content.decode()
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_password_change(client_for, participant):
    client = client_for("participant")
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": DEFAULT_PASSWORD, "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.check_password(PASSWORD)


def test_changing_the_email_address_sends_a_confirmation(client_for, participant):
    client = client_for("participant")
    response = client.post(reverse("account_email"), {"action_add": "", "email": "new@example.org"})
    assert response.status_code == 302
    assert any("new@example.org" in m.to for m in mail.outbox)


@pytest.mark.parametrize(
    ("name", "signed_in"),
    [
        ("account_login", False),
        ("account_signup", False),
        ("account_reset_password", False),
        ("account_reset_password_done", False),
        ("account_email_verification_sent", False),
        ("account_logout", True),
        ("account_change_password", True),
        ("account_email", True),
        ("mfa_index", True),
        ("mfa_activate_totp", True),
    ],
)
def test_every_account_page_renders_in_the_site_layout(client_for, name, signed_in):
    client = client_for("participant" if signed_in else "anonymous")
    response = client.get(reverse(name), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert html.count("<h1") == 1
    # allauth's own bare layout lists a "Menu:"; ours never does.
    assert "Menu:" not in html


def test_bad_confirmation_link_explains_itself(client, db):
    response = client.get("/accounts/confirm-email/not-a-key/")
    assert response.status_code == 200
    assert "expired or is not valid" in response.content.decode()


def test_account_e_mails_speak_in_the_sites_words_with_a_plain_and_an_html_part(
    client, participant
):
    _signup(client)
    client.post(reverse("account_reset_password"), {"email": participant.email})
    signup, reset = mail.outbox

    assert (
        signup.subject
        == "[VERLT consultation] Confirm your e-mail address to join the consultation"
    )
    assert "Thank you for joining the OSCE expert consultation" in signup.body
    assert reset.subject == "[VERLT consultation] Choose a new password"
    assert "your password stays as it is" in reset.body
    for message in (signup, reset):
        assert "You're receiving this email" not in message.body
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html" and "<a href=" in html


@pytest.mark.rate_limits
def test_the_verification_page_resends_the_email_within_allauths_limit(client, db):
    """The page's form signs in with the unconfirmed address, which makes allauth send a new
    link; its cooldown keeps a second request right away from sending another."""
    _signup(client)
    page = client.get(reverse("account_email_verification_sent")).content.decode()
    assert "Send the e-mail again" in page
    assert f'action="{reverse("account_login")}"' in page
    mail.outbox.clear()
    from django.core.cache import cache

    cache.clear()  # the sign-up's own e-mail started the cooldown

    first = client.post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})
    assert first.url == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    assert CONFIRMATION_LINK.search(mail.outbox[0].body)

    second = client.post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})
    assert second.url == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    assert "_auth_user_id" not in client.session


def test_a_signed_in_person_resends_from_the_page_through_the_email_view(client, participant):
    client.force_login(participant)
    page = client.get(reverse("account_email_verification_sent")).content.decode()
    assert f'action="{reverse("account_email")}"' in page
    assert 'name="action_send"' in page
