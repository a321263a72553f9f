"""Files on posts, below the views: type detection from the content, names, limits, EXIF
stripped, text extracted for search, revisions, deletion."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from forum import services
from forum.attachments import extraction
from forum.attachments import services as attachments
from forum.attachments.detection import detect_type
from forum.attachments.models import Attachment
from forum.attachments.names import display_name
from forum.attachments.storage import attachment_storage
from forum.models import Post
from forum.search import search_page
from tests.factories import ThreadFactory
from tests.forum.attachment_files import (
    DOCX_TEXT,
    GPS_LATITUDE,
    PDF_TEXT,
    attachment_root,  # noqa: F401 (a fixture)
    docx_bytes,
    exe_bytes,
    exif_of,
    html_bytes,
    jpeg_with_gps_bytes,
    odt_bytes,
    pdf_bytes,
    plain_zip_bytes,
    png_bytes,
    svg_bytes,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.usefixtures("attachment_root")


def start(author, theme, files, **overrides):
    fields = {"title": "Neighbourhood officers", "kind": Post.Kind.CASE_STUDY, "body": "Text."}
    return services.start_thread(author=author, theme=theme, files=files, **(fields | overrides))


def refusal(files, **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        attachments.check_uploads(files, **kwargs)
    return caught.value.message_dict["files"]


# What a file is ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "label"),
    [
        (pdf_bytes, "PDF"),
        (docx_bytes, "DOCX"),
        (odt_bytes, "ODT"),
        (xlsx_bytes, "XLSX"),
        (png_bytes, "PNG"),
        (jpeg_with_gps_bytes, "JPEG"),
    ],
)
def test_each_allowed_type_is_recognised_from_its_content(make, label):
    assert detect_type(io.BytesIO(make())).label == label


@pytest.mark.parametrize(
    ("name", "make", "claimed"),
    [
        ("report.pdf", exe_bytes, "application/pdf"),  # a renamed executable
        ("evaluation.pdf", html_bytes, "application/pdf"),  # an HTML page named .pdf
        ("photo.png", svg_bytes, "image/png"),  # an SVG named .png
        ("curriculum.docx", plain_zip_bytes, "application/vnd.openxmlformats"),  # any zip
    ],
)
def test_a_file_is_refused_by_its_content_whatever_its_name_or_claimed_type(name, make, claimed):
    assert detect_type(io.BytesIO(make())) is None
    [message] = refusal([upload(name, make(), claimed)])
    assert name in message
    assert "PDF, DOCX, ODT, XLSX, PNG or JPEG" in message


def test_a_pdf_named_otherwise_is_a_pdf_and_its_name_says_so():
    [ready] = attachments.check_uploads([upload("memorandum.exe", pdf_bytes(), "text/html")])
    assert ready.content_type == "application/pdf"
    assert ready.name == "memorandum.exe.pdf"


def test_a_macro_enabled_document_is_refused():
    content = docx_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            target.writestr(entry, source.read(entry))
        target.writestr("word/vbaProject.bin", b"macros")
    assert detect_type(io.BytesIO(out.getvalue())) is None


@pytest.mark.parametrize(
    ("uploaded", "expected"),
    [
        ("Evaluation 2011.PDF", "Evaluation 2011.pdf"),
        ("C:\\Users\\me\\Desktop\\report.pdf", "report.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("report\u202efdp.exe", "report fdp.exe.pdf"),
        ("tab\tand\nnewline.pdf", "tab and newline.pdf"),
        ("....pdf", "file.pdf"),
        ("", "file.pdf"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
    ],
)
def test_names_are_cleaned_for_display(uploaded, expected):
    from forum.attachments.detection import PDF

    assert display_name(uploaded, PDF) == expected


# Limits -----------------------------------------------------------------------------------


def test_a_file_of_ten_megabytes_is_accepted_and_one_byte_more_is_refused():
    head = pdf_bytes()
    exactly = head + b"\n" * (attachments.MAX_BYTES - len(head))
    assert len(attachments.check_uploads([upload("exactly.pdf", exactly)])) == 1

    [message] = refusal([upload("too-big.pdf", exactly + b"\n")])
    assert "too-big.pdf" in message and "10 MB" in message


def test_six_files_are_refused_and_five_are_accepted():
    pdf = pdf_bytes()
    assert len(attachments.check_uploads([upload(f"{i}.pdf", pdf) for i in range(5)])) == 5

    [message] = refusal([upload(f"{i}.pdf", pdf) for i in range(6)])
    assert "up to 5 files" in message


def test_files_kept_on_a_post_count_towards_the_five():
    [message] = refusal([upload("a.pdf", pdf_bytes()), upload("b.pdf", pdf_bytes())], keeping=4)
    assert "would have 6" in message


def test_every_refused_file_is_named_at_once():
    messages = refusal([upload("a.pdf", html_bytes()), upload("b.png", svg_bytes(), "image/png")])
    assert len(messages) == 2


def test_a_refused_file_stores_nothing_and_the_thread_is_not_started(participant, themes):
    with pytest.raises(ValidationError):
        start(
            participant,
            themes["atu"],
            [upload("ok.pdf", pdf_bytes()), upload("x.pdf", exe_bytes())],
        )
    assert not Post.objects.exists()
    assert not Attachment.objects.exists()


# Storing ----------------------------------------------------------------------------------


def test_files_are_stored_under_random_names_with_their_detected_type(participant, themes):
    thread = start(participant, themes["atu"], [upload("Case study.pdf", pdf_bytes(), "text/html")])
    [attachment] = thread.first_post.attachments.all()

    assert attachment.name == "Case study.pdf"
    assert attachment.content_type == "application/pdf"
    assert "Case" not in attachment.stored_name
    stored = Path(attachment_storage().path(attachment.stored_name))
    assert stored.read_bytes().startswith(b"%PDF-")
    assert attachment.uploaded_by == participant
    assert attachment.size == stored.stat().st_size


def test_exif_and_location_are_stripped_from_the_stored_photo_and_its_thumbnail(
    participant, themes
):
    photo = jpeg_with_gps_bytes()
    assert exif_of(photo)["gps"][2] == GPS_LATITUDE  # the test photo does carry a position

    thread = start(participant, themes["atu"], [upload("market.jpg", photo, "image/jpeg")])
    [attachment] = thread.first_post.attachments.all()
    storage = attachment_storage()
    with storage.open(attachment.stored_name) as stored:
        original = stored.read()
    with storage.open(attachment.thumbnail_name) as stored:
        thumbnail = stored.read()

    for content in (original, thumbnail):
        assert exif_of(content) == {"base": {}, "gps": {}}
        assert b"PhoneCam" not in content
    with Image.open(io.BytesIO(original)) as image:
        assert image.size == (800, 600)
    with Image.open(io.BytesIO(thumbnail)) as image:
        assert image.size == (320, 240)
    assert (attachment.thumbnail_width, attachment.thumbnail_height) == (320, 240)
    assert attachment.text_status == Attachment.Text.NOT_APPLICABLE


def test_a_photo_stands_the_way_its_camera_said_once_the_tag_is_gone(participant, themes):
    image = Image.new("RGB", (60, 20), (0, 0, 0))
    exif = image.getexif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    [ready] = attachments.check_uploads([upload("side.jpg", out.getvalue(), "image/jpeg")])

    with Image.open(io.BytesIO(ready.content)) as stored:
        assert stored.size == (20, 60)
        assert not stored.getexif()


# Text for search --------------------------------------------------------------------------


def test_the_text_of_a_pdf_and_a_docx_is_extracted_and_found_by_search(
    participant, atu_moderator, themes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = start(
            participant,
            themes["atu"],
            [upload("memo.pdf", pdf_bytes()), upload("curriculum.docx", docx_bytes())],
        )
    pdf, docx = thread.first_post.attachments.order_by("pk")

    assert pdf.text_status == docx.text_status == Attachment.Text.EXTRACTED
    assert "youth council" in pdf.text
    assert DOCX_TEXT in docx.text and "Trust building" in docx.text
    for words in ("youth council memorandum", "neighbourhood officers curriculum"):
        found = search_page(user=atu_moderator, query=words).object_list
        assert [hit.source_id for hit in found] == [thread.first_post.pk], words


def test_a_file_that_cannot_be_parsed_is_kept_and_marked(
    participant, themes, django_capture_on_commit_callbacks
):
    broken = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage without an end"
    with django_capture_on_commit_callbacks(execute=True):
        thread = start(participant, themes["atu"], [upload("broken.pdf", broken)])
    [attachment] = thread.first_post.attachments.all()

    assert attachment.text_status == Attachment.Text.FAILED
    assert attachment.text == ""
    assert attachment_storage().exists(attachment.stored_name)


def test_extraction_stops_at_its_size_cap():
    text = extraction.extract_text(io.BytesIO(docx_bytes()), _docx_type(), characters=12)
    assert len(text) <= 12


def test_extraction_stops_at_its_time_cap():
    text = extraction.extract_text(io.BytesIO(pdf_bytes()), _pdf_type(), seconds=0)
    # The first page is read, then the time is up: nothing more is asked of the parser.
    assert PDF_TEXT.split()[0] in text


def test_extracting_twice_changes_nothing(participant, themes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        thread = start(participant, themes["atu"], [upload("memo.pdf", pdf_bytes())])
    [attachment] = thread.first_post.attachments.all()
    assert attachments.extract_attachment_text(attachment_id=attachment.pk) == "extracted"
    assert attachments.extract_attachment_text(attachment_id=0) == ""


def _pdf_type():
    from forum.attachments.detection import PDF

    return PDF


def _docx_type():
    from forum.attachments.detection import DOCX

    return DOCX


# Editing and the history ------------------------------------------------------------------


def test_editing_adds_and_removes_files_and_the_history_says_which(
    participant, themes, django_capture_on_commit_callbacks
):
    from forum import selectors

    thread = start(participant, themes["atu"], [upload("first.pdf", pdf_bytes())])
    post = thread.first_post
    [first] = post.attachments.all()

    with django_capture_on_commit_callbacks(execute=True):
        services.edit_post(
            editor=participant,
            post=post,
            body=post.body,
            kind=post.kind,
            files=[upload("second.png", png_bytes(), "image/png")],
            remove_files=[first.pk],
        )

    assert [a.name for a in post.attachments.all()] == ["second.png"]
    assert not attachment_storage().exists(first.stored_name)
    versions = selectors.post_revisions(Post.objects.get(pk=post.pk))
    assert [c.name for c in versions[0].files_added] == ["first.pdf"]
    assert [c.name for c in versions[1].files_added] == ["second.png"]
    assert [c.name for c in versions[1].files_removed] == ["first.pdf"]


def test_an_edit_may_not_go_past_five_files(participant, themes):
    pdf = pdf_bytes()
    thread = start(participant, themes["atu"], [upload(f"{i}.pdf", pdf) for i in range(4)])
    post = thread.first_post

    with pytest.raises(ValidationError) as caught:
        services.edit_post(
            editor=participant,
            post=post,
            body="New text",
            kind=post.kind,
            files=[upload("5.pdf", pdf), upload("6.pdf", pdf)],
        )
    assert "files" in caught.value.message_dict
    post.refresh_from_db()
    assert post.body == "Text." and post.attachments.count() == 4


def test_files_of_another_post_cannot_be_removed_through_an_edit(participant, themes):
    other = start(participant, themes["atu"], [upload("other.pdf", pdf_bytes())], title="Other")
    thread = start(participant, themes["atu"], [])
    post = thread.first_post
    services.edit_post(
        editor=participant,
        post=post,
        body="Changed",
        kind=post.kind,
        remove_files=[other.first_post.attachments.get().pk],
    )
    assert other.first_post.attachments.count() == 1


# Deleting ---------------------------------------------------------------------------------


def test_deleting_a_posts_files_removes_them_from_storage(
    participant, themes, django_capture_on_commit_callbacks
):
    thread = start(participant, themes["atu"], [upload("photo.png", png_bytes(), "image/png")])
    [attachment] = thread.first_post.attachments.all()
    storage = attachment_storage()
    assert storage.exists(attachment.stored_name) and storage.exists(attachment.thumbnail_name)

    with django_capture_on_commit_callbacks(execute=True):
        assert attachments.delete_post_files(thread.first_post) == 1

    assert not storage.exists(attachment.stored_name)
    assert not storage.exists(attachment.thumbnail_name)
    assert not Attachment.objects.exists()


def test_deleting_a_persons_files_takes_those_on_every_post_they_wrote(
    participant, themes, django_capture_on_commit_callbacks
):
    start(participant, themes["atu"], [upload("a.pdf", pdf_bytes())], title="One")
    start(participant, themes["spmu"], [upload("b.pdf", pdf_bytes())], title="Two")
    someone_else = ThreadFactory(theme=themes["atu"])
    attachments.store_uploads(
        actor=someone_else.author,
        post=someone_else.first_post,
        uploads=attachments.check_uploads([upload("c.pdf", pdf_bytes())]),
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert attachments.delete_user_files(participant) == 2
    assert [a.name for a in Attachment.objects.all()] == ["c.pdf"]


def test_clean_attachments_deletes_only_old_files_without_a_row(participant, themes):
    import os
    import time

    from django.core.management import call_command

    thread = start(participant, themes["atu"], [upload("kept.pdf", pdf_bytes())])
    kept = thread.first_post.attachments.get()
    storage = attachment_storage()
    old_orphan = storage.save("ab/orphan.pdf", io.BytesIO(b"%PDF-1.4"))
    young_orphan = storage.save("ab/young.pdf", io.BytesIO(b"%PDF-1.4"))
    two_hours_ago = time.time() - 7200
    for name in (old_orphan, kept.stored_name):
        os.utime(storage.path(name), (two_hours_ago, two_hours_ago))

    out = io.StringIO()
    call_command("clean_attachments", "--dry-run", stdout=out)
    assert out.getvalue().splitlines() == [old_orphan, "1 files would be deleted"]
    assert storage.exists(old_orphan)

    call_command("clean_attachments", stdout=io.StringIO())
    assert not storage.exists(old_orphan)
    assert storage.exists(young_orphan) and storage.exists(kept.stored_name)
