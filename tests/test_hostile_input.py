# ruff: noqa: F811 - guidebook's accepted_post fixture is imported by name
"""Hostile input gets a 4xx with a message a person can act on, never a 500, on SQLite and
PostgreSQL: `?next=` that is not a path of this site, ids that overflow 64 bits or are not
ASCII digits, NUL bytes and broken encodings in addresses, invisible characters in titles,
bodies and names, and spreadsheet formulas in exported names and titles.

Each case started as a 500 (or a wrong answer) found by probing the site."""

import pytest
from django.urls import reverse

from forum.models import Post, Thread
from guidebook.models import ContributionLink
from guidebook.services import link_contribution, publish_version, save_draft
from tests.accounts.test_profile_views import VALID as PROFILE
from tests.factories import ThreadFactory, UserFactory
from tests.guidebook.conftest import accepted_post  # noqa: F401
from tests.moderation.helpers import pending_thread

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # past 2**63
NOT_LOCAL = ["abc", "//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:x"]


@pytest.mark.parametrize("target", NOT_LOCAL)
def test_profile_next_goes_only_to_a_path_of_this_site(client_for, participant, target):
    response = client_for("participant").post(
        reverse("accounts:profile_edit"), {**PROFILE, "next": target}
    )
    assert response.status_code == 302
    assert response.url == participant.get_absolute_url()


def test_profile_next_keeps_a_path_of_this_site(client_for):
    response = client_for("participant").post(
        reverse("accounts:profile_edit"), {**PROFILE, "next": "/guidebook/"}
    )
    assert response.url == "/guidebook/"


@pytest.fixture
def linked(accepted_post, drafter, chapters):
    post = accepted_post()
    link_contribution(actor=drafter, post=post, chapter=chapters["one"], note="")
    return ContributionLink.objects.get(post=post)


@pytest.mark.parametrize("target", NOT_LOCAL)
def test_pool_forms_next_goes_only_to_a_path_of_this_site(
    client_for,
    accepted_post,
    linked,
    chapters,
    target,
):
    client = client_for("drafter")
    post = accepted_post()
    created = client.post(
        reverse("guidebook:link_create"),
        {"post": post.pk, "target": f"chapter-{chapters['one'].pk}", "next": target},
    )
    assert created.status_code == 302 and created.url == reverse("guidebook:pool")
    refreshed = client.post(reverse("guidebook:link_refresh", args=[linked.pk]), {"next": target})
    assert refreshed.status_code == 302
    assert refreshed.url == reverse("guidebook:link_detail", args=[linked.pk])
    unlinked = client.post(reverse("guidebook:link_delete", args=[linked.pk]), {"next": target})
    assert unlinked.status_code == 302 and unlinked.url == reverse("guidebook:pool")


def test_login_next_goes_only_to_a_path_of_this_site(client, participant):
    from tests.factories import DEFAULT_PASSWORD

    response = client.post(
        reverse("account_login") + "?next=//evil.example/",
        {"login": participant.email, "password": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    assert "evil.example" not in response.url


def test_comparing_versions_past_64_bits_is_a_400(client, drafter, chapters):
    chapter = chapters["one"]
    for text in ("One.", "Two."):
        save_draft(actor=drafter, chapter=chapter, text=text, base_version=chapter.versions.count())
        publish_version(actor=drafter, chapter=chapter)
    url = reverse("guidebook:compare", args=[chapter.number])
    response = client.get(url, {"from": HUGE, "to": "2"})
    assert response.status_code == 400
    assert "less than or equal to" in response.text


@pytest.mark.parametrize(
    "address",
    [
        "/people/a%00b/",
        "/search/?q=a%00b",
        "/search/?q=%zz",
        "/search/?q=%ff%fe",
        "/?page=%",
        "/threads/1/?page=%00",
    ],
)
def test_addresses_with_nul_or_broken_encoding_are_a_400_saying_why(client, address):
    response = client.get(address)
    assert response.status_code == 400
    assert "This request cannot be read" in response.text
    assert any(word in response.text for word in ("control character", "hexadecimal", "not UTF-8"))


def test_the_admin_changelist_refuses_a_nul_filter(client_for):
    response = client_for("administrator").get("/admin/forum/post/?status=a%00b")
    assert response.status_code == 400


@pytest.mark.parametrize(
    "address",
    [
        f"/threads/{HUGE}/",
        f"/posts/{HUGE}/",
        f"/guidebook/chapters/{HUGE}/",
        "/people/nobody-here/",
    ],
)
def test_ids_that_do_not_exist_or_overflow_are_a_404(client, themes, address):
    response = client.get(address)
    assert response.status_code == 404
    assert "Page not found" in response.text


@pytest.mark.parametrize("page", ["abc", "-1", "0", HUGE, "1e9"])
def test_a_page_number_that_is_not_one_shows_a_page_of_the_thread(client, themes, page):
    thread = ThreadFactory(theme=themes["atu"])
    response = client.get(thread.get_absolute_url(), {"page": page})
    assert response.status_code == 200
    assert thread.title in response.text


@pytest.mark.parametrize("posts", [["²"], ["٣"], [HUGE], ["-1"], ["1e3"], [" "]])
def test_bulk_approve_takes_only_ids(client_for, themes, posts):
    pending = pending_thread(themes["atu"])
    response = client_for("atu_moderator").post(
        reverse("moderation:bulk_approve", args=["atu"]), {"posts": posts}
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Post.Status.PENDING


@pytest.mark.parametrize("tag", [HUGE, "²", "a\x00b"])
def test_approving_with_a_tag_that_cannot_exist_is_refused_beside_the_field(
    client_for, themes, tag
):
    pending = pending_thread(themes["atu"])
    response = client_for("atu_moderator").post(
        reverse("moderation:post_decide", args=[pending.pk]),
        {"decision": "approve", "tags": [tag]},
    )
    assert response.status_code == 400
    assert "is not a valid value" in response.text or "not one of the available" in response.text
    pending.refresh_from_db()
    assert pending.status == Post.Status.PENDING


INVISIBLE = ["\u202e", "\u200b", "\u2066", "\ufeff", "\x00"]


@pytest.mark.parametrize("char", INVISIBLE)
def test_thread_titles_refuse_invisible_characters(client_for, themes, char):
    response = client_for("participant").post(
        reverse("forum:thread_create", args=["key-concepts"]),
        {"title": f"Safe{char}txt.exe", "kind": "comment", "body": "Fine."},
    )
    assert response.status_code == 400
    assert not Thread.objects.exists()


@pytest.mark.parametrize("char", [c for c in INVISIBLE if c != "\x00"])
def test_post_bodies_refuse_bidi_overrides_and_zero_width_characters(client_for, themes, char):
    response = client_for("participant").post(
        reverse("forum:thread_create", args=["key-concepts"]),
        {"title": "Liaison", "kind": "comment", "body": f"Hidden{char}text."},
    )
    assert response.status_code == 400
    assert f"U+{ord(char):04X}" in response.text
    assert not Thread.objects.exists()


def test_post_bodies_keep_emoji_joined_with_a_zero_width_joiner(client_for, themes):
    response = client_for("participant").post(
        reverse("forum:thread_create", args=["key-concepts"]),
        {"title": "Liaison", "kind": "comment", "body": "Families 👨\u200d👩\u200d👧 came."},
    )
    assert response.status_code == 302


def test_a_nul_in_a_form_field_is_refused_with_a_message(client_for, themes):
    response = client_for("participant").post(
        reverse("forum:thread_create", args=["key-concepts"]),
        {"title": "Liaison", "kind": "comment", "body": "Hidden\x00text."},
    )
    assert response.status_code == 400
    assert "Null characters are not allowed" in response.text


def test_a_megabyte_body_is_refused_with_a_message(client_for, themes):
    response = client_for("participant").post(
        reverse("forum:thread_create", args=["key-concepts"]),
        {"title": "Liaison", "kind": "comment", "body": "x" * 1_000_000},
    )
    assert response.status_code in (400, 413)
    assert not Thread.objects.exists()


@pytest.mark.parametrize("body", ["> " * 10_000 + "deep", "- " * 10_000 + "deep"])
def test_ten_thousand_deep_quotes_and_lists_are_refused_with_a_message(client_for, themes, body):
    response = client_for("participant").post(
        reverse("forum:thread_create", args=["key-concepts"]),
        {"title": "Liaison", "kind": "comment", "body": body},
    )
    assert response.status_code == 400
    assert not Thread.objects.exists()


def test_links_csv_escapes_formulas_in_names_and_theme_titles(
    client_for,
    accepted_post,
    drafter,
    chapters,
    themes,
):
    drafter.display_name = '=HYPERLINK("https://evil.example")'
    drafter.save(update_fields=["display_name"])
    theme = themes["atu"]
    theme.title = "+SUM(A1:A9)"
    theme.save(update_fields=["title"])
    link_contribution(actor=drafter, post=accepted_post(theme=theme), chapter=chapters["one"])
    response = client_for("drafter").get(reverse("guidebook:export_links"))
    text = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK" in text and "'+SUM(A1:A9)" in text
    assert ",=HYPERLINK" not in text and ",+SUM" not in text


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Ada\u202eAdmin", "U+202E"),
        ("Zero\u200bWidth", "U+200B"),
        ("Bell\x07", "U+0007"),
    ],
)
def test_display_names_refuse_invisible_characters_naming_them(client_for, name, message):
    response = client_for("participant").post(
        reverse("accounts:profile_edit"), {**PROFILE, "display_name": name}
    )
    assert response.status_code == 400
    assert message in response.text


def test_display_names_and_organisations_are_nfkc_normalised(client_for, participant):
    client_for("participant").post(
        reverse("accounts:profile_edit"),
        {**PROFILE, "display_name": "Ｐａｔ  Ｐ", "organisation": "Oﬃce of ﬁnance"},
    )
    participant.refresh_from_db()
    assert participant.display_name == "Pat P"
    assert participant.organisation == "Office of finance"


@pytest.mark.parametrize(
    "name",
    ["Аna АTU", "ana atu", "Ana  ATU", "0lga 0DIHR", "Dоra Drafter", "Ada Admin"],
)
def test_names_that_look_like_a_moderators_or_drafters_are_refused(
    client_for, atu_moderator, odihr_moderator, drafter, administrator, name
):
    response = client_for("participant").post(
        reverse("accounts:profile_edit"), {**PROFILE, "display_name": name}
    )
    assert response.status_code == 400
    assert "looks too much like" in response.text


def test_a_name_unlike_any_moderators_is_taken(client_for, atu_moderator, participant):
    response = client_for("participant").post(
        reverse("accounts:profile_edit"), {**PROFILE, "display_name": "Anaïs Atkinson"}
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.display_name == "Anaïs Atkinson"


def test_a_moderator_keeps_their_own_name(client_for, atu_moderator):
    response = client_for("atu_moderator").post(
        reverse("accounts:profile_edit"), {**PROFILE, "display_name": "Ana ATU"}
    )
    assert response.status_code == 302


def test_participants_names_may_look_alike(client_for, participant):
    """Only staff names are protected: two participants may both be "Alex Smith"."""
    UserFactory(display_name="Alex Smith")
    response = client_for("participant").post(
        reverse("accounts:profile_edit"), {**PROFILE, "display_name": "Alex Smith"}
    )
    assert response.status_code == 302
