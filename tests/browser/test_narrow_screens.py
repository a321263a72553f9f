"""Every page a person can reach fits a 320 px wide phone, in English and in Russian, and a
window zoomed to 200 %: nothing makes the page scroll sideways, and on a thread the header
leaves the screen to the content. Each kind of person opens the pages that are theirs; a
failure names the page and its widest elements."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApprovalStatus, User
from forum.models import Post, PostTag, Tag
from forum.search import rebuild_search_index
from forum.services.posts import edit_post
from guidebook.models import ReviewRound
from guidebook.services import (
    add_comment,
    link_contribution,
    open_review,
    publish_version,
    record_comment_outcome,
    reply_to_comment,
    save_draft,
)
from moderation.models import Report
from moderation.services.decisions import approve_post
from moderation.services.reports import report_post
from tests.browser.conftest import DESKTOP, _screenshot, sign_in_context
from tests.factories import PostFactory, ThreadFactory, UserFactory
from tests.moderation.helpers import pending_thread

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 700}
LONG_URL = "https://www.osce.org/files/f/documents/preventing-terrorism-and-countering-violent-extremism-community-policing-approach.pdf"
LONG_WORD = "Polizeipräventionsbeauftragtenfortbildungsveranstaltung"
TITLE = f"Neighbourhood officers and the {LONG_WORD} as first point of contact"

# Elements whose right edge passes the viewport, widest first, named so a person can find them.
WIDEST = """() => {
  const width = window.innerWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.classList.length ? "." + [...el.classList].join(".") : "");
  // Content inside its own scroll region (a wide table) does not widen the page.
  const scrolls = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  const over = [...document.querySelectorAll("body *")]
    .map((el) => [el, el.getBoundingClientRect()])
    .filter(([el, box]) => box.right > width + 0.5 && box.width > 0);
  const own = over.filter(([el]) => !scrolls(el));
  return (own.length ? own : over)
    .sort((a, b) => b[1].right - a[1].right)
    .slice(0, 5)
    .map(([el, box]) => `${name(el)} (right edge ${Math.round(box.right)} px)`);
}"""


@pytest.fixture
def forum_data(themes, participant, atu_moderator, open_consultation):
    """A thread with long words, a long link, a table and tags, a revised post, a pending
    thread in an ATU theme and an open report, so every page has something in it."""
    from accounts.models import PrivacyNotice
    from accounts.notices import record_privacy_consent

    # The migration's first notice is gone from a live-server test's emptied database; the
    # people made before it agree to it, as they would have at sign-up.
    if not PrivacyNotice.objects.exists():
        notice = PrivacyNotice.objects.create(version=1, text="What we keep about you, and why.")
        for person in (participant, atu_moderator):
            record_privacy_consent(user=person, notice=notice)
    theme = themes["atu"]
    author = UserFactory(
        username="mirela", display_name="Mirela Kovač", organisation="Centre for Community Safety"
    )
    body = (
        f"See {LONG_URL} and the {LONG_WORD}.\n\n"
        "| Year | Referrals | Closed with support | Passed to specialised units |\n"
        "| ---- | --------: | ------------------: | --------------------------: |\n"
        "| 2009 | 8 | 6 | 2 |\n\n"
        "`REF-1/community-contact/neighbourhood-officer-first-point-of-contact-form`\n"
    )
    thread = ThreadFactory(
        theme=theme,
        author=author,
        title=TITLE,
        opening__kind=Post.Kind.CASE_STUDY,
        opening__body=body,
        opening__place="Western Balkans, two municipalities",
        opening__accepted_for_guidebook=True,
    )
    opening = thread.first_post
    # Held for review: the review page shows the edit of an approved post with its diff.
    edit_post(
        editor=author,
        post=opening,
        body=body + f"\nEdited: {LONG_WORD} {LONG_URL}.",
        kind=Post.Kind.CASE_STUDY,
        place=opening.place,
        title=f"{TITLE} (edited)",
    )
    tags = [
        Tag.objects.create(
            facet=Tag.Facet.TOPIC,
            name="Community policing and the prevention of violent extremism and radicalisation",
            slug="community-policing-pcve",
        ),
        Tag.objects.create(facet=Tag.Facet.REGION, name="South-Eastern Europe", slug="see"),
    ]
    for tag in tags:
        PostTag.objects.create(post=opening, tag=tag, applied_by=atu_moderator)
    reply = PostFactory(
        thread=thread,
        author=participant,
        kind=Post.Kind.LESSON_LEARNT,
        body=f"Agreed; the {LONG_WORD} helped. {LONG_URL}",
    )
    edit_post(editor=participant, post=reply, body=reply.body + " Edited.", kind=reply.kind)
    approve_post(actor=atu_moderator, post=reply)
    UserFactory(username="newcomer", approval_status=ApprovalStatus.PENDING)
    pending = pending_thread(theme, title=f"Waiting: {LONG_WORD}", opening__body=LONG_URL)
    report_post(reporter=participant, post=opening, reason=Report.Reason.MISINFORMATION)
    rebuild_search_index()
    return {
        "thread": thread,
        "opening": opening,
        "reply": reply,
        "pending": pending,
        "tag": tags[0],
    }


@pytest.fixture
def guidebook_data(chapters, drafter, forum_data):
    chapter = chapters["one"]
    opening = forum_data["opening"]
    link = link_contribution(actor=drafter, post=opening, chapter=chapter, note=f"See {LONG_URL}")
    text = f"Trust first. [[post:{opening.pk}]]\n\nThe {LONG_WORD} matters.\n\n{LONG_URL}"
    save_draft(actor=drafter, chapter=chapter, text=text, base_version=0)
    first = publish_version(actor=drafter, chapter=chapter)
    save_draft(actor=drafter, chapter=chapter, text=text + "\n\nMore.", base_version=1)
    second = publish_version(actor=drafter, chapter=chapter)
    open_review(
        actor=drafter,
        version=second,
        ends_at=timezone.now() + timedelta(days=14),
        audience=ReviewRound.Audience.VERIFIED,
    )
    # The version page with comments beside (or under) their paragraphs: a passage, a
    # suggested rewording with a long word, a reply and a drafter's answer.
    participant = forum_data["reply"].author
    words = second.paragraphs[1]["id"]
    comment = add_comment(
        actor=participant, version=second, para_id=words, body="Say why.", selected_text="matters"
    )
    reply_to_comment(actor=drafter, comment=comment, body=f"See {LONG_URL}")
    record_comment_outcome(actor=drafter, comment=comment, outcome="partly", reason=LONG_WORD)
    add_comment(
        actor=participant,
        version=second,
        para_id=words,
        body="",
        suggested_text=f"The {LONG_WORD} matters most.",
    )
    return {"chapter": chapter, "first": first, "second": second, "link": link}


def urls(forum_data, guidebook_data, participant):
    thread = forum_data["thread"]
    chapter = guidebook_data["chapter"]
    version = [chapter.number, guidebook_data["second"].number]
    return {
        "home": reverse("forum:home"),
        "theme": thread.theme.get_absolute_url(),
        "thread": thread.get_absolute_url(),
        "new thread": reverse("forum:thread_create", args=[thread.theme.slug]),
        "reply": reverse("forum:post_create", args=[thread.pk]),
        "revisions": reverse("forum:post_revisions", args=[forum_data["reply"].pk]),
        "search": reverse("forum:search") + "?q=neighbourhood",
        "tags": reverse("forum:tag_index"),
        "tag": reverse("forum:tag_detail", args=[forum_data["tag"].slug]),
        "profile": reverse("accounts:profile", args=[thread.author.username]),
        "profile edit": reverse("accounts:profile_edit"),
        "delete account": reverse("accounts:account_delete"),
        "account deleted": reverse("accounts:account_deleted"),
        "privacy": reverse("accounts:privacy_notice"),
        "notifications": reverse("forum:notifications"),
        "following": reverse("forum:following"),
        "email": reverse("forum:email_settings"),
        "contributions": reverse("contributions:mine"),
        "guidebook": reverse("guidebook:home"),
        "chapter": reverse("guidebook:chapter_detail", args=[chapter.number]),
        "version": reverse("guidebook:version_detail", args=version),
        "compare": reverse("guidebook:compare", args=[chapter.number]),
        "report": reverse("guidebook:chapter_report", args=[chapter.number]),
        "my input": reverse("guidebook:my_input"),
        "pool": reverse("guidebook:pool"),
        "review queues": reverse("moderation:home"),
        "unit queue": reverse("moderation:unit_queue", args=["atu"]),
        "review page": reverse("moderation:post_review", args=[forum_data["pending"].pk]),
        "reports": reverse("moderation:unit_reports", args=["atu"]),
        "decision log": reverse("moderation:log"),
        "edit review": reverse("moderation:post_review", args=[forum_data["opening"].pk]),
        "accounts queue": reverse("moderation:account_queue"),
        "link": reverse("guidebook:link_detail", args=[guidebook_data["link"].pk]),
        "draft edit": reverse("guidebook:draft_edit", args=[chapter.number]),
        "sign in": reverse("account_login"),
        "register": reverse("account_signup"),
        "password reset": reverse("account_reset_password"),
        "verification sent": reverse("account_email_verification_sent"),
        "dashboard": reverse("participation:dashboard"),
        "who took part": reverse("participation:report"),
    }


PUBLIC = ["home", "theme", "thread", "search", "tags", "tag", "profile", "guidebook", "chapter"]
PUBLIC += ["version", "compare", "who took part", "privacy", "account deleted"]
SIGNED_IN = [
    *PUBLIC,
    *("new thread", "reply", "revisions", "profile edit", "notifications", "following"),
    *("email", "contributions", "my input", "report", "delete account"),
]
STAFF = ["review queues", "unit queue", "review page", "reports", "decision log", "thread"]
STAFF += ["edit review", "accounts queue", "dashboard"]
ENTRANCE = ["sign in", "register", "password reset", "verification sent"]
PAGES = {
    "anonymous": [*PUBLIC, *ENTRANCE],
    "participant": SIGNED_IN,
    "drafter": [
        "pool",
        "chapter",
        "version",
        "compare",
        "report",
        "my input",
        "link",
        "draft edit",
    ],
    "atu_moderator": [*STAFF, "revisions", "search"],
    "administrator": [*STAFF, "pool", "guidebook", "report", "link"],
}


def sideways_scrolling(page, base_url, who, addresses, *, language="en") -> list[str]:
    """Opens each of `who`'s pages; names those that scroll sideways and their widest parts."""
    problems = []
    for name in PAGES[who]:
        response = page.goto(base_url + addresses[name])
        assert response.status == 200, f"{name} answered {response.status} to {who}"
        assert page.locator("html").get_attribute("lang") == language, f"{name} not in {language}"
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            widest = "; ".join(page.evaluate(WIDEST)) or "no single element"
            problems.append(f"{name} ({addresses[name]}) scrolls sideways: {widest}")
    return problems


@pytest.mark.parametrize("who", list(PAGES))
def test_every_page_fits_a_320_px_screen(
    who, page, sign_in, live_server, person, forum_data, guidebook_data, participant, settings
):
    user = person(who)
    if user is not None:
        settings.MODERATION_MFA_EXEMPT_EMAILS = [user.email]
        sign_in(user)
    page.set_viewport_size(NARROW)
    addresses = urls(forum_data, guidebook_data, participant)
    problems = sideways_scrolling(page, live_server.url, who, addresses)
    assert not problems, f"At 320 px, as {who}:\n" + "\n".join(problems)


# A 1280 × 800 window zoomed to 200 %: 640 × 400 CSS pixels, two device pixels to each.
ZOOMED = {"width": 640, "height": 400}


@pytest.mark.parametrize("who", list(PAGES))
def test_every_page_fits_a_window_zoomed_to_200_percent(
    who, browser, live_server, person, forum_data, guidebook_data, participant, settings
):
    context = browser.new_context(viewport=ZOOMED, device_scale_factor=2)
    try:
        user = person(who)
        if user is not None:
            settings.MODERATION_MFA_EXEMPT_EMAILS = [user.email]
            sign_in_context(context, live_server, user)
        addresses = urls(forum_data, guidebook_data, participant)
        problems = sideways_scrolling(context.new_page(), live_server.url, who, addresses)
    finally:
        context.close()
    assert not problems, f"At 200 % zoom (640 px), as {who}:\n" + "\n".join(problems)


@pytest.mark.parametrize("who", list(PAGES))
def test_every_page_fits_a_320_px_screen_in_russian(
    who, browser, live_server, person, forum_data, guidebook_data, participant, settings
):
    """Russian words are longer than English ones: the pages still fit."""
    context = browser.new_context(viewport=NARROW, locale="ru-RU")
    try:
        user = person(who)
        if user is not None:
            User.objects.filter(pk=user.pk).update(language="ru")
            settings.MODERATION_MFA_EXEMPT_EMAILS = [user.email]
            sign_in_context(context, live_server, user)
        addresses = urls(forum_data, guidebook_data, participant)
        page = context.new_page()
        problems = sideways_scrolling(page, live_server.url, who, addresses, language="ru")
    finally:
        context.close()
    assert not problems, f"At 320 px in Russian, as {who}:\n" + "\n".join(problems)


def test_the_header_leaves_the_screen_to_the_thread(
    page, sign_in, live_server, forum_data, participant, atu_moderator, settings
):
    settings.MODERATION_MFA_EXEMPT_EMAILS = [atu_moderator.email]
    page.set_viewport_size(NARROW)
    header = page.locator("header.site-header")
    # A moderator's header has one link more: the review queue with its count.
    for user in (atu_moderator, participant):
        sign_in(user)
        page.goto(live_server.url + forum_data["thread"].get_absolute_url())
        bottom = header.evaluate("el => el.getBoundingClientRect().bottom")
        assert bottom <= 160, f"the header ends {bottom:.0f} px down a 320 px screen for {user}"
    short = page.locator(".site-title__short")
    assert short.is_visible()
    assert "OSCE expert forum" in short.inner_text()
    assert not page.locator(".site-title__name").is_visible()

    # The full title stays on wide screens and on the home page.
    page.set_viewport_size(DESKTOP)
    assert page.locator(".site-title__name").is_visible()
    page.set_viewport_size(NARROW)
    page.goto(live_server.url + reverse("forum:home"))
    assert page.locator(".site-title__name").is_visible()


def test_screenshots_at_320_and_1280_px(
    page,
    sign_in,
    live_server,
    forum_data,
    guidebook_data,
    drafter,
    atu_moderator,
    settings,
    participant,
    screenshots,
):
    settings.MODERATION_MFA_EXEMPT_EMAILS = [atu_moderator.email]
    addresses = urls(forum_data, guidebook_data, participant)
    shots = [
        (participant, "home"),
        (participant, "thread"),
        (participant, "new thread"),
        (atu_moderator, "review page"),
        (atu_moderator, "edit review"),
        (atu_moderator, "unit queue"),
        (drafter, "pool"),
        (drafter, "version"),
    ]
    for user, name in shots:
        sign_in(user)
        page.goto(live_server.url + addresses[name])
        for label, viewport in (("1280", DESKTOP), ("320", NARROW)):
            page.set_viewport_size(viewport)
            _screenshot(page, screenshots / f"narrow-{name.replace(' ', '-')}-{label}.png")
        page.set_viewport_size(DESKTOP)


def test_screenshots_in_russian_at_320_px_and_zoomed_to_200_percent(
    browser,
    live_server,
    forum_data,
    guidebook_data,
    atu_moderator,
    participant,
    settings,
    screenshots,
):
    settings.MODERATION_MFA_EXEMPT_EMAILS = [atu_moderator.email]
    addresses = urls(forum_data, guidebook_data, participant)
    User.objects.filter(pk=atu_moderator.pk).update(language="ru")
    shots = [("home", "ru"), ("thread", "ru"), ("review page", "ru"), ("thread", "en")]
    for name, language in shots:
        for label, viewport, scale in (("320", NARROW, 1), ("640-zoom", ZOOMED, 2)):
            context = browser.new_context(viewport=viewport, device_scale_factor=scale)
            try:
                User.objects.filter(pk=atu_moderator.pk).update(language=language)
                sign_in_context(context, live_server, atu_moderator)
                page = context.new_page()
                page.goto(live_server.url + addresses[name])
                slug = name.replace(" ", "-")
                _screenshot(page, screenshots / f"narrow-{language}-{slug}-{label}.png")
            finally:
                context.close()
