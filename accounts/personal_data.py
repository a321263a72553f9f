"""What the site holds about a person, for their download and for deleting their account.

accounts may not import the apps above it, which hold most of what a person leaves behind
(forum: posts, follows, notifications; moderation: reports; guidebook: review comments).
Each registers, in its `AppConfig.ready`, one holder under a key of the download: a
function that returns what it holds about a person as plain JSON data, and one that
removes or pseudonymises it when the account is deleted. An app added later (attachments,
say) registers its own holder the same way and is in the download and the deletion with
no change here.

Erasers run inside the deletion's transaction, in the reverse of the order the holders
registered: apps higher up (which point at the lower apps' rows) go first, so the forum
removes posts only after moderation and the guidebook have dealt with what refers to them.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PersonalDataHolder:
    key: str
    # export(user) -> JSON-serialisable data (lists, dicts, strings, numbers, booleans, None)
    export: Callable
    # erase(user) -> None; None for data that needs nothing done (it goes with the account)
    erase: Callable | None = None


_holders: dict[str, PersonalDataHolder] = {}


def register_personal_data(key: str, *, export: Callable, erase: Callable | None = None) -> None:
    """Adds a holder; registering the same key again (a reloaded app) replaces it."""
    _holders[key] = PersonalDataHolder(key=key, export=export, erase=erase)


def holders() -> list[PersonalDataHolder]:
    return list(_holders.values())
