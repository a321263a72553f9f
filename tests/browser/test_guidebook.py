"""A drafter turns a tagged contribution into a cited passage, takes it through peer review
and exports it: pool → link → cite → v1 → review → comment → v2 → incorporated → PDF and HTML."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from forum.models import Post, PostTag, Tag
from guidebook.models import Chapter, Section
from guidebook.services import assign_drafter
from tests.factories import ThreadFactory, UserFactory

pytestmark = pytest.mark.browser

TRUST = "Community policing starts with trust between officers and residents."
YOUTH = "Outreach to young people works best through youth workers they already know."
TRAINING = "Officers need human rights training before any outreach role."


@pytest.fixture
def guidebook(themes, administrator, atu_moderator):
    chapter = Chapter.objects.create(number=1, title="Key concepts")
    Section.objects.create(chapter=chapter, order=1, title="Definitions")
    drafter = UserFactory(username="dora", display_name="Dora Drafter")
    assign_drafter(actor=administrator, chapter=chapter, user=drafter)
    youth = Tag.objects.create(facet=Tag.Facet.TOPIC, name="Youth outreach", slug="youth")
    author = UserFactory(display_name="Nadia Nur", organisation="Community Forum")

    def accepted(title, body, tag=None):
        thread = ThreadFactory(
            theme=themes["atu"],
            title=title,
            author=author,
            opening__body=body,
            opening__kind=Post.Kind.GOOD_PRACTICE,
            opening__accepted_for_guidebook=True,
        )
        post = thread.first_post
        if tag:
            PostTag.objects.create(post=post, tag=tag, applied_by=atu_moderator)
        return post

    tagged = accepted("Youth workers as bridges", "Youth workers introduced officers.", youth)
    other = accepted("Neighbourhood meetings", "Monthly meetings built trust.")
    return {"chapter": chapter, "drafter": drafter, "tagged": tagged, "other": other}


def test_drafter_takes_a_contribution_from_pool_to_export(
    page, live_server, sign_in, guidebook, participant
):
    drafter, tagged, other = guidebook["drafter"], guidebook["tagged"], guidebook["other"]
    url = live_server.url

    # The pool, filtered by a tag, shows only the contribution carrying it.
    sign_in(drafter)
    page.goto(url + reverse("guidebook:pool"))
    page.get_by_label("Youth outreach (topic)").check()
    page.get_by_role("button", name="Apply filters").click()
    headings = page.get_by_role("heading", level=2)
    expect(headings.filter(has_text=f"#{tagged.pk} · Youth workers as bridges")).to_be_visible()
    expect(headings.filter(has_text=f"#{other.pk} · Neighbourhood meetings")).to_have_count(0)

    # Link it to the chapter with a note.
    item = page.locator(".pool-item", has=page.get_by_text(f"#{tagged.pk} ·"))
    item.get_by_label("Link to").select_option(label="Chapter 1 (whole chapter)")
    item.get_by_label("Note for drafters (optional)").fill("Good example for 1.1")
    item.get_by_role("button", name=f"Link #{tagged.pk}").click()
    expect(page.get_by_text(f"Post #{tagged.pk} linked to")).to_be_visible()

    # Cite it in the draft, in the second paragraph.
    page.goto(url + reverse("guidebook:draft_edit", args=[1]))
    page.get_by_label("Chapter text").fill(f"{TRUST}\n\n{YOUTH} [[post:{tagged.pk}]]\n\n{TRAINING}")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    expect(page.locator(".preview sup.cite a")).to_have_text("1")

    # Publish version 1 and open it for review by all verified participants.
    page.get_by_role("link", name="Publish as a new version").click()
    page.get_by_role("button", name="Publish version 1").click()
    expect(page.get_by_text("Version 1 published.")).to_be_visible()
    page.get_by_role("link", name="Open this version for review").click()
    ends = (timezone.now() + datetime.timedelta(days=14)).date().isoformat()
    page.get_by_label("Review ends on").fill(ends)
    page.get_by_label("All verified participants").check()
    page.get_by_role("button", name="Open for review").click()
    expect(page.get_by_text("Version 1 is open for review.")).to_be_visible()

    # A participant comments on paragraph 2.
    sign_in(participant)
    page.goto(url + reverse("guidebook:version_detail", args=[1, 1]))
    page.get_by_role("link", name="Comment on this paragraph 2").click()
    page.get_by_label("Your comment").fill("Which youth workers? Say how they were chosen.")
    page.get_by_role("button", name="Add comment").click()
    expect(page.get_by_text("Your comment has been added.")).to_be_visible()
    expect(page.get_by_role("link", name="Paragraph 2", exact=True).last).to_be_visible()

    # The drafter edits paragraph 1 and publishes version 2: the comment comes along.
    sign_in(drafter)
    page.goto(url + reverse("guidebook:draft_edit", args=[1]))
    text = page.get_by_label("Chapter text")
    text.fill(text.input_value().replace(TRUST, TRUST.replace("starts", "always starts")))
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    page.get_by_role("link", name="Publish as a new version").click()
    page.get_by_role("button", name="Publish version 2").click()
    expect(page.get_by_text("Version 2 published.")).to_be_visible()
    comment = page.locator("article.review-comment", has=page.get_by_text("Which youth workers?"))
    expect(comment).to_contain_text("carried from version 1")
    expect(comment.get_by_role("link", name="Paragraph 2")).to_be_visible()

    # The drafter records that it was incorporated.
    comment.get_by_text("Answer", exact=True).click()
    comment.get_by_label("Outcome").select_option(label="Incorporated")
    comment.get_by_label("Answer or reason").fill("Paragraph 2 now names the programme.")
    comment.get_by_role("button", name="Save answer").click()
    expect(page.get_by_text("Answer saved: Incorporated.")).to_be_visible()
    expect(page.locator("article.review-comment .post__status-note")).to_contain_text(
        "Incorporated · answered by Dora Drafter"
    )

    # Export: the print-ready HTML carries the citation and the annex, the PDF downloads.
    page.goto(url + reverse("guidebook:chapter_detail", args=[1]))
    html = page.request.get(url + reverse("guidebook:export_chapter", args=[1]))
    assert html.ok
    body = html.text()
    assert 'href="#c1-note-1" id="c1-cite-1">1</a>' in body
    assert "“Youth workers as bridges”, Nadia Nur, Community Forum</dt>" in body
    assert "Version 2" in body
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF").click()
    download = download_info.value
    assert download.suggested_filename == "guidebook-chapter-1.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    whole = page.request.get(url + reverse("guidebook:export_guidebook_pdf"))
    assert whole.headers["content-type"] == "application/pdf"
    assert whole.body().startswith(b"%PDF-")
