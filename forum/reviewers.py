"""Who reviews the posts of a theme, by name, for the message a person sees after posting.

The units that moderate a theme are moderation's (forum may not import it), so moderation
registers the one function that names them in its `AppConfig.ready`. Without it, the
message names the theme's moderators instead.
"""

from collections.abc import Callable

from forum.models import Theme

_provider: Callable[[Theme], list[str]] | None = None


def register(provider: Callable[[Theme], list[str]]) -> None:
    global _provider
    _provider = provider


def reviewer_names(theme: Theme) -> list[str]:
    """The names of the units that review posts in `theme`; empty when none is known."""
    return list(_provider(theme)) if _provider is not None else []
