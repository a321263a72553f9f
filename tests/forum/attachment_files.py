"""Files made in the tests, for the attachment tests (service, view and browser): real
documents of each allowed type and the impostors that must be refused."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

PDF_TEXT = "Community policing memorandum between the police and the youth council"
DOCX_TEXT = "Training curriculum for neighbourhood officers"


@pytest.fixture
def attachment_root(settings, tmp_path):
    """Keeps this test's files in a folder of its own, removed with it."""
    root = tmp_path / "attachments"
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    return root


def upload(name: str, content: bytes, claimed: str = "application/pdf") -> SimpleUploadedFile:
    """A file as a browser sends it: `claimed` is the type the browser says, never trusted."""
    return SimpleUploadedFile(name, content, content_type=claimed)


def pdf_bytes(text: str = PDF_TEXT) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<p>{text}</p>").write_pdf()


def docx_bytes(text: str = DOCX_TEXT) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Module one"
    table.rows[0].cells[1].text = "Trust building"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _zip(entries: dict[str, bytes], *, first_stored: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, content) in enumerate(entries.items()):
            method = zipfile.ZIP_STORED if (first_stored and index == 0) else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=method)
    return out.getvalue()


def odt_bytes() -> bytes:
    return _zip(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": b"<office:document-content/>",
            "META-INF/manifest.xml": b"<manifest:manifest/>",
        },
        first_stored=True,
    )


def xlsx_bytes() -> bytes:
    content_types = (
        b'<?xml version="1.0"?><Types><Override PartName="/xl/workbook.xml" ContentType='
        b'"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
    )
    return _zip({"[Content_Types].xml": content_types, "xl/workbook.xml": b"<workbook/>"})


def plain_zip_bytes() -> bytes:
    return _zip({"notes.txt": b"Not a document", "run.sh": b"echo hi"})


def exe_bytes() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 240


def html_bytes() -> bytes:
    return b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def svg_bytes() -> bytes:
    return (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(1)</script></svg>"
    )


def png_bytes(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(out, format="PNG")
    return out.getvalue()


GPS_LATITUDE = (48.0, 12.0, 30.0)


def jpeg_with_gps_bytes(size=(800, 600)) -> bytes:
    """A photo as a phone takes it: camera make and the GPS position in its EXIF."""
    image = Image.new("RGB", size, (200, 120, 40))
    exif = image.getexif()
    exif[ExifTags.Base.Make] = "PhoneCam"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = GPS_LATITUDE
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (16.0, 22.0, 10.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def exif_of(content: bytes) -> dict:
    with Image.open(io.BytesIO(content)) as image:
        exif = image.getexif()
        return {"base": dict(exif), "gps": dict(exif.get_ifd(ExifTags.IFD.GPSInfo))}
