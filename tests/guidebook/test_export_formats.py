"""What a publications office receives: the tagged PDF (read back with pypdf) and the DOCX
(read back with python-docx), and who may download each."""

import io
import re
import shutil
import subprocess

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from guidebook.export.docx import CONTENT_TYPE as DOCX_TYPE
from guidebook.export.html import chapter_export, guidebook_export, render_export_html
from guidebook.export.pdf import render_document, write_pdf
from guidebook.models import Chapter
from guidebook.selectors import chapters_for_export
from guidebook.services import assign_drafter, link_contribution, publish_version, save_draft
from tests.conftest import KINDS

SITE = "https://consultation.example.org"
TITLE = (
    "Preventing Terrorism and Countering Violent Extremism and Radicalization that Lead to "
    "Terrorism: a Community Policing Approach"
)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def guidebook(chapters, drafter, administrator, consenting_posts):
    """Chapters 1 and 2 published (chapter 1 with a heading, emphasis and a link), citing a
    named and an anonymous contributor; chapter 3 never published."""
    assign_drafter(actor=administrator, chapter=chapters["two"], user=drafter)
    unpublished = Chapter.objects.create(number=3, title="Human rights and gender equality")
    named, hidden = consenting_posts["named"], consenting_posts["hidden"]
    for chapter in (chapters["one"], chapters["two"]):
        link_contribution(actor=drafter, post=named, chapter=chapter)
    link_contribution(actor=drafter, post=hidden, chapter=chapters["one"])
    save_draft(
        actor=drafter,
        chapter=chapters["one"],
        text=(
            "## Terrorism\n\n"
            f"Police work is **local** and *patient* [[post:{hidden.pk}]].\n\n"
            f"See [the manual](https://example.org/manual) [[post:{named.pk}]]."
        ),
        base_version=0,
    )
    two = f"Benefits [[post:{named.pk}]]."
    save_draft(actor=drafter, chapter=chapters["two"], text=two, base_version=0)
    save_draft(
        actor=administrator, chapter=unpublished, text="Unpublished working text.", base_version=0
    )
    publish_version(actor=drafter, chapter=chapters["one"])
    publish_version(actor=drafter, chapter=chapters["two"])
    return {"named": named, "hidden": hidden, "unpublished": unpublished}


def pdf_of(export) -> PdfReader:
    html, _key = render_export_html(export, site=SITE)
    return PdfReader(io.BytesIO(write_pdf(render_document(html, site=SITE))))


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


# PDF --------------------------------------------------------------------------------------


def test_guidebook_pdf_is_tagged_with_title_language_and_a_bookmark_per_chapter(guidebook):
    reader = pdf_of(guidebook_export(list(chapters_for_export())))
    catalog = reader.trailer["/Root"]
    assert reader.metadata.title == TITLE
    assert catalog["/Lang"] == "en"
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog
    bookmarks = [item["/Title"] for item in reader.outline]
    assert bookmarks == [
        "Contents",
        "1. Key concepts",
        "2. Benefits, risks and limits",
        "Annex: contributions cited",
    ]
    # Each chapter's bookmark leads to the page it starts on.
    pages = [reader.get_destination_page_number(item) for item in reader.outline]
    assert pages == sorted(pages) and len(set(pages)) == len(pages)


def test_guidebook_pdf_cover_contents_and_body(guidebook):
    reader = pdf_of(guidebook_export(list(chapters_for_export())))
    cover = " ".join(reader.pages[0].extract_text().split())
    assert TITLE in cover
    assert "A guidebook drawn from the OSCE online expert consultation" in cover
    for unit in ("TNT/ATU", "TNT/SPMU", "ODIHR"):
        assert unit in cover
    assert "Draft for consultation" in cover
    assert "Text as published on" in cover
    contents = reader.pages[1].extract_text()
    assert "1. Key concepts" in contents
    assert "1. 1." not in contents
    assert "3. Human rights and gender equality (in preparation)" in contents
    text = text_of(reader)
    assert "Police work is" in text
    assert "Unpublished working text." not in text
    # Cover, contents, two chapters and the annex: the unpublished chapter has no page.
    assert len(reader.pages) == 5
    # The page numbers the contents give are those the chapters start on.
    start = {o["/Title"]: reader.get_destination_page_number(o) + 1 for o in reader.outline}
    line = next(line for line in contents.splitlines() if line.startswith("1. Key concepts"))
    assert line.rstrip().endswith(f" {start['1. Key concepts']}")


def test_pdfinfo_reports_the_pdf_tagged_with_its_title(guidebook, tmp_path):
    """What the publications office's own tools say, not only what pypdf reads back."""
    html, _key = render_export_html(guidebook_export(list(chapters_for_export())), site=SITE)
    path = tmp_path / "guidebook.pdf"
    path.write_bytes(write_pdf(render_document(html, site=SITE)))
    info = subprocess.run(
        [shutil.which("pdfinfo") or pytest.skip("pdfinfo is not installed"), str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Tagged"].strip() == "yes"
    assert " ".join(fields["Title"].split()) == TITLE
    assert fields["Pages"].strip() == "5"


def headings_of(html: str) -> list[tuple[int, str]]:
    return [
        (int(level), re.sub(r"<[^>]+>", "", text).strip())
        for level, text in re.findall(r"<h([1-6])\b[^>]*>(.*?)</h\1>", html, re.S)
    ]


def assert_no_skipped_level(headings: list[tuple[int, str]]) -> None:
    previous = 0
    for level, text in headings:
        assert level <= previous + 1, f"{text!r} skips from h{previous} to h{level}"
        previous = level


def test_a_drafts_headings_sit_under_the_chapter_title_on_the_page_and_in_the_export(
    client, guidebook
):
    """Chapter 1's draft writes `## Terrorism`: its shallowest heading, so one level under
    the chapter's title wherever the chapter is shown."""
    page = client.get(reverse("guidebook:version_detail", args=[1, 1])).content.decode()
    main = page.split('<main id="main"', 1)[1]
    headings = headings_of(main)
    assert headings[0] == (1, "Chapter 1: Key concepts")
    assert (2, "Terrorism") in headings
    assert_no_skipped_level(headings)
    html = client.get(reverse("guidebook:export_guidebook")).content.decode()
    headings = headings_of(html)
    assert (2, "1. Key concepts") in headings and (3, "Terrorism") in headings
    assert_no_skipped_level(headings)


def test_pdf_annex_permalinks_use_the_site_address(guidebook):
    reader = pdf_of(guidebook_export(list(chapters_for_export())))
    uris = [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/URI" in annotation.get_object().get("/A", {})
    ]
    annex = [uri for uri in uris if "/posts/" in uri]
    assert annex
    assert all(uri.startswith(f"{SITE}/posts/") for uri in annex)
    text = text_of(reader)
    assert f"{SITE}/posts/{guidebook['named'].pk}/" in text.replace("\n", "")
    # The annex names each contribution by its thread's title and its author's credit.
    flat = " ".join(text.split())
    assert f"“{guidebook['named'].thread.title}”, Nadia Nur, Community Forum" in flat
    assert "Contribution #" not in flat
    assert "127.0.0.1" not in "".join(uris) and "testserver" not in "".join(uris)


def test_pdf_says_final_when_every_chapter_is_final(guidebook, chapters):
    Chapter.objects.filter(pk=chapters["one"].pk).update(state=Chapter.State.FINAL)
    reader = pdf_of(chapter_export(chapters_for_export().get(number=1)))
    cover = " ".join(reader.pages[0].extract_text().split())
    assert "Final text" in cover and "Draft for consultation" not in cover
    assert "Chapter 1: Key concepts" in cover
    assert reader.metadata.title == "Chapter 1: Key concepts"


def test_stored_pdf_is_the_tagged_one(client, guidebook, django_capture_on_commit_callbacks):
    url = reverse("guidebook:export_chapter_pdf", args=[1])
    with django_capture_on_commit_callbacks(execute=True):
        client.get(url)
    reader = PdfReader(io.BytesIO(client.get(url).content))
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"].value is True
    assert reader.metadata.title == "Chapter 1: Key concepts"


def test_the_status_is_part_of_the_stored_pdfs_key(guidebook, chapters):
    from guidebook.services.exports import current_key

    before = current_key(chapter_export(chapters_for_export().get(number=1)))
    Chapter.objects.filter(pk=chapters["one"].pk).update(state=Chapter.State.FINAL)
    assert current_key(chapter_export(chapters_for_export().get(number=1))) != before


# DOCX -------------------------------------------------------------------------------------


def download_docx(client, url) -> docx.document.Document:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return docx.Document(io.BytesIO(response.content))


def paragraphs(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def test_guidebook_docx_has_word_headings_notes_and_the_annex(client, guidebook):
    document = download_docx(client, reverse("guidebook:export_docx"))
    assert document.core_properties.title == TITLE
    assert paragraphs(document, "Heading 1") == [
        "1. Key concepts",
        "2. Benefits, risks and limits",
        "Annex: contributions cited",
    ]
    assert paragraphs(document, "Heading 2") == ["Terrorism", "Notes", "Notes"]
    body = next(p for p in document.paragraphs if p.text.startswith("Police work"))
    assert body.style.name == "Normal"
    assert [r.text for r in body.runs if r.bold] == ["local"]
    assert [r.text for r in body.runs if r.italic] == ["patient"]
    assert [r.text for r in body.runs if r.font.superscript] == ["1"]
    link = next(p for p in document.paragraphs if p.text.startswith("See "))
    assert "the manual (https://example.org/manual)" in link.text
    text = "\n".join(p.text for p in document.paragraphs)
    assert "1. A participant (Government), " in text  # chapter 1's first note
    assert f"{SITE}/posts/{guidebook['named'].pk}/" in text
    # Notes name each contribution by its thread's title, not by its number.
    title = guidebook["named"].thread.title
    assert "Nadia Nur, Community Forum, " in text
    assert f"“{title}” ({SITE}/posts/{guidebook['named'].pk}/)" in text
    assert "contribution #" not in text.lower()
    assert "3. Human rights and gender equality (in preparation)" in text
    assert "Unpublished working text." not in text
    assert "Draft for consultation" in text and "TNT/SPMU" in text


def test_docx_annex_table_attributes_as_each_author_chose(client, guidebook):
    document = download_docx(client, reverse("guidebook:export_docx"))
    [table] = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == [
        "Note",
        "Contribution",
        "Author (as attributed)",
        "Kind",
        "Theme",
        "Permalink",
    ]
    by_post = {row[5]: row for row in rows[1:]}
    named = by_post[f"{SITE}/posts/{guidebook['named'].pk}/"]
    hidden = by_post[f"{SITE}/posts/{guidebook['hidden'].pk}/"]
    assert named[0] == "1.2, 2.1"
    assert named[2] == "Nadia Nur, Community Forum"
    assert named[4] == "Working with young people"
    assert hidden[2] == "A participant (Government)"
    # Named by thread title, never by number.
    assert named[1] == guidebook["named"].thread.title
    assert hidden[1] == guidebook["hidden"].thread.title
    assert "Contribution #" not in str(rows)
    everything = "\n".join(p.text for p in document.paragraphs) + str(rows)
    assert "Secret Person" not in everything and "Hidden Org" not in everything


def test_chapter_docx_has_only_that_chapter(client, guidebook):
    document = download_docx(client, reverse("guidebook:chapter_export_docx", args=[2]))
    assert document.core_properties.title == "Chapter 2: Benefits, risks and limits"
    assert paragraphs(document, "Heading 1") == [
        "2. Benefits, risks and limits",
        "Annex: contributions cited",
    ]
    [table] = document.tables
    assert len(table.rows) == 2  # the header and the one contribution chapter 2 cites


# Who may download -------------------------------------------------------------------------


@pytest.mark.parametrize("who", KINDS)
def test_everyone_may_download_the_published_guidebook_in_every_format(
    client_for, guidebook, who, django_capture_on_commit_callbacks
):
    """Published text is public: the DOCX follows the HTML and PDF exports."""
    client = client_for(who)
    for name in ("export_guidebook", "export_docx"):
        assert client.get(reverse(f"guidebook:{name}")).status_code == 200
    for name in ("export_chapter", "chapter_export_docx"):
        assert client.get(reverse(f"guidebook:{name}", args=[1])).status_code == 200
        assert client.get(reverse(f"guidebook:{name}", args=[99])).status_code == 404
    with django_capture_on_commit_callbacks(execute=False):
        assert client.get(reverse("guidebook:export_chapter_pdf", args=[1])).status_code == 202
