import csv
import io
import socket

import pytest
from django.urls import reverse
from django.utils.html import escape

from common.csv import BOM
from guidebook.export.pdf import (
    RefusedURL,
    StaticFiles,
    render_document,
    static_files_fetcher,
)
from guidebook.services import (
    add_comment,
    assign_drafter,
    link_contribution,
    open_review,
    publish_version,
    record_comment_outcome,
    record_link_outcome,
    reply_to_comment,
    save_draft,
)
from tests.factories import UserFactory


@pytest.fixture
def published(chapters, drafter, administrator, consenting_posts):
    """Chapters 1 and 2 published, each citing contributions with different consents."""
    assign_drafter(actor=administrator, chapter=chapters["two"], user=drafter)
    named, hidden = consenting_posts["named"], consenting_posts["hidden"]
    for chapter in (chapters["one"], chapters["two"]):
        link_contribution(actor=drafter, post=named, chapter=chapter, note="=SUM(A1)")
    link_contribution(actor=drafter, post=hidden, chapter=chapters["one"])
    save_draft(
        actor=drafter,
        chapter=chapters["one"],
        text=f"First [[post:{hidden.pk}]].\n\nSecond [[post:{named.pk}]].",
        base_version=0,
    )
    save_draft(
        actor=drafter, chapter=chapters["two"], text=f"Only [[post:{named.pk}]].", base_version=0
    )
    publish_version(actor=drafter, chapter=chapters["one"])
    publish_version(actor=drafter, chapter=chapters["two"])
    return {"named": named, "hidden": hidden}


def csv_rows(response) -> list[dict]:
    """The rows of a streamed CSV download (which starts with a byte-order mark)."""
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.DictReader(io.StringIO(text.removeprefix(BOM))))


def test_chapter_export_has_numbered_notes_and_annex(client, published, settings):
    settings.SITE_URL = "https://consultation.example.org"
    html = client.get(reverse("guidebook:export_chapter", args=[1])).content.decode()
    assert 'href="#c1-note-1" id="c1-cite-1">1</a>' in html
    assert 'href="#c1-note-2" id="c1-cite-2">2</a>' in html
    assert "Annex: contributions cited" in html
    # Named by thread title and credited as each author chose, never by number.
    named_title = escape(published["named"].thread.title)
    hidden_title = escape(published["hidden"].thread.title)
    assert f"“{named_title}”, Nadia Nur, Community Forum</dt>" in html
    assert f"“{hidden_title}”, A participant (Government)</dt>" in html
    assert "Contribution #" not in html
    assert "Secret Person" not in html and "Hidden Org" not in html
    # Against the site's public address, never the host the request came through.
    assert f"https://consultation.example.org/posts/{published['named'].pk}/" in html
    assert "testserver" not in html
    assert "Working with young people" in html  # the theme


def test_guidebook_export_keeps_notes_of_chapters_apart(client, published):
    html = client.get(reverse("guidebook:export_guidebook")).content.decode()
    assert 'id="c1-note-1"' in html and 'id="c2-note-1"' in html
    assert 'id="note-1"' not in html
    assert 'id="c1-notes-heading"' in html and 'aria-labelledby="c2-notes-heading"' in html
    assert html.count(f'<dt id="annex-{published["named"].pk}">') == 1  # once in the annex
    assert "cited in chapters 1, 2" in html
    assert '<nav class="toc"' in html


def test_links_csv_for_drafters_with_outcomes(client_for, drafter, published, chapters):
    link = published["named"].guidebook_links.get(chapter=chapters["one"])
    record_link_outcome(actor=drafter, link=link, outcome="incorporated", reason="-used")
    url = reverse("guidebook:export_links")
    assert client_for("participant").get(url).status_code == 403
    response = client_for("administrator").get(url)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv_rows(response))
    assert len(rows) == 3
    row = next(r for r in rows if r["post"] == str(link.post_id) and r["chapter"] == "1")
    assert row["outcome"] == "Incorporated"
    assert row["outcome_reason"] == "'-used"  # never a formula in a spreadsheet
    assert row["note"] == "'=SUM(A1)"


def test_links_csv_guards_names_and_titles_too(
    client_for, administrator, accepted_post, chapters, themes
):
    """The drafter's display name and the theme title are typed by people as well."""
    themes["atu"].title = "@Risky theme"
    themes["atu"].save()
    drafter = UserFactory(display_name='=HYPERLINK("http://x")')
    assign_drafter(actor=administrator, chapter=chapters["one"], user=drafter)
    link_contribution(actor=drafter, post=accepted_post(), chapter=chapters["one"])
    response = client_for("administrator").get(reverse("guidebook:export_links"))
    [row] = csv_rows(response)
    assert row["linked_by"] == '\'=HYPERLINK("http://x")'
    assert row["theme"] == "'@Risky theme"


def test_review_comments_csv_lists_each_comment_with_its_answer_and_outcome(
    client_for, drafter, participant, published, chapters
):
    from datetime import timedelta

    from django.utils import timezone

    from guidebook.models import ReviewRound

    version = chapters["one"].versions.get(number=1)
    open_review(
        actor=drafter,
        version=version,
        ends_at=timezone.now() + timedelta(days=7),
        audience=ReviewRound.Audience.VERIFIED,
    )
    para = version.paragraphs[1]["id"]
    comment = add_comment(actor=participant, version=version, para_id=para, body="=Cite more")
    reply_to_comment(actor=drafter, comment=comment, body="A reply, not a row of its own.")
    record_comment_outcome(actor=drafter, comment=comment, outcome="partly", reason="In 1.2")

    url = reverse("guidebook:export_comments")
    assert client_for("anonymous").get(url).status_code == 302
    assert client_for("participant").get(url).status_code == 403
    response = client_for("administrator").get(url)
    assert response["Content-Type"].startswith("text/csv")
    assert "review-comments.csv" in response["Content-Disposition"]
    rows = list(csv_rows(response))
    assert len(rows) == 1
    row = rows[0]
    assert (row["chapter"], row["version"], row["paragraph"]) == ("1", "1", str(para))
    assert row["permalink"].endswith(f"{version.get_absolute_url()}#comment-{comment.pk}")
    assert row["comment_text"] == "'=Cite more"  # never a formula in a spreadsheet
    assert (row["outcome"], row["outcome_reason"]) == ("Partly incorporated", "In 1.2")


# PDF --------------------------------------------------------------------------------------


@pytest.fixture
def download_pdf(client, django_capture_on_commit_callbacks):
    """download_pdf(url) → the PDF: the first request queues its render (the publication's
    tasks did not run here), which the in-process tasks backend runs on commit."""

    def get(url):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.get(url).status_code == 202
        return client.get(url)

    return get


def test_chapter_pdf_is_an_attachment_made_from_the_print_html(download_pdf, published):
    response = download_pdf(reverse("guidebook:export_chapter_pdf", args=[1]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="guidebook-chapter-1.pdf"'
    assert response.content.startswith(b"%PDF-")
    assert response.content.rstrip().endswith(b"%%EOF")


def test_guidebook_pdf_has_a_page_per_chapter_and_the_annex(
    client, download_pdf, published, chapters
):
    response = download_pdf(reverse("guidebook:export_guidebook_pdf"))
    assert response["Content-Disposition"] == 'attachment; filename="guidebook.pdf"'
    assert response.content.startswith(b"%PDF-")
    # The HTML the PDF is made from: numbered notes of both chapters and the annex.
    html = client.get(reverse("guidebook:export_guidebook")).content.decode()
    assert 'href="#c1-note-2" id="c1-cite-2">2</a>' in html
    assert 'href="#c2-note-1" id="c2-cite-1">1</a>' in html
    assert f"“{escape(published['hidden'].thread.title)}”, A participant (Government)" in html
    document = render_document(html, site="http://testserver")
    # Cover, contents, chapter 1, chapter 2, the annex: each starts a page.
    assert len(document.pages) == 5
    anchors = {name for page in document.pages for name in page.anchors}
    assert {"chapter-1", "chapter-2", "annex", "c1-note-1", "c2-note-1"} <= anchors
    assert f"annex-{published['named'].pk}" in anchors


def test_print_stylesheet_sets_a4_page_numbers_and_page_breaks(client, published, chapters):
    html = client.get(reverse("guidebook:export_chapter", args=[1])).content.decode()
    assert "size: A4" in html
    assert "counter(page)" in html
    assert ".chapter { break-before: page; }" in html
    # Dated by the newest published text, so the same versions always print the same.
    version = chapters["one"].versions.get()
    assert f"Text as published on {version.published_at:%-d %B %Y}" in html


def test_pdf_of_an_unknown_chapter_is_404(client, chapters):
    assert client.get(reverse("guidebook:export_chapter_pdf", args=[99])).status_code == 404


def test_pdf_fetcher_reads_only_this_sites_static_files():
    static_files = StaticFiles(site="http://testserver")
    fetcher = static_files_fetcher(site="http://testserver")
    css = static_files.local_path("http://testserver/static/css/site.css")
    assert css is not None and css.name == "site.css"
    for url in [
        "https://example.org/static/css/site.css",
        "http://169.254.169.254/latest/meta-data/",
        "http://testserver/posts/1/",
        "http://testserver/static/../config/settings.py",
        "http://testserver/static/%2e%2e/%2e%2e/etc/passwd",
        "file:///etc/passwd",
        "data:text/plain,hello",
        "ftp://example.org/x",
    ]:
        assert static_files.local_path(url) is None, url
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)


def test_rendering_user_urls_never_opens_a_connection(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the PDF export tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    html = (
        '<link rel="stylesheet" href="https://example.org/evil.css">'
        '<style>@import url("http://example.org/more.css");'
        'body { background: url("http://10.0.0.1/x.png"); }</style>'
        '<p>Text <img src="https://example.org/tracker.png" alt=""></p>'
        '<img src="/static/css/site.css" alt="">'
    )
    pdf = render_document(html, site="http://testserver").write_pdf()
    assert pdf.startswith(b"%PDF-")


def test_review_comments_csv_keeps_invited_only_reviews_with_their_audience(
    client_for, drafter, participant, administrator, published, chapters
):
    """Another chapter's drafter may download the CSV, but not the comments of a review
    that only invited people could read."""
    from datetime import timedelta

    from django.test import Client
    from django.utils import timezone

    from guidebook.models import ReviewRound

    version = chapters["one"].versions.get(number=1)
    open_review(
        actor=drafter,
        version=version,
        ends_at=timezone.now() + timedelta(days=7),
        audience=ReviewRound.Audience.INVITED,
        emails=[participant.email],
    )
    para = version.paragraphs[0]["id"]
    add_comment(actor=participant, version=version, para_id=para, body="Invited view.")
    other_drafter = UserFactory(username="other-drafter")
    assign_drafter(actor=administrator, chapter=chapters["two"], user=other_drafter)

    def rows(user):
        client = Client()
        client.force_login(user)
        response = client.get(reverse("guidebook:export_comments"))
        assert response.status_code == 200
        return list(csv_rows(response))

    assert [r["comment_text"] for r in rows(drafter)] == ["Invited view."]
    assert rows(other_drafter) == []


def test_the_urlconf_does_not_load_weasyprint():
    """Only the process that lays out a PDF carries WeasyPrint, not every web worker."""
    import os
    import subprocess
    import sys

    from django.conf import settings

    code = (
        "import sys, django; django.setup(); "
        "from django.urls import get_resolver; get_resolver().url_patterns; "
        "import guidebook.views, guidebook.services.exports, guidebook.tasks; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'weasyprint'))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"
