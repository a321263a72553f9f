"""Every writing form, and the search and filter parameters, driven with generated input
(hypothesis): whatever is typed, the answer is a page (2xx), a redirect or a 4xx with the
form re-shown, never a 500. A bounded number of examples per form keeps the run short."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.accounts.test_profile_views import VALID as PROFILE
from tests.factories import PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
HOSTILE = st.sampled_from(
    ["\x00", "\u202e", "\u200b", "\ufeff", "%", "%zz", "'; --", "<script>", "> " * 200, "²"]
)
TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(HOSTILE, st.text(max_size=20)), max_size=8).map("".join),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


def _ok(response) -> None:
    assert response.status_code < 500, response.status_code


@FUZZ
@given(title=TEXT, body=TEXT, kind=TEXT)
def test_the_new_thread_form(client_for, themes, title, body, kind):
    url = reverse("forum:thread_create", args=["key-concepts"])
    _ok(client_for("participant").post(url, {"title": title, "body": body, "kind": kind}))


@FUZZ
@given(body=TEXT, kind=TEXT, preview=st.booleans())
def test_the_reply_form(client_for, themes, body, kind, preview):
    thread = ThreadFactory(theme=themes["atu"])
    data = {"body": body, "kind": kind, **({"preview": "1"} if preview else {})}
    _ok(client_for("participant").post(reverse("forum:post_create", args=[thread.pk]), data))


@FUZZ
@given(name=TEXT, organisation=TEXT, country=TEXT, next_=TEXT)
def test_the_profile_form(client_for, name, organisation, country, next_):
    data = {**PROFILE, "display_name": name, "organisation": organisation, "country": country}
    _ok(client_for("participant").post(reverse("accounts:profile_edit"), {**data, "next": next_}))


@FUZZ
@given(reason=TEXT, text=TEXT)
def test_the_report_form(client_for, themes, reason, text):
    post = PostFactory(thread=ThreadFactory(theme=themes["atu"]))
    url = reverse("moderation:post_report", args=[post.pk])
    _ok(client_for("participant").post(url, {"reason": reason, "text": text}))


@FUZZ
@given(q=TEXT, theme=TEXT, tag=TEXT, page=TEXT)
def test_search_and_its_filters(client, themes, q, theme, tag, page):
    _ok(client.get(reverse("forum:search"), {"q": q, "theme": theme, "tag": tag, "page": page}))


@FUZZ
@given(decision=TEXT, tags=st.lists(TEXT, max_size=3), reason=TEXT, note=TEXT)
def test_the_review_desk(client_for, themes, settings, atu_moderator, decision, tags, reason, note):
    settings.MODERATION_MFA_EXEMPT_EMAILS = [atu_moderator.email]
    post = ThreadFactory(theme=themes["atu"], opening__status="pending").first_post
    data = {"decision": decision, "tags": tags, "reason": reason, "note": note}
    _ok(client_for("atu_moderator").post(reverse("moderation:post_decide", args=[post.pk]), data))


@FUZZ
@given(unit=TEXT, moderator=TEXT, action=TEXT, since=TEXT)
def test_the_decision_log_filters(
    client_for, settings, atu_moderator, unit, moderator, action, since
):
    settings.MODERATION_MFA_EXEMPT_EMAILS = [atu_moderator.email]
    query = {"unit": unit, "moderator": moderator, "action": action, "since": since}
    _ok(client_for("atu_moderator").get(reverse("moderation:log"), query))
