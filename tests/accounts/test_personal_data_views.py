"""A person's data download and the account deletion pages, across the kinds of people."""

import json

import pytest
from django.urls import reverse

from accounts.models import User
from forum.models import Post
from forum.services.email import set_email_preference
from forum.services.follows import follow
from forum.services.notifications import notify
from forum.services.posts import edit_post
from moderation.models import Report
from tests.conftest import KINDS
from tests.factories import DEFAULT_PASSWORD, PostFactory, ThreadFactory

DOWNLOAD = reverse("accounts:personal_data_download")
DELETE = reverse("accounts:account_delete")


@pytest.mark.parametrize("kind", KINDS)
def test_the_download_is_for_the_signed_in_person(client_for, kind):
    response = client_for(kind).get(DOWNLOAD)
    if kind == "anonymous":
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
        return
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert json.loads(response.content)["account"]["email"]


def test_the_download_holds_everything_about_the_person(client, participant, themes):
    # Still waiting for review, so the edit replaces the text (an approved post's edit waits).
    thread = ThreadFactory(
        theme=themes["atu"], author=participant, title="My thread", opening__status="pending"
    )
    post = thread.first_post
    edit_post(
        editor=participant, post=post, kind=post.kind, body="The second text.", title="My thread"
    )
    reply = PostFactory(thread=thread, author=participant, status=Post.Status.PENDING)
    Report.objects.create(post=reply, reporter=participant, reason="other", text="Why")
    notify(recipient=participant, message="A decision")
    follow(user=participant, target=themes["spmu"])
    set_email_preference(user=participant, frequency="weekly", muted_kinds=["reply"])
    client.force_login(participant)

    data = json.loads(client.get(DOWNLOAD).content)

    assert data["account"]["profile"]["display_name"] == "Pat Participant"
    assert data["account"]["email_addresses"] == [
        {"email": participant.email, "verified": True, "primary": True}
    ]
    posts = {p["id"]: p for p in data["posts"]}
    assert posts[post.pk]["body"] == "The second text."
    assert posts[post.pk]["opens_thread"] is True
    assert [r["body"] for r in posts[post.pk]["revisions"]] == [post.body]
    assert posts[reply.pk]["status"] == "pending"
    assert data["reports"] == [
        {
            "post": reply.pk,
            "thread": "My thread",
            "reason": "other",
            "text": "Why",
            "status": "open",
            "created_at": data["reports"][0]["created_at"],
            "resolved_at": None,
        }
    ]
    assert [n["message"] for n in data["notifications"]] == ["A decision"]
    assert {(f["kind"], f["title"]) for f in data["follows"]} >= {("theme", "Building trust")}
    assert data["email_preferences"] == {"frequency": "weekly", "muted_kinds": ["reply"]}
    assert data["review_comments"] == []


def test_the_download_holds_nobody_elses_posts(client, participant, themes):
    ThreadFactory(theme=themes["atu"], title="Somebody else's")
    client.force_login(participant)
    assert json.loads(client.get(DOWNLOAD).content)["posts"] == []


@pytest.mark.parametrize("kind", KINDS)
def test_the_deletion_page_is_for_people_who_may_delete_their_account(client_for, kind):
    response = client_for(kind).get(DELETE)
    expected = {"anonymous": 302, "administrator": 403}.get(kind, 200)
    assert response.status_code == expected
    if expected == 200:
        html = response.content.decode()
        assert "What is removed" in html and "a former participant" in html
        assert 'type="password"' in html


def test_profile_page_links_to_the_download_and_the_deletion(client, participant):
    client.force_login(participant)
    html = client.get(reverse("accounts:profile_edit")).content.decode()
    assert DOWNLOAD in html and DELETE in html


def test_a_wrong_password_re_shows_the_page_with_an_error(client, participant):
    client.force_login(participant)
    response = client.post(DELETE, {"password": "wrong"})
    assert response.status_code == 400
    assert "The password is not right" in response.content.decode()
    participant.refresh_from_db()
    assert participant.is_active


def test_a_missing_password_is_asked_for(client, participant):
    client.force_login(participant)
    response = client.post(DELETE, {})
    assert response.status_code == 400
    assert "Type your password" in response.content.decode()


def test_deleting_signs_out_and_confirms(client, participant):
    client.force_login(participant)
    response = client.post(DELETE, {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:account_deleted")
    page = client.get(response["Location"])
    assert "Your account has been deleted" in page.content.decode()
    assert not page.wsgi_request.user.is_authenticated
    assert User.objects.get(pk=participant.pk).deleted_at is not None


def test_an_administrator_cannot_post_a_deletion(client, administrator):
    client.force_login(administrator)
    assert client.post(DELETE, {"password": DEFAULT_PASSWORD}).status_code == 403
    administrator.refresh_from_db()
    assert administrator.is_active
