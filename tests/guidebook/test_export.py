import csv
import io
import socket

import pytest
from django.urls import reverse

from accounts.models import Attribution, StakeholderGroup
from guidebook.pdf import RefusedURL, StaticFilesFetcher, html_to_pdf, render_document
from guidebook.services import (
    add_comment,
    assign_drafter,
    link_contribution,
    open_review,
    publish_version,
    record_comment_outcome,
    record_link_outcome,
    reply_to_comment,
    respond_to_comment,
    save_draft,
)
from tests.factories import UserFactory


@pytest.fixture
def published(chapters, drafter, administrator, accepted_post, themes):
    """Chapters 1 and 2 published, each citing contributions with different consents."""
    assign_drafter(actor=administrator, chapter=chapters["two"], user=drafter)
    named = accepted_post(
        author=UserFactory(
            display_name="Nadia Nur",
            organisation="Community Forum",
            default_attribution=Attribution.NAME_AND_ORGANISATION,
        ),
        theme=themes["odihr"],
    )
    hidden = accepted_post(
        author=UserFactory(
            display_name="Secret Person",
            organisation="Hidden Org",
            stakeholder_group=StakeholderGroup.GOVERNMENT,
            default_attribution=Attribution.ANONYMOUS,
        )
    )
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


def test_chapter_export_has_numbered_notes_and_annex(client, published):
    html = client.get(reverse("guidebook:export_chapter", args=[1])).content.decode()
    assert 'href="#c1-note-1" id="c1-cite-1">1</a>' in html
    assert 'href="#c1-note-2" id="c1-cite-2">2</a>' in html
    assert "Annex: contributions cited" in html
    assert f"Contribution #{published['named'].pk}: Nadia Nur, Community Forum" in html
    assert f"Contribution #{published['hidden'].pk}: A participant (Government)" in html
    assert "Secret Person" not in html and "Hidden Org" not in html
    assert f"http://testserver/posts/{published['named'].pk}/" in html
    assert "Working with young people" in html  # the theme


def test_guidebook_export_keeps_notes_of_chapters_apart(client, published):
    html = client.get(reverse("guidebook:export_guidebook")).content.decode()
    assert 'id="c1-note-1"' in html and 'id="c2-note-1"' in html
    assert 'id="note-1"' not in html
    assert 'id="c1-notes-heading"' in html and 'aria-labelledby="c2-notes-heading"' in html
    assert html.count(f"Contribution #{published['named'].pk}:") == 1  # once in the annex
    assert "cited in chapters 1, 2" in html
    assert '<nav class="toc"' in html


def test_links_csv_for_drafters_with_outcomes(client_for, drafter, published, chapters):
    link = published["named"].guidebook_links.get(chapter=chapters["one"])
    record_link_outcome(actor=drafter, link=link, outcome="incorporated", reason="-used")
    url = reverse("guidebook:export_links")
    assert client_for("participant").get(url).status_code == 403
    response = client_for("administrator").get(url)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 3
    row = next(r for r in rows if r["post"] == str(link.post_id) and r["chapter"] == "1")
    assert row["outcome"] == "Incorporated"
    assert row["outcome_reason"] == "'-used"  # never a formula in a spreadsheet
    assert row["note"] == "'=SUM(A1)"


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
    respond_to_comment(actor=drafter, comment=comment, status="addressed", response="Done.")
    record_comment_outcome(actor=drafter, comment=comment, outcome="partly", reason="In 1.2")

    url = reverse("guidebook:export_comments")
    assert client_for("anonymous").get(url).status_code == 302
    assert client_for("participant").get(url).status_code == 403
    response = client_for("administrator").get(url)
    assert response["Content-Type"].startswith("text/csv")
    assert "review-comments.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    row = rows[0]
    assert (row["chapter"], row["version"], row["paragraph"]) == ("1", "1", str(para))
    assert row["permalink"].endswith(f"{version.get_absolute_url()}#comment-{comment.pk}")
    assert row["comment_text"] == "'=Cite more"  # never a formula in a spreadsheet
    assert (row["status"], row["response"]) == ("Addressed", "Done.")
    assert (row["outcome"], row["outcome_reason"]) == ("Partly incorporated", "In 1.2")


# PDF --------------------------------------------------------------------------------------


def test_chapter_pdf_is_an_attachment_made_from_the_print_html(client, published):
    response = client.get(reverse("guidebook:export_chapter_pdf", args=[1]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="guidebook-chapter-1.pdf"'
    assert response.content.startswith(b"%PDF-")
    assert response.content.rstrip().endswith(b"%%EOF")


def test_guidebook_pdf_has_a_page_per_chapter_and_the_annex(client, published, chapters):
    response = client.get(reverse("guidebook:export_guidebook_pdf"))
    assert response["Content-Disposition"] == 'attachment; filename="guidebook.pdf"'
    assert response.content.startswith(b"%PDF-")
    # The HTML the PDF is made from: numbered notes of both chapters and the annex.
    html = client.get(reverse("guidebook:export_guidebook")).content.decode()
    assert 'href="#c1-note-2" id="c1-cite-2">2</a>' in html
    assert 'href="#c2-note-1" id="c2-cite-1">1</a>' in html
    assert f"Contribution #{published['hidden'].pk}: A participant (Government)" in html
    document = render_document(html, site="http://testserver")
    # Title page with the contents, chapter 1, chapter 2, the annex: each starts a page.
    assert len(document.pages) == 4
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
    assert f"text as published on {version.published_at:%-d %B %Y}" in html


def test_pdf_of_an_unknown_chapter_is_404(client, chapters):
    assert client.get(reverse("guidebook:export_chapter_pdf", args=[99])).status_code == 404


def test_pdf_fetcher_reads_only_this_sites_static_files():
    fetcher = StaticFilesFetcher(site="http://testserver")
    css = fetcher.local_path("http://testserver/static/css/site.css")
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
        assert fetcher.local_path(url) is None, url
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
    pdf = html_to_pdf(html, site="http://testserver")
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
        return list(csv.DictReader(io.StringIO(response.content.decode())))

    assert [r["comment_text"] for r in rows(drafter)] == ["Invited view."]
    assert rows(other_drafter) == []
