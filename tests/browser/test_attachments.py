"""A document behind a case study, in a real browser, the whole way: a participant from a
government attaches a PDF to a case study, the ATU moderator opens it from the review page
and approves, an anonymous reader downloads it from the thread, and the dashboard counts
the case study in the author's stakeholder group. Screenshots of the form, the review page,
the thread and the dashboard at both widths.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import StakeholderGroup
from forum.attachments.models import Attachment
from forum.models import Post
from tests.browser.conftest import capture, new_context, sign_in_context
from tests.browser.participation_pages import (
    some_activity,  # noqa: F401 (a fixture)
    table_row,
)
from tests.forum.attachment_files import (
    attachment_root,  # noqa: F401 (a fixture)
    jpeg_with_gps_bytes,
    pdf_bytes,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("attachment_root")]

TITLE = "Memorandum between the district police and the youth council"
BODY = "We signed a memorandum of understanding; the evaluation is attached."
NARROW = {"width": 320, "height": 700}


@pytest.fixture
def pages(context, live_server):
    opened = []

    def open_as(user):
        ctx = new_context(context.browser)
        opened.append(ctx)
        if user is not None:
            sign_in_context(ctx, live_server, user)
        return ctx.new_page()

    yield open_as
    for ctx in opened:
        ctx.close()


def _downloaded(page, link) -> tuple[str, bytes]:
    with page.expect_download() as caught:
        link.click()
    download = caught.value
    with open(download.path(), "rb") as saved:
        return download.suggested_filename, saved.read()


def test_a_case_study_pdf_goes_through_review_to_a_reader_and_into_the_dashboard(
    pages,
    live_server,
    themes,
    participant,
    atu_moderator,
    settings,
    open_consultation,
    some_activity,  # noqa: F811 (the fixture imported above)
    screenshots,
):
    settings.MODERATION_MFA_EXEMPT_EMAILS = [atu_moderator.email]
    participant.stakeholder_group = StakeholderGroup.GOVERNMENT
    participant.save(update_fields=["stakeholder_group"])
    pdf = pdf_bytes()

    author = pages(participant)
    author.goto(live_server.url + themes["atu"].get_absolute_url())
    author.get_by_role("link", name=re.compile(r"start a thread", re.IGNORECASE)).click()
    author.get_by_label("Title").fill(TITLE)
    author.get_by_label("Kind").select_option(label="Case study")
    author.get_by_label("Text", exact=True).fill(BODY)
    author.get_by_label("Country or region").fill("Kyrgyzstan")
    author.get_by_label("Attach files").set_input_files(
        [
            {"name": "Evaluation 2011.pdf", "mimeType": "application/pdf", "buffer": pdf},
            {"name": "meeting.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps_bytes()},
        ]
    )
    author.get_by_role("button", name="Post thread").click()
    expect(author.get_by_role("heading", level=1)).to_have_text(TITLE)
    post = Post.objects.get(thread__title=TITLE)
    assert post.status == Post.Status.PENDING and post.kind == Post.Kind.CASE_STUDY
    assert sorted(post.attachments.values_list("name", flat=True)) == [
        "Evaluation 2011.pdf",
        "meeting.jpg",
    ]
    assert post.attachments.get(name="Evaluation 2011.pdf").text_status == "extracted"

    # The edit form lists the files attached, each with its box to remove it.
    author.goto(live_server.url + reverse("forum:post_edit", kwargs={"pk": post.pk}))
    expect(author.get_by_label("Remove Evaluation 2011.pdf")).to_be_visible()
    capture(author, screenshots, "attachments-post-form", phone=NARROW)

    moderator = pages(atu_moderator)
    moderator.goto(live_server.url + reverse("moderation:post_review", kwargs={"pk": post.pk}))
    expect(moderator.get_by_role("heading", level=1)).to_have_text(f"Review: {TITLE}")
    name, content = _downloaded(
        moderator, moderator.get_by_role("link", name="Evaluation 2011.pdf")
    )
    assert name == "Evaluation 2011.pdf" and content == pdf
    capture(moderator, screenshots, "attachments-review", phone=NARROW)
    desk = moderator.locator("form#decide")
    desk.get_by_label("Approve", exact=True).check()
    desk.get_by_role("button", name="Approve", exact=True).click()
    expect(moderator.get_by_text(re.compile(r"Approved the post"))).to_be_visible()

    reader = pages(None)
    reader.goto(live_server.url + post.thread.get_absolute_url())
    card = reader.locator(f"#post-{post.pk}")
    expect(card.get_by_role("heading", name="2 files")).to_be_visible()
    expect(card.locator(".attachment img")).to_have_count(1)
    name, content = _downloaded(reader, card.get_by_role("link", name="Evaluation 2011.pdf"))
    assert name == "Evaluation 2011.pdf" and content == pdf
    capture(reader, screenshots, "attachments-thread", phone=NARROW)

    # Before approval the same address was refused to the reader; now it is public.
    attachment = Attachment.objects.get(name="Evaluation 2011.pdf")
    other = pages(None)
    response = other.request.get(
        live_server.url + reverse("forum:attachment_download", kwargs={"pk": attachment.pk})
    )
    assert response.status == 200 and response.headers["x-content-type-options"] == "nosniff"

    # The moderator opens the dashboard from the header: the case study is counted in its
    # author's stakeholder group (government) and among the case studies.
    moderator.goto(live_server.url + reverse("forum:home"))
    moderator.get_by_role("link", name="Dashboard").click()
    expect(moderator.get_by_role("heading", level=1)).to_have_text("Participation dashboard")
    expect(moderator.get_by_text(re.compile(r"Figures as of"))).to_be_visible()
    government = table_row(moderator, "By stakeholder group", "Government")
    expect(government.get_by_role("cell").nth(0)).to_have_text("1")
    case_studies = table_row(moderator, "By kind of contribution", "Case study")
    expect(case_studies.get_by_role("cell").nth(0)).to_have_text("1")
    civil_society = table_row(moderator, "By stakeholder group", "Civil society")
    expect(civil_society.get_by_role("cell").nth(0)).to_have_text("12")
    # Twelve people over three countries: four in each, every one hidden.
    expect(table_row(moderator, "By country", "Georgia")).to_contain_text("fewer than 5")
    expect(moderator.locator("svg.chart").first).to_be_visible()
    capture(moderator, screenshots, "participation-dashboard", phone=NARROW)


def test_a_pending_file_is_not_found_by_a_reader(
    pages, live_server, themes, participant, open_consultation
):
    from forum import services
    from tests.forum.attachment_files import upload

    thread = services.start_thread(
        author=participant,
        theme=themes["atu"],
        title=TITLE,
        kind=Post.Kind.CASE_STUDY,
        body=BODY,
        files=[upload("evaluation.pdf", pdf_bytes())],
    )
    attachment = thread.first_post.attachments.get()
    reader = pages(None)
    response = reader.request.get(
        live_server.url + reverse("forum:attachment_download", kwargs={"pk": attachment.pk})
    )
    assert response.status == 404
