"""The sections of a public profile that other apps fill in.

accounts is the lowest app: it may not import forum, which owns posts, nor any app above
it. Each app that shows something on a profile (forum: the person's public contributions)
registers a provider at start-up, in its `AppConfig.ready`; the profile page asks every
provider, in the order they registered, for its section. Apps that copy what a profile
shows register a listener that hears of every change (`register_profile_change_listener`).
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ProfileSection:
    """One block of a profile page: the template that draws it and what it needs."""

    template: str
    context: dict = field(default_factory=dict)


# provider(*, person, viewer, page) -> ProfileSection; `page` is the ?page= value.
ProfileSectionProvider = Callable[..., ProfileSection]
_providers: list[ProfileSectionProvider] = []


def register_profile_section(provider: ProfileSectionProvider) -> None:
    """Adds a provider once; registering the same one again (a reloaded app) is a no-op."""
    if provider not in _providers:
        _providers.append(provider)


def profile_sections(*, person, viewer, page) -> list[ProfileSection]:
    return [provider(person=person, viewer=viewer, page=page) for provider in _providers]


# Other apps keep copies of what a profile shows (forum's search index holds each author's
# name and organisation as credited). accounts may not import them, so each registers a
# listener here; `update_profile` calls every listener inside its own transaction, so a
# copy never outlives the change that made it stale.
# listener(*, user, fields: frozenset[str]) -> None; `fields` are the names saved.
ProfileChangeListener = Callable[..., None]
_change_listeners: list[ProfileChangeListener] = []


def register_profile_change_listener(listener: ProfileChangeListener) -> None:
    """Adds a listener once; registering the same one again (a reloaded app) is a no-op."""
    if listener not in _change_listeners:
        _change_listeners.append(listener)


def profile_changed(*, user, fields) -> None:
    for listener in _change_listeners:
        listener(user=user, fields=frozenset(fields))


# Names nobody else may take one that looks like: the moderators' (moderation knows who
# they are) and the drafters' (guidebook does). Each app registers a provider returning
# (user id, display name) pairs; accounts only compares.
ProtectedNamesProvider = Callable[[], Iterable[tuple[int, str]]]
_protected_name_providers: list[ProtectedNamesProvider] = []


def register_protected_names(provider: ProtectedNamesProvider) -> None:
    """Adds a provider once; registering the same one again (a reloaded app) is a no-op."""
    if provider not in _protected_name_providers:
        _protected_name_providers.append(provider)


def protected_names() -> Iterator[tuple[int, str]]:
    for provider in _protected_name_providers:
        yield from provider()
