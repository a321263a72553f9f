"""Names: the one a person sees (cleaned from what their computer called the file) and the
one the storage keeps (random, so it tells nothing and cannot be guessed or collide)."""

import secrets
import unicodedata
from pathlib import PurePosixPath

from forum.attachments.detection import FileType

DISPLAY_NAME_MAX = 120
# Characters that change how text around them is shown (bidirectional overrides can make
# "report‮fdp.exe" read as "reportexe.pdf"), besides control characters.
_INVISIBLE = {"\u200e", "\u200f", "\u061c", *map(chr, range(0x202A, 0x202F))}
_INVISIBLE |= set(map(chr, range(0x2066, 0x206A)))
_INVISIBLE |= {"\ufeff", "\u200b", "\u200c", "\u200d"}


def _readable(character: str) -> bool:
    return character not in _INVISIBLE and unicodedata.category(character)[0] != "C"


def display_name(uploaded: str, file_type: FileType) -> str:
    """The file's name as shown and offered on download: no folders, no control or
    direction-changing characters, one line, at most DISPLAY_NAME_MAX characters, and
    ending in an extension of the type the content was found to be."""
    name = unicodedata.normalize("NFC", uploaded or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c if _readable(c) else " " for c in name)
    name = " ".join(name.split()).rstrip(". ")
    path = PurePosixPath(name) if name else PurePosixPath("file")
    stem = path.stem if path.suffix.lower() in file_type.extensions else path.name
    stem = stem.strip(". ") or "file"
    suffix = path.suffix.lower() if path.suffix.lower() in file_type.extensions else ""
    suffix = suffix or file_type.extensions[0]
    return stem[: DISPLAY_NAME_MAX - len(suffix)].rstrip(". ") + suffix


def stored_name(file_type: FileType, *, suffix: str = "") -> str:
    """A random path in the attachments storage, spread over 256 folders."""
    token = secrets.token_hex(16)
    return f"{token[:2]}/{token}{suffix}{file_type.extensions[0]}"
