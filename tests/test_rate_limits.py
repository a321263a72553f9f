"""Rate limits: allauth's for signing in, up and resetting a password, the site's own for
posting, editing, previews, reports, review comments, search and exports. Each answers the
site's 429 page saying when to try again; a refused request saves nothing.

Failed logins count per account and address together, so strangers failing from one
address do not lock out the next person there, and behind the trusted proxies each client
is counted on its own."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from forum.models import Post, Thread
from moderation.models import Report
from tests.factories import DEFAULT_PASSWORD, PostFactory, ThreadFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.rate_limits]

LOGIN = "account_login"


def _login(client, email, password, **extra):
    return client.post(reverse(LOGIN), {"login": email, "password": password}, **extra)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_strangers_failing_from_one_address_leave_the_next_persons_login_alone(client, participant):
    for n in range(11):
        response = _login(client, f"made-up-{n}@example.org", "guess")
        assert response.status_code == 400
    response = _login(client, participant.email, DEFAULT_PASSWORD)
    assert response.status_code == 302
    assert _signed_in(client)


def test_failing_on_one_account_locks_that_account_at_that_address_only(participant):
    from django.test import Client

    here, elsewhere = Client(REMOTE_ADDR="198.51.100.7"), Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(5):
        assert _login(here, participant.email, "wrong").status_code == 400
    refused = _login(here, participant.email, DEFAULT_PASSWORD)
    assert not _signed_in(here)
    assert "Too many failed login attempts" in refused.text

    assert _login(elsewhere, participant.email, DEFAULT_PASSWORD).status_code == 302
    assert _signed_in(elsewhere)


def test_behind_the_trusted_proxy_each_client_is_counted_on_its_own(client, participant, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    attacker = {"HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    for _ in range(5):
        _login(client, participant.email, "wrong", **attacker)
    assert "Too many failed" in _login(client, participant.email, DEFAULT_PASSWORD, **attacker).text

    # Same proxy address (REMOTE_ADDR), another client: not locked out.
    neighbour = {"HTTP_X_FORWARDED_FOR": "198.51.100.8"}
    assert _login(client, participant.email, DEFAULT_PASSWORD, **neighbour).status_code == 302


def test_the_site_limits_use_the_client_address_behind_the_proxy(client, settings, db):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": "2/m"}
    url = reverse("forum:search") + "?q=trust"
    one, two = {"HTTP_X_FORWARDED_FOR": "198.51.100.7"}, {"HTTP_X_FORWARDED_FOR": "198.51.100.8"}
    assert [client.get(url, **one).status_code for _ in range(2)] == [200, 200]
    assert client.get(url, **one).status_code == 429
    assert client.get(url, **two).status_code == 200

    # Without the setting, every client is the proxy.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    three = {"HTTP_X_FORWARDED_FOR": "198.51.100.9"}
    assert [client.get(url, **three).status_code for _ in range(3)] == [200, 200, 429]


def test_the_429_page_is_in_the_site_layout_and_says_when_to_try_again(client, settings, db):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": "1/h"}
    url = reverse("forum:search") + "?q=trust"
    client.get(url)
    response = client.get(url)
    assert response.status_code == 429
    assert "Too many requests" in response.text
    assert "site-header" in response.text
    assert "try again in" in response.text
    assert 0 < int(response["Retry-After"]) <= 3600 + 5


def test_signing_up_is_limited_per_address(client, settings, db):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "2/h/ip"}
    url = reverse("account_signup")
    passwords = {
        "password1": "a-long-unusual-phrase-1",
        "password2": "a-long-unusual-phrase-1",
        "privacy_consent": "on",
    }
    statuses = [
        client.post(url, {"email": f"new{n}@example.org", **passwords}).status_code
        for n in range(3)
    ]
    assert statuses[:2] == [302, 302]
    assert statuses[2] == 429


def test_password_reset_requests_are_limited(client, participant, settings):
    settings.ACCOUNT_RATE_LIMITS = {"reset_password": "10/h/ip,2/h/key"}
    url = reverse("account_reset_password")
    statuses = [client.post(url, {"email": participant.email}).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]


def _thread_form(n):
    return {"title": f"Liaison {n}", "kind": "lesson", "body": f"Meet monthly, {n}."}


def test_a_new_accounts_first_posts_are_limited_harder(client_for, participant, themes, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "post": "5/h", "post_new_account": "2/h"}
    client = client_for("participant")
    url = reverse("forum:thread_create", args=["key-concepts"])
    statuses = [client.post(url, _thread_form(n)).status_code for n in range(3)]
    assert statuses == [302, 302, 429]
    assert Thread.objects.count() == 2


def test_an_established_account_posts_at_the_ordinary_rate(
    client_for, participant, themes, settings
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "post": "4/h", "post_new_account": "1/h"}
    settings.RATE_LIMIT_NEW_ACCOUNT_POSTS = 2
    for _ in range(2):
        ThreadFactory(theme=themes["atu"], author=participant)
    client = client_for("participant")
    url = reverse("forum:thread_create", args=["key-concepts"])
    statuses = [client.post(url, _thread_form(n)).status_code for n in range(5)]
    assert statuses == [302, 302, 302, 302, 429]


def test_previews_have_their_own_limit_and_save_nothing(client_for, participant, themes, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "preview": "2/h", "post_new_account": "5/h"}
    client = client_for("participant")
    url = reverse("forum:thread_create", args=["key-concepts"])
    statuses = [client.post(url, {**_thread_form(0), "preview": "1"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    # Posting is counted apart from previewing.
    assert client.post(url, _thread_form(1)).status_code == 302


def test_editing_is_limited(client_for, participant, themes, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "edit": "1/h"}
    post = ThreadFactory(theme=themes["atu"], author=participant).first_post
    client = client_for("participant")
    url = reverse("forum:post_edit", args=[post.pk])
    data = {**_thread_form(1), "kind": post.kind}
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "body": "Changed again."}).status_code == 429
    post.refresh_from_db()
    assert "Changed again" not in post.body


def test_reporting_is_limited(client_for, participant, themes, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "report": "1/h"}
    thread = ThreadFactory(theme=themes["atu"])
    posts = [thread.first_post, PostFactory(thread=thread)]
    client = client_for("participant")
    data = {"reason": Report.Reason.MISINFORMATION, "text": ""}
    statuses = [
        client.post(reverse("moderation:post_report", args=[p.pk]), data).status_code for p in posts
    ]
    assert statuses[1] == 429
    assert Report.objects.count() <= 1


def test_exports_are_limited_per_address(client, chapters, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "export": "1/h"}
    url = reverse("guidebook:export_guidebook")
    assert [client.get(url).status_code for _ in range(2)] == [200, 429]


def test_review_invitations_are_capped(drafter, chapters, settings):
    from datetime import timedelta

    from django.utils import timezone

    from guidebook.models import ReviewRound
    from guidebook.services import open_review, publish_version, save_draft

    settings.REVIEW_INVITATIONS_MAX = 2
    chapter = chapters["one"]
    save_draft(actor=drafter, chapter=chapter, text="Trust first.", base_version=0)
    version = publish_version(actor=drafter, chapter=chapter)
    with pytest.raises(ValidationError, match="at most 2 addresses"):
        open_review(
            actor=drafter,
            version=version,
            ends_at=timezone.now() + timedelta(days=7),
            audience=ReviewRound.Audience.INVITED,
            emails=["a@example.org", "b@example.org", "c@example.org"],
        )
    assert not ReviewRound.objects.exists()


def test_only_approved_posts_make_an_account_established(participant, themes, settings):
    from forum.ratelimits import is_new_poster

    settings.RATE_LIMIT_NEW_ACCOUNT_POSTS = 1
    assert is_new_poster(participant)
    ThreadFactory(theme=themes["atu"], author=participant, opening__status=Post.Status.PENDING)
    assert is_new_poster(participant)
    ThreadFactory(theme=themes["atu"], author=participant)
    assert not is_new_poster(participant)
    assert is_new_poster(UserFactory())
