"""Fixtures shared by every test: one per kind of person, and the units with their themes.

Kinds of person: anonymous, participant, atu_moderator, spmu_moderator, odihr_moderator,
drafter (of chapter 1), other_drafter (of chapter 2), administrator. `person(kind)` returns
the user (None for anonymous); `client_for(kind)` returns a test client signed in as them.

Two-factor authentication: `with_totp(user)` gives a person an authenticator app, and
`sign_in(client, user, second_factor=...)` gives a client the session allauth's login would
leave, with its record of the methods used; `session_user(client)` is `request.user` as that
session makes it, for calling services the way a view does.
"""

import pytest
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.test import Client, RequestFactory

from forum.selectors.notifications import unread_count
from guidebook.models import Chapter, Section
from guidebook.services import assign_drafter
from moderation.middleware import SecondFactorMiddleware
from moderation.services.units import add_unit_member, ensure_unit, set_unit_themes
from tests.factories import ThemeFactory, UserFactory

KINDS = (
    "anonymous",
    "participant",
    "atu_moderator",
    "spmu_moderator",
    "odihr_moderator",
    "drafter",
    "other_drafter",
    "administrator",
)
MODERATOR_KINDS = ("atu_moderator", "spmu_moderator", "odihr_moderator")
# Signed in without any moderation right: for the moderation pages, drafters are participants.
PARTICIPANT_KINDS = ("participant", "drafter", "other_drafter")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """A speed knob: real hashers take a quarter-second per password by design."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: figures cached by one test (the home page's
    counts, allauth's rate-limit counters) must not be read by the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _rate_limits_only_where_tested(request, settings):
    """The suite signs in, signs up and posts far faster than any person: the rate limits
    apply only to tests marked `rate_limits` (tests/test_rate_limits.py)."""
    if request.node.get_closest_marker("rate_limits") is None:
        settings.RATELIMIT_ENABLE = False
        settings.ACCOUNT_RATE_LIMITS = False


@pytest.fixture
def themes(db):
    """One theme per unit, plus one co-moderated by ODIHR and ATU (as "Human rights")."""
    return {
        "atu": ThemeFactory(slug="key-concepts", title="Key concepts"),
        "spmu": ThemeFactory(slug="trust-building", title="Building trust"),
        "odihr": ThemeFactory(slug="youth", title="Working with young people"),
        "shared": ThemeFactory(slug="human-rights", title="Human rights"),
    }


@pytest.fixture
def units(themes):
    atu = ensure_unit(code="atu", name="TNT/ATU", full_name="Action against Terrorism Unit")
    spmu = ensure_unit(code="spmu", name="TNT/SPMU", full_name="Strategic Police Matters Unit")
    odihr = ensure_unit(code="odihr", name="ODIHR")
    set_unit_themes(unit=atu, themes=[themes["atu"], themes["shared"]])
    set_unit_themes(unit=spmu, themes=[themes["spmu"]])
    set_unit_themes(unit=odihr, themes=[themes["odihr"], themes["shared"]])
    return {"atu": atu, "spmu": spmu, "odihr": odihr}


@pytest.fixture
def participant(db):
    return UserFactory(username="participant", display_name="Pat Participant")


def _unit_moderator(unit, **fields):
    user = UserFactory(**fields)
    add_unit_member(unit=unit, user=user)
    return user


@pytest.fixture
def atu_moderator(units):
    return _unit_moderator(units["atu"], username="atu", display_name="Ana ATU")


@pytest.fixture
def spmu_moderator(units):
    return _unit_moderator(units["spmu"], username="spmu", display_name="Sam SPMU")


@pytest.fixture
def odihr_moderator(units):
    return _unit_moderator(units["odihr"], username="odihr", display_name="Olga ODIHR")


@pytest.fixture
def administrator(units):
    return UserFactory(username="admin", display_name="Ada Admin", is_staff=True, is_superuser=True)


@pytest.fixture
def chapters(db):
    """Two chapters of two sections each."""
    one = Chapter.objects.create(number=1, title="Key concepts")
    two = Chapter.objects.create(number=2, title="Benefits, risks and limits")
    for chapter in (one, two):
        Section.objects.create(chapter=chapter, order=1, title=f"First of {chapter.number}")
        Section.objects.create(chapter=chapter, order=2, title=f"Second of {chapter.number}")
    return {"one": one, "two": two}


@pytest.fixture
def drafter(chapters, administrator):
    """Drafts chapter 1 only."""
    user = UserFactory(username="drafter", display_name="Dora Drafter")
    assign_drafter(actor=administrator, chapter=chapters["one"], user=user)
    return user


@pytest.fixture
def other_drafter(chapters, administrator):
    """Drafts chapter 2 only: a drafter, but not of the chapter most tests are about."""
    user = UserFactory(username="other-drafter", display_name="Otto Drafter")
    assign_drafter(actor=administrator, chapter=chapters["two"], user=user)
    return user


@pytest.fixture
def person(request, units):
    """person("atu_moderator") → that user; person("anonymous") → None."""

    def get(kind: str):
        if kind == "anonymous":
            return None
        return request.getfixturevalue(kind)

    return get


@pytest.fixture
def client_for(person):
    """A client signed in as that kind of person. Their header's unread count is cached, as
    it is after their first page, so the query counts pinned for a page are the page's own
    reads; tests/forum/test_bell.py pins the bell's."""

    def make(kind: str) -> Client:
        client = Client()
        user = person(kind)
        if user is not None:
            client.force_login(user)
            unread_count(user)
        return client

    return make


@pytest.fixture
def with_totp(db):
    """with_totp(user) → the TOTP authenticator the person now has (allauth.mfa)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    def activate(user) -> Authenticator:
        return TOTP.activate(user, generate_totp_secret()).instance

    return activate


def sign_in(client: Client, user, *, second_factor: bool) -> Client:
    """Signs `client` in as `user` with the session records allauth's login writes: the
    password and, with `second_factor`, the code of the person's TOTP authenticator."""
    client.force_login(user)
    request = RequestFactory().get("/")
    request.session = client.session
    record_authentication(request, user, "password", email=user.email)
    if second_factor:
        authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    request.session.save()
    return client


def session_user(client: Client):
    """`request.user` in a request of `client`'s session, marked as the site marks it."""
    request = RequestFactory().get("/")
    request.session = client.session
    SecondFactorMiddleware(lambda request: None)(request)
    return request.user._wrapped if request.user.is_authenticated else request.user


def staff_page_status(who: str, ok: int) -> int:
    """The status a page for moderation staff answers `who`: sign-in first for anonymous
    visitors, 403 for people without moderation rights, `ok` for the rest."""
    if who == "anonymous":
        return 302
    return 403 if who in PARTICIPANT_KINDS else ok
