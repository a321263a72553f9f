"""A password alone carries no moderation rights and does not open the admin: the session
must have passed the second factor. Nobody here is on the exemption list."""

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from forum.models import Post
from moderation.services.decisions import approve_post
from tests.conftest import session_user, sign_in
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.moderation.helpers import pending_thread


@pytest.fixture(autouse=True)
def _nobody_exempt(settings):
    settings.MODERATION_MFA_EXEMPT_EMAILS = []


@pytest.fixture
def staff(units, with_totp):
    """An administrator with an authenticator app."""
    user = UserFactory(username="staff", is_staff=True, is_superuser=True)
    with_totp(user)
    return user


def test_admin_login_goes_through_allauth(client, db):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_admin_refuses_a_session_that_used_the_password_alone(staff):
    response = sign_in(Client(), staff, second_factor=False).get(reverse("admin:index"))
    assert response.status_code == 403
    assert "Sign in with your authenticator app" in response.content.decode()


def test_admin_opens_after_the_second_factor(staff):
    client = sign_in(Client(), staff, second_factor=True)
    assert client.get(reverse("admin:index")).status_code == 200


def test_admin_refuses_staff_without_an_authenticator(db):
    staff = UserFactory(is_staff=True, is_superuser=True)
    response = sign_in(Client(), staff, second_factor=False).get(reverse("admin:index"))
    assert response.status_code == 403
    assert reverse("mfa_activate_totp") in response.content.decode()


def test_password_alone_takes_no_moderation_action(staff, themes):
    post = pending_thread(themes["atu"])
    client = sign_in(Client(), staff, second_factor=False)

    response = client.get(reverse("moderation:home"))
    assert response.status_code == 403
    assert "Sign in with your authenticator app" in response.content.decode()
    assert client.post(reverse("moderation:post_decide", kwargs={"pk": post.pk})).status_code == 403
    with pytest.raises(PermissionDenied):
        approve_post(actor=session_user(client), post=post)
    post.refresh_from_db()
    assert post.status == Post.Status.PENDING


def test_after_the_second_factor_moderation_actions_are_taken(staff, themes):
    post = pending_thread(themes["atu"])
    client = sign_in(Client(), staff, second_factor=True)

    assert client.get(reverse("moderation:home")).status_code == 200
    approve_post(actor=session_user(client), post=post)
    post.refresh_from_db()
    assert post.status == Post.Status.APPROVED


def test_a_user_object_outside_any_session_has_not_passed_the_second_factor(staff, themes):
    """A shell or a management command holds the user, not a session that signed in."""
    post = pending_thread(themes["atu"])
    with pytest.raises(PermissionDenied):
        approve_post(actor=staff, post=post)


def test_the_real_sign_in_with_the_code_opens_the_admin(client, units):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    staff = UserFactory(is_staff=True, is_superuser=True)
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)

    response = client.post(
        reverse("account_login"), {"login": staff.email, "password": DEFAULT_PASSWORD}
    )
    assert response.url == reverse("mfa_authenticate")
    assert client.get(reverse("admin:index")).status_code == 302  # not signed in yet
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
