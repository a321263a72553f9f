"""Every URL pattern of the site, with real objects filled in, requested by every kind of
person with GET and with an empty POST: the status each gets is in one table below, so a
changed rule shows up as a changed cell, and a new URL without a row fails the test.

The objects belong to "author" (a participant who wrote them): an approved thread in an ATU
theme with a reply and a photo on its opening post, a post waiting for review with a PDF, a
report, a revision. Chapter 1 (drafted by
"drafter") has two published versions, the second open for review with a comment; a link
from the pool; an account waiting for approval. Columns, in order: anonymous, participant,
author, the ATU, SPMU and ODIHR moderators, the drafter of chapter 2 ("other"), the drafter of
chapter 1, an administrator.

Objects one may not see answer 404, actions one may not take 403, personal pages send
anonymous visitors to sign in (302). An empty POST to a form one may use answers 400 (the
form re-shown with its errors) or does its one action and redirects (302); a page that
only shows answers a POST with 405.

Set MATRIX_PRINT to a folder to write the statuses the site gives now there, a file per kind.
"""

import os
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import ApprovalStatus
from forum.attachments.services import check_uploads, store_uploads
from forum.models import Post, Tag
from forum.services.email import unsubscribe_token
from forum.services.posts import edit_post
from guidebook.models import ReviewRound
from guidebook.services import (
    add_comment,
    link_contribution,
    open_review,
    publish_version,
    save_draft,
)
from moderation.models import Report
from moderation.services.reports import report_post
from tests.factories import PostFactory, ThreadFactory, UserFactory
from tests.forum.attachment_files import pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db

COLUMNS = (
    "anonymous",
    "participant",
    "author",
    "atu_moderator",
    "spmu_moderator",
    "odihr_moderator",
    "other_drafter",
    "drafter",
    "administrator",
)
# The admin and allauth's own pages are the libraries' (their rules are theirs, and the
# admin is guarded by SecondFactorMiddleware, tested in tests/moderation/test_second_factor.py).
SKIPPED_PREFIXES = ("admin/",)


def url_patterns():
    """(route, name) of every pattern of the URLconf, outside the skipped prefixes."""
    found = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if route.startswith(SKIPPED_PREFIXES):
                    continue
                walk(pattern.url_patterns, route, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.append((route, f"{namespace}:{pattern.name}" if namespace else pattern.name))

    walk(get_resolver().url_patterns, "", None)
    return found


def _attach(post, name, content, claimed):
    (attachment,) = store_uploads(
        actor=post.author, post=post, uploads=check_uploads([upload(name, content, claimed)])
    )
    return attachment


@pytest.fixture
def world(
    themes, units, chapters, drafter, other_drafter, administrator, participant, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "attachments")},
        },
    }
    author = UserFactory(username="author", display_name="Avery Author")
    theme = themes["atu"]
    thread = ThreadFactory(
        theme=theme, author=author, title="Community meetings", opening__accepted_for_guidebook=True
    )
    opening = thread.first_post
    edit_post(editor=author, post=opening, body="Edited opening.", kind=opening.kind)
    reply = PostFactory(thread=thread, author=author, body="A reply.")
    pending = PostFactory(thread=thread, author=author, status=Post.Status.PENDING)
    # A photo on the approved opening (every reader's), a document on the pending post
    # (its author's and its unit's): each file answers as its post does.
    photo = _attach(opening, "meeting.png", png_bytes(), "image/png")
    pending_file = _attach(pending, "memorandum.pdf", pdf_bytes(), "application/pdf")
    tag = Tag.objects.create(facet=Tag.Facet.TOPIC, name="Trust", slug="trust")
    report = report_post(reporter=participant, post=reply, reason=Report.Reason.MISINFORMATION)

    chapter = chapters["one"]
    save_draft(actor=drafter, chapter=chapter, text="Trust first.", base_version=0)
    publish_version(actor=drafter, chapter=chapter)
    save_draft(actor=drafter, chapter=chapter, text="Trust first.\n\nThen talk.", base_version=1)
    version = publish_version(actor=drafter, chapter=chapter)
    open_review(
        actor=drafter,
        version=version,
        ends_at=timezone.now() + timedelta(days=14),
        audience=ReviewRound.Audience.VERIFIED,
    )
    comment = add_comment(
        actor=participant, version=version, para_id=version.paragraphs[0]["id"], body="Agreed."
    )
    link = link_contribution(actor=drafter, post=opening, chapter=chapter, note="")
    waiting = UserFactory(approval_status=ApprovalStatus.PENDING)

    people = {
        "anonymous": None,
        "participant": participant,
        "author": author,
        "atu_moderator": None,
        "spmu_moderator": None,
        "odihr_moderator": None,
        "other_drafter": other_drafter,
        "drafter": drafter,
        "administrator": administrator,
    }
    return {
        "people": people,
        "args": {
            "slug": theme.slug,
            "pk": thread.pk,
            "username": author.username,
            "token": unsubscribe_token(author),
            "number": chapter.number,
            "version": version.number,
            "code": "atu",
            "key": "no-such-key",
            "uidb36": "zz",
        },
        # Which object a route's <pk> means, by the route's start.
        "pks": {
            "threads/": thread.pk,
            "posts/": opening.pk,
            "moderation/posts/": pending.pk,
            "moderation/threads/": thread.pk,
            "moderation/reports/": report.pk,
            "moderation/accounts/": waiting.pk,
            "guidebook/comments/": comment.pk,
            "guidebook/links/": link.pk,
            "files/": photo.pk,
        },
        # Further objects of the same route, as (row name, URL name, pk).
        "extra": [
            ("pending post's file", "forum:attachment_download", pending_file.pk),
            ("pending post's file: thumbnail", "forum:attachment_thumbnail", pending_file.pk),
        ],
        "tag": tag,
        "reply": reply,
        "comment": comment,
    }


def _path(route: str, name: str, world) -> str:
    args = dict(world["args"])
    pks = sorted(world["pks"].items(), key=lambda item: -len(item[0]))
    for start, pk in pks:
        if route.startswith(start):
            args["pk"] = pk
            break
    if name == "forum:tag_detail":
        args["slug"] = world["tag"].slug
    from django.urls import NoReverseMatch

    for keys in (
        (),
        ("pk",),
        ("slug",),
        ("username",),
        ("token",),
        ("number",),
        ("number", "version"),
        ("code",),
        ("key",),
        ("uidb36", "key"),
    ):
        try:
            return reverse(name, kwargs={k: args[k] for k in keys})
        except NoReverseMatch:
            continue
    raise AssertionError(f"cannot fill in {route} ({name})")


def _client(kind, world, person, settings):
    from django.test import Client

    client = Client()
    user = world["people"].get(kind) or (person(kind) if kind != "anonymous" else None)
    if user is not None:
        client.force_login(user)
    return client


def _status(client, method, path) -> int:
    response = getattr(client, method)(path)
    return response.status_code


# name → (GET statuses, POST statuses), one per column of COLUMNS:
# anon, participant, author, atu, spmu, odihr, other drafter, drafter, admin.
# POST None: not sent (logging out would end the walk's session).
TABLE: dict[str, tuple[tuple[int, ...], tuple[int, ...] | None]] = {
    "account_login": (
        (200, 302, 302, 302, 302, 302, 302, 302, 302),
        (400, 302, 302, 302, 302, 302, 302, 302, 302),
    ),
    "account_logout": (
        (302, 200, 200, 200, 200, 200, 200, 200, 200),
        None,
    ),
    "account_inactive": (
        (200, 200, 200, 200, 200, 200, 200, 200, 200),
        (405, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    "account_signup": (
        (200, 302, 302, 302, 302, 302, 302, 302, 302),
        (400, 302, 302, 302, 302, 302, 302, 302, 302),
    ),
    "account_reauthenticate": (
        (302, 200, 200, 200, 200, 200, 200, 200, 200),
        (302, 400, 400, 400, 400, 400, 400, 400, 400),
    ),
    "account_request_reauthentication_code": (
        (302, 200, 200, 200, 200, 200, 200, 200, 200),
        (302, 400, 400, 400, 400, 400, 400, 400, 400),
    ),
    "account_confirm_reauthentication_code": (
        (302, 302, 302, 302, 302, 302, 302, 302, 302),
        (302, 302, 302, 302, 302, 302, 302, 302, 302),
    ),
    "account_email": (
        (302, 200, 200, 200, 200, 200, 200, 200, 200),
        (302, 302, 302, 302, 302, 302, 302, 302, 302),
    ),
    "account_email_verification_sent": (
        (200, 200, 200, 200, 200, 200, 200, 200, 200),
        (405, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    "account_change_password": (
        (302, 200, 200, 200, 200, 200, 200, 200, 200),
        (302, 400, 400, 400, 400, 400, 400, 400, 400),
    ),
    "account_set_password": (
        (302, 302, 302, 302, 302, 302, 302, 302, 302),
        (302, 302, 302, 302, 302, 302, 302, 302, 302),
    ),
    "account_reset_password": (
        (200, 200, 200, 200, 200, 200, 200, 200, 200),
        (400, 400, 400, 400, 400, 400, 400, 400, 400),
    ),
    "account_confirm_login_code": (
        (302, 302, 302, 302, 302, 302, 302, 302, 302),
        (302, 302, 302, 302, 302, 302, 302, 302, 302),
    ),
    "account_confirm_email": (
        (200, 200, 200, 200, 200, 200, 200, 200, 200),
        (404, 404, 404, 404, 404, 404, 404, 404, 404),
    ),
    "account_reset_password_from_key_done": (
        (200, 200, 200, 200, 200, 200, 200, 200, 200),
        (405, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    "account_reset_password_from_key": (
        (200, 200, 200, 200, 200, 200, 200, 200, 200),
        (400, 400, 400, 400, 400, 400, 400, 400, 400),
    ),
    "account_reset_password_done": (
        (200, 200, 200, 200, 200, 200, 200, 200, 200),
        (405, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    "mfa_index": (
        (302, 200, 200, 200, 200, 200, 200, 200, 200),
        (302, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    "mfa_authenticate": (
        (302, 302, 302, 302, 302, 302, 302, 302, 302),
        (302, 302, 302, 302, 302, 302, 302, 302, 302),
    ),
    "mfa_reauthenticate": (
        (302, 302, 302, 302, 302, 302, 302, 302, 302),
        (302, 302, 302, 302, 302, 302, 302, 302, 302),
    ),
    "mfa_activate_totp": (
        (302, 302, 302, 302, 302, 302, 302, 302, 302),
        (302, 302, 302, 302, 302, 302, 302, 302, 302),
    ),
    "mfa_deactivate_totp": (
        (302, 404, 404, 404, 404, 404, 404, 404, 404),
        (302, 404, 404, 404, 404, 404, 404, 404, 404),
    ),
    "mfa_view_recovery_codes": (
        (302, 404, 404, 404, 404, 404, 404, 404, 404),
        (302, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    "mfa_generate_recovery_codes": (
        (302, 302, 302, 302, 302, 302, 302, 302, 302),
        (302, 302, 302, 302, 302, 302, 302, 302, 302),
    ),
    "mfa_download_recovery_codes": (
        (302, 404, 404, 404, 404, 404, 404, 404, 404),
        (302, 404, 404, 404, 404, 404, 404, 404, 404),
    ),
    "accounts:profile": (
        (200, 200, 200, 200, 200, 200, 200, 200, 200),
        (405,) * 9,
    ),
    "accounts:profile_edit": (
        (302, 200, 200, 200, 200, 200, 200, 200, 200),
        (302, 400, 400, 400, 400, 400, 400, 400, 400),
    ),
    "forum:home": (
        (200, 200, 200, 200, 200, 200, 200, 200, 200),
        (405, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    "forum:theme_detail": (
        (200, 200, 200, 200, 200, 200, 200, 200, 200),
        (405, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    "forum:thread_create": (
        (302, 200, 200, 200, 200, 200, 200, 200, 200),
        (302, 200, 200, 200, 200, 200, 200, 200, 200),
    ),
    "forum:thread_detail": (
        (200, 200, 200, 200, 200, 200, 200, 200, 200),
        (405, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    "forum:post_create": (
        (302, 200, 200, 200, 200, 200, 200, 200, 200),
        (302, 200, 200, 200, 200, 200, 200, 200, 200),
    ),
    "forum:post_permalink": (
        (302, 302, 302, 302, 302, 302, 302, 302, 302),
        (405, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    "forum:post_edit": (
        (302, 403, 200, 403, 403, 403, 403, 403, 403),
        (302, 403, 200, 403, 403, 403, 403, 403, 403),
    ),
    "forum:post_revisions": (
        (404, 404, 200, 200, 404, 404, 404, 404, 200),
        (405, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    "forum:search": (
        (200, 200, 200, 200, 200, 200, 200, 200, 200),
        (405, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    "forum:tag_index": (
        (200, 200, 200, 200, 200, 200, 200, 200, 200),
        (405,) * 9,
    ),
    "forum:tag_detail": (
        (200, 200, 200, 200, 200, 200, 200, 200, 200),
        (405,) * 9,
    ),
    "forum:following": (
        (302, 200, 200, 200, 200, 200, 200, 200, 200),
        (302, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    "forum:follow": (
        (302, 405, 405, 405, 405, 405, 405, 405, 405),
        (302, 404, 404, 404, 404, 404, 404, 404, 404),
    ),
    "forum:unfollow": (
        (302, 405, 405, 405, 405, 405, 405, 405, 405),
        (302, 404, 404, 404, 404, 404, 404, 404, 404),
    ),
    "forum:notifications": (
        (302, 200, 200, 200, 200, 200, 200, 200, 200),
        (302, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    "forum:notifications_mark_read": (
        (302, 405, 405, 405, 405, 405, 405, 405, 405),
        (302, 302, 302, 302, 302, 302, 302, 302, 302),
    ),
    "forum:email_settings": (
        (302, 200, 200, 200, 200, 200, 200, 200, 200),
        (302, 400, 400, 400, 400, 400, 400, 400, 400),
    ),
    "forum:email_unsubscribe": (
        (200, 200, 200, 200, 200, 200, 200, 200, 200),
        (200, 200, 200, 200, 200, 200, 200, 200, 200),
    ),
    "guidebook:home": (
        (200, 200, 200, 200, 200, 200, 200, 200, 200),
        (405,) * 9,
    ),
    "guidebook:chapter_detail": (
        (200, 200, 200, 200, 200, 200, 200, 200, 200),
        (405,) * 9,
    ),
    "guidebook:draft_edit": (
        (302, 403, 403, 403, 403, 403, 403, 200, 200),
        (302, 403, 403, 403, 403, 403, 403, 400, 400),
    ),
    "guidebook:draft_autosave": (
        (405, 405, 405, 405, 405, 405, 405, 405, 405),
        (403, 403, 403, 403, 403, 403, 403, 200, 200),
    ),
    "guidebook:draft_autosave_discard": (
        (302, 405, 405, 405, 405, 405, 405, 405, 405),
        (302, 403, 403, 403, 403, 403, 403, 302, 302),
    ),
    "guidebook:publish": (
        (302, 403, 403, 403, 403, 403, 403, 200, 200),
        (302, 403, 403, 403, 403, 403, 403, 400, 400),
    ),
    "guidebook:version_detail": (
        (200, 200, 200, 200, 200, 200, 200, 200, 200),
        (405,) * 9,
    ),
    "guidebook:review_open": (
        (302, 403, 403, 403, 403, 403, 403, 200, 200),
        (302, 403, 403, 403, 403, 403, 403, 200, 200),
    ),
    "guidebook:comment_create": (
        (302, 405, 405, 405, 405, 405, 405, 405, 405),
        (302, 400, 400, 400, 400, 400, 400, 400, 400),
    ),
    "guidebook:comment_reply": (
        (302, 405, 405, 405, 405, 405, 405, 405, 405),
        (302, 400, 400, 400, 400, 400, 400, 400, 400),
    ),
    "guidebook:comment_respond": (
        (302,) + (405,) * 8,
        # An empty answer is "open": the drafters' answer is saved as it is.
        (302, 403, 403, 403, 403, 403, 403, 302, 302),
    ),
    "guidebook:compare": (
        (200, 200, 200, 200, 200, 200, 200, 200, 200),
        (405,) * 9,
    ),
    "guidebook:chapter_report": (
        (200, 200, 200, 200, 200, 200, 200, 200, 200),
        (405,) * 9,
    ),
    "guidebook:my_input": (
        (302, 200, 200, 200, 200, 200, 200, 200, 200),
        (405,) * 9,
    ),
    "guidebook:export_guidebook": (
        (200, 200, 200, 200, 200, 200, 200, 200, 200),
        (405,) * 9,
    ),
    "guidebook:export_guidebook_pdf": (
        (202, 202, 202, 202, 202, 202, 202, 202, 202),
        (405,) * 9,
    ),
    "guidebook:export_docx": (
        (200, 200, 200, 200, 200, 200, 200, 200, 200),
        (405,) * 9,
    ),
    "guidebook:export_links": (
        (302, 403, 403, 403, 403, 403, 200, 200, 200),
        (405,) * 9,
    ),
    "guidebook:export_comments": (
        (302, 403, 403, 403, 403, 403, 200, 200, 200),
        (405,) * 9,
    ),
    "guidebook:export_chapter": (
        (200, 200, 200, 200, 200, 200, 200, 200, 200),
        (405,) * 9,
    ),
    "guidebook:export_chapter_pdf": (
        (202, 202, 202, 202, 202, 202, 202, 202, 202),
        (405,) * 9,
    ),
    "guidebook:chapter_export_docx": (
        (200, 200, 200, 200, 200, 200, 200, 200, 200),
        (405,) * 9,
    ),
    "guidebook:chapter_state": (
        (302, 403, 403, 403, 403, 403, 403, 200, 200),
        (302, 403, 403, 403, 403, 403, 403, 200, 200),
    ),
    "guidebook:link_outcome": (
        (302, 405, 405, 405, 405, 405, 405, 405, 405),
        (302, 403, 403, 403, 403, 403, 403, 302, 302),
    ),
    "guidebook:comment_outcome": (
        (302, 405, 405, 405, 405, 405, 405, 405, 405),
        (302, 403, 403, 403, 403, 403, 403, 302, 302),
    ),
    "guidebook:pool": (
        (302, 403, 403, 403, 403, 403, 200, 200, 200),
        (405,) * 9,
    ),
    "guidebook:link_create": (
        (302, 405, 405, 405, 405, 405, 405, 405, 405),
        (302, 403, 403, 403, 403, 403, 400, 400, 400),
    ),
    "guidebook:link_detail": (
        (302, 403, 403, 403, 403, 403, 200, 200, 200),
        (405,) * 9,
    ),
    "guidebook:link_refresh": (
        (302, 405, 405, 405, 405, 405, 405, 405, 405),
        (302, 403, 403, 403, 403, 403, 403, 302, 302),
    ),
    "guidebook:link_delete": (
        (302, 405, 405, 405, 405, 405, 405, 405, 405),
        (302, 403, 403, 403, 403, 403, 403, 302, 302),
    ),
    "moderation:home": (
        (302, 403, 403, 200, 200, 200, 403, 403, 200),
        (405,) * 9,
    ),
    "moderation:unit_queue": (
        (302, 403, 403, 200, 404, 404, 403, 403, 200),
        (405,) * 9,
    ),
    "moderation:bulk_approve": (
        (302, 403, 403, 405, 405, 405, 403, 403, 405),
        (302, 403, 403, 302, 404, 404, 403, 403, 302),
    ),
    "moderation:post_review": (
        (302, 403, 403, 200, 404, 404, 403, 403, 200),
        (405,) * 9,
    ),
    "moderation:post_decide": (
        (302, 403, 403, 405, 405, 405, 403, 403, 405),
        (302, 403, 403, 400, 404, 404, 403, 403, 400),
    ),
    "moderation:post_note": (
        (302, 403, 403, 405, 405, 405, 403, 403, 405),
        (302, 403, 403, 400, 404, 404, 403, 403, 400),
    ),
    "moderation:post_report": (
        (302, 404, 403, 403, 404, 404, 404, 404, 403),
        (302, 404, 403, 403, 404, 404, 404, 404, 403),
    ),
    "moderation:report_dismiss": (
        (302, 403, 403, 200, 404, 404, 403, 403, 200),
        (302, 403, 403, 302, 404, 404, 403, 403, 302),
    ),
    "moderation:report_hide": (
        (302, 403, 403, 200, 404, 404, 403, 403, 200),
        (302, 403, 403, 302, 404, 404, 403, 403, 302),
    ),
    "moderation:unit_reports": (
        (302, 403, 403, 200, 404, 404, 403, 403, 200),
        (405,) * 9,
    ),
    "moderation:post_hide": (
        (302, 403, 403, 200, 404, 404, 403, 403, 200),
        (302, 403, 403, 400, 404, 404, 403, 403, 400),
    ),
    "moderation:post_unhide": (
        (302, 403, 403, 200, 404, 404, 403, 403, 200),
        (302, 403, 403, 302, 404, 404, 403, 403, 302),
    ),
    "moderation:thread_lock": (
        (302, 403, 403, 200, 404, 404, 403, 403, 200),
        (302, 403, 403, 302, 404, 404, 403, 403, 302),
    ),
    "moderation:thread_unlock": (
        (302, 403, 403, 200, 404, 404, 403, 403, 200),
        (302, 403, 403, 302, 404, 404, 403, 403, 302),
    ),
    "moderation:thread_pin": (
        (302, 403, 403, 200, 404, 404, 403, 403, 200),
        (302, 403, 403, 302, 404, 404, 403, 403, 302),
    ),
    "moderation:thread_unpin": (
        (302, 403, 403, 200, 404, 404, 403, 403, 200),
        (302, 403, 403, 302, 404, 404, 403, 403, 302),
    ),
    "moderation:thread_move": (
        (302, 403, 403, 200, 404, 404, 403, 403, 200),
        (302, 403, 403, 400, 404, 404, 403, 403, 400),
    ),
    "moderation:account_queue": (
        (302, 403, 403, 200, 200, 200, 403, 403, 200),
        (405,) * 9,
    ),
    "moderation:account_approve": (
        (302, 403, 403, 200, 200, 200, 403, 403, 200),
        (302, 403, 403, 302, 302, 302, 403, 403, 302),
    ),
    "moderation:account_decline": (
        (302, 403, 403, 200, 200, 200, 403, 403, 200),
        (302, 403, 403, 400, 400, 400, 403, 403, 400),
    ),
    "moderation:log": (
        (302, 403, 403, 200, 200, 200, 403, 403, 200),
        (405,) * 9,
    ),
    "moderation:log_csv": (
        (302, 403, 403, 200, 200, 200, 403, 403, 200),
        (405,) * 9,
    ),
    "contributions:mine": (
        (302, 200, 200, 200, 200, 200, 200, 200, 200),
        (405,) * 9,
    ),
    # Added with the language switcher, personal data, attachments, suggestions, undo and
    # the participation pages.
    "accounts:set_language": ((405,) * 9, (302,) * 9),
    "accounts:personal_data_download": ((302,) + (200,) * 8, (302,) + (405,) * 8),
    "accounts:account_delete": (
        (302, 200, 200, 200, 200, 200, 200, 200, 403),
        (302, 400, 400, 400, 400, 400, 400, 400, 403),
    ),
    "accounts:privacy_notice": ((200,) * 9, (405,) * 9),
    "accounts:account_deleted": ((200,) * 9, (405,) * 9),
    # Everyone here has agreed to the notice in force: the page sends them back (302).
    "accounts:privacy_consent": ((302,) * 9, (302,) * 9),
    "forum:attachment_download": ((200,) * 9, (405,) * 9),
    "forum:attachment_thumbnail": ((200,) * 9, (405,) * 9),
    # Only the author, the ATU's moderators and the administrator see the pending post; a
    # PDF has no thumbnail, so even they get a 404 there.
    "pending post's file": (
        (404, 404, 200, 200, 404, 404, 404, 404, 200),
        (405, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    "pending post's file: thumbnail": ((404,) * 9, (405,) * 9),
    "guidebook:suggestion_apply": (
        (302,) + (405,) * 8,
        (302, 403, 403, 403, 403, 403, 403, 302, 302),
    ),
    "guidebook:suggestion_decline": (
        (302,) + (405,) * 8,
        (302, 403, 403, 403, 403, 403, 403, 400, 400),
    ),
    "guidebook:outcomes_confirm": (
        (302,) + (405,) * 8,
        (302, 403, 403, 403, 403, 403, 403, 302, 302),
    ),
    "moderation:decision_undo": (
        (302, 403, 403, 405, 405, 405, 403, 403, 405),
        (302, 403, 403, 404, 404, 404, 403, 403, 404),
    ),
    # The tasks are not run here, so no figures have been counted: whoever may read them
    # gets the "being counted" page (202), whatever figure a download names.
    "participation:dashboard": (
        (302, 403, 403, 202, 202, 202, 403, 403, 202),
        (405,) * 9,
    ),
    "participation:dashboard_csv": (
        (302, 403, 403, 202, 202, 202, 403, 403, 202),
        (405,) * 9,
    ),
    "participation:report": ((202,) * 9, (405,) * 9),
    "participation:report_csv": ((202,) * 9, (405,) * 9),
}


@pytest.mark.parametrize("kind", COLUMNS)
def test_every_url_answers_each_kind_of_person_as_the_table_says(
    kind, world, person, settings, atu_moderator, spmu_moderator, odihr_moderator
):
    settings.MODERATION_MFA_EXEMPT_EMAILS = [
        u.email
        for u in (atu_moderator, spmu_moderator, odihr_moderator)
        + tuple(p for p in world["people"].values() if p)
    ]
    # Publishing and the PDF export queue a render; only whether the request was allowed
    # matters here, so the tasks are not run.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    client = _client(kind, world, person, settings)
    column = COLUMNS.index(kind)
    patterns = url_patterns()
    got = {}
    for method in ("get", "post"):
        for route, name in patterns:
            if name == "account_logout" and method == "post":
                continue  # signs the client out for the rest of the walk
            got.setdefault(name, {})[method] = _status(client, method, _path(route, name, world))
        for row, name, pk in world["extra"]:
            got.setdefault(row, {})[method] = _status(
                client, method, reverse(name, kwargs={"pk": pk})
            )
    if folder := os.environ.get("MATRIX_PRINT"):
        with open(os.path.join(folder, f"{kind}.txt"), "w") as out:
            for name, statuses in got.items():
                out.write(f"{name} {statuses['get']} {statuses.get('post', '-')}\n")
        return
    missing = [name for _route, name in patterns if name not in TABLE]
    assert not missing, f"URLs without a row in TABLE: {missing}"
    wrong = []
    for name, statuses in got.items():
        expected_get, expected_post = TABLE[name]
        if statuses["get"] != expected_get[column]:
            wrong.append(f"GET {name}: {statuses['get']}, table says {expected_get[column]}")
        if "post" in statuses and statuses["post"] != expected_post[column]:
            wrong.append(f"POST {name}: {statuses['post']}, table says {expected_post[column]}")
    assert not wrong, f"As {kind}:\n" + "\n".join(wrong)
