"""The text of PDF and DOCX files, for search, within a time and size cap.

The caps are checked between pages (PDF) and paragraphs (DOCX), so one extraction stops
soon after its time is up; a file whose parts declare more than the container cap is not
opened at all. Whatever goes wrong inside a parser becomes ExtractionFailed: the file is
kept and marked "text not extracted", and the page that shows it never fails.
"""

import logging
import time
import zipfile
from typing import BinaryIO

from forum.attachments.detection import DOCX, PDF, FileType

logger = logging.getLogger(__name__)

MAX_SECONDS = 20.0
MAX_CHARACTERS = 100_000
MAX_PDF_PAGES = 300
MAX_DOCX_XML_BYTES = 50 * 1024 * 1024


class ExtractionFailed(Exception):
    pass


def has_text(file_type: FileType) -> bool:
    return file_type in (PDF, DOCX)


class _Budget:
    """Collects text until the character cap; says when the time cap has passed."""

    def __init__(self, seconds: float, characters: int):
        self.deadline = time.monotonic() + seconds
        self.left = characters
        self.parts: list[str] = []

    def add(self, text: str) -> bool:
        """Keeps the text; False once no more should be read."""
        text = " ".join((text or "").split())
        if text:
            self.parts.append(text[: self.left])
            self.left -= len(self.parts[-1]) + 1
        return self.left > 0 and time.monotonic() < self.deadline

    def text(self) -> str:
        return "\n".join(self.parts)


def _pdf_text(data: BinaryIO, budget: _Budget) -> str:
    from pypdf import PdfReader

    reader = PdfReader(data)
    if reader.is_encrypted and not reader.decrypt(""):
        raise ExtractionFailed("encrypted")
    for number, page in enumerate(reader.pages):
        if number >= MAX_PDF_PAGES or not budget.add(page.extract_text()):
            break
    return budget.text()


def _docx_text(data: BinaryIO, budget: _Budget) -> str:
    import docx

    with zipfile.ZipFile(data) as archive:
        declared = sum(e.file_size for e in archive.infolist() if e.filename.endswith(".xml"))
    if declared > MAX_DOCX_XML_BYTES:
        raise ExtractionFailed("too large")
    data.seek(0)
    document = docx.Document(data)
    for paragraph in document.paragraphs:
        if not budget.add(paragraph.text):
            return budget.text()
    for table in document.tables:
        for row in table.rows:
            if not budget.add(" ".join(cell.text for cell in row.cells)):
                return budget.text()
    return budget.text()


def extract_text(
    data: BinaryIO,
    file_type: FileType,
    *,
    seconds: float | None = None,
    characters: int | None = None,
) -> str:
    """The file's text, one line per page or paragraph; ExtractionFailed when it cannot be
    read (damaged, encrypted, not what it claims, too large inside)."""
    budget = _Budget(
        MAX_SECONDS if seconds is None else seconds,
        MAX_CHARACTERS if characters is None else characters,
    )
    reader = {PDF: _pdf_text, DOCX: _docx_text}.get(file_type)
    if reader is None:
        raise ExtractionFailed(f"no text in {file_type.label}")
    try:
        return reader(data, budget)
    except ExtractionFailed:
        raise
    except Exception as error:  # any parser error: the file stays, its text does not
        logger.info("Text not extracted from a %s file: %r", file_type.label, error)
        raise ExtractionFailed(str(error)) from error
