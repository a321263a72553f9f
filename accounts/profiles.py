"""The sections of a public profile that other apps fill in.

accounts is the lowest app: it may not import forum, which owns posts, nor any app above
it. Each app that shows something on a profile (forum: the person's public contributions)
registers a provider at start-up, in its `AppConfig.ready`; the profile page asks every
provider, in the order they registered, for its section.
"""

from collections.abc import Callable
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
