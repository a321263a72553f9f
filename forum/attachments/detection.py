"""What a file is, decided from its bytes: never from its name or the browser's claim.

puremagic reads the leading magic bytes and names the family (PDF, PNG, JPEG, a zip
container). PNG and JPEG are then opened by Pillow, so a file that only starts like an
image is refused. The office formats are all zip containers, which magic bytes cannot tell
apart: the container's own declaration decides (an ODF file's first entry, `mimetype`; an
Office Open XML file's main part in `[Content_Types].xml`). Any other zip is refused,
including macro-enabled documents and templates.
"""

import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FileType:
    content_type: str
    label: str
    extensions: tuple[str, ...]  # the first is the one a cleaned name is given

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


PDF = FileType("application/pdf", "PDF", (".pdf",))
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX", (".docx",)
)
ODT = FileType("application/vnd.oasis.opendocument.text", "ODT", (".odt",))
XLSX = FileType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX", (".xlsx",)
)
PNG = FileType("image/png", "PNG", (".png",))
JPEG = FileType("image/jpeg", "JPEG", (".jpg", ".jpeg"))

ALLOWED_TYPES = (PDF, DOCX, ODT, XLSX, PNG, JPEG)
BY_CONTENT_TYPE = {t.content_type: t for t in ALLOWED_TYPES}
ALLOWED_LABELS = _("PDF, DOCX, ODT, XLSX, PNG or JPEG")
ACCEPT_ATTRIBUTE = ",".join(ext for t in ALLOWED_TYPES for ext in t.extensions)

# puremagic looks at the head of a file; the rest of the checks open the whole file.
_HEAD_BYTES = 8192
_ZIP_MAGIC = b"PK\x03\x04"
# A container declaring more than this (uncompressed) is refused before anything reads it.
MAX_CONTAINER_ENTRIES = 5_000
MAX_CONTAINER_BYTES = 200 * 1024 * 1024
_CONTENT_TYPES_CAP = 1024 * 1024

_OOXML_MAIN_PARTS = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (
        DOCX,
        "word/",
    ),
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": (XLSX, "xl/"),
}


def _family(head: bytes) -> str:
    """puremagic's most confident reading of the head: a content type, or "zip"."""
    import puremagic  # imported on the first upload: the pages that only read never need it

    try:
        matches = puremagic.magic_string(head)
    except puremagic.PureError:
        return ""
    if not matches:
        return ""
    best = matches[0]
    if best.byte_match.startswith(_ZIP_MAGIC) and best.offset == 0:
        return "zip"
    return best.mime_type


def _is_image(data: BinaryIO, expected: str) -> bool:
    from PIL import Image, UnidentifiedImageError

    data.seek(0)
    try:
        with Image.open(data) as image:
            image.verify()
            return image.format == expected
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False


def _container_type(data: BinaryIO) -> FileType | None:
    data.seek(0)
    try:
        with zipfile.ZipFile(data) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_CONTAINER_ENTRIES:
                return None
            if sum(entry.file_size for entry in entries) > MAX_CONTAINER_BYTES:
                return None
            names = {entry.filename for entry in entries}
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return None  # macros
            if entries and entries[0].filename == "mimetype":
                declared = archive.read(entries[0]).strip()
                return ODT if declared == ODT.content_type.encode() else None
            if "[Content_Types].xml" not in names:
                return None
            with archive.open("[Content_Types].xml") as manifest:
                declared = manifest.read(_CONTENT_TYPES_CAP)
            found = [
                (kind, folder)
                for part, (kind, folder) in _OOXML_MAIN_PARTS.items()
                if part in declared
            ]
            if len(found) != 1:
                return None
            kind, folder = found[0]
            return kind if any(name.startswith(folder) for name in names) else None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, ValueError):
        return None


def detect_type(data: BinaryIO) -> FileType | None:
    """The allowed type these bytes are, or None. Leaves the stream at its start."""
    data.seek(0)
    head = data.read(_HEAD_BYTES)
    family = _family(head)
    found = None
    if family == PDF.content_type and head.startswith(b"%PDF-"):
        found = PDF
    elif family == PNG.content_type and _is_image(data, "PNG"):
        found = PNG
    elif family == JPEG.content_type and _is_image(data, "JPEG"):
        found = JPEG
    elif family == "zip":
        found = _container_type(data)
    data.seek(0)
    return found


def type_for(content_type: str) -> FileType | None:
    return BY_CONTENT_TYPE.get(content_type)
