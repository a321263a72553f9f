# ruff: noqa: F811 - the page list's fixtures are imported from test_narrow_screens
"""Forms sent with mistakes come back with the problems listed at the top: the summary
(role="alert") takes the focus so it is read out, comes before the fields, and each of its
links puts the focus in the field it names. axe finds nothing on the page with its errors
(every field labelled, errors not by colour alone, contrast), and neither does the W3C Nu
HTML Checker when its jar is there (tests/browser/test_valid_html.py says where)."""

import json
import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from tests.browser.conftest import DESKTOP, sign_in_context
from tests.browser.test_accessibility import AXE, FAILING, RUN_AXE
from tests.browser.test_narrow_screens import forum_data, guidebook_data  # noqa: F401
from tests.browser.test_valid_html import vnu_jar
from tests.factories import PostFactory

pytestmark = pytest.mark.browser

# Empties the form's text fields and sends it past the browser's own checks, as a person
# who skipped every field would; `button` names the submit button.
SEND_EMPTY = """(button) => {
  const form = button.form;
  form.noValidate = true;
  for (const field of form.querySelectorAll("input:not([type=hidden]), textarea")) {
    if (["text", "email", "password", "url", "search", "textarea"].includes(field.type)) {
      field.value = "";
    }
  }
  form.requestSubmit(button);
}"""

SUMMARY_FIRST = """(summary) => {
  const field = document.querySelector(".form__field--error, [aria-invalid=true]");
  const after = summary.compareDocumentPosition(field || summary);
  return !field || Boolean(after & Node.DOCUMENT_POSITION_FOLLOWING);
}"""

# A summary link's target, or the first control inside it, has the focus.
FOCUS_IN_TARGET = """(id) => {
  const target = document.getElementById(id);
  const el = document.activeElement;
  return Boolean(target) && (el === target || target.contains(el));
}"""


def forms(forum_data, guidebook_data):
    thread = forum_data["thread"]
    # The participant has reported the opening post already; this one is new to them.
    other = PostFactory(thread=thread, author=thread.author)
    chapter, version = guidebook_data["chapter"], guidebook_data["second"]
    para = version.paragraphs[0]["id"]
    version_url = reverse("guidebook:version_detail", args=[chapter.number, version.number])
    review_url = reverse("moderation:post_review", args=[forum_data["pending"].pk])
    return {
        "anonymous": [
            ("sign in", reverse("account_login"), "Sign in"),
            ("register", reverse("account_signup"), "Register"),
            ("password reset", reverse("account_reset_password"), "Send the link"),
        ],
        "participant": [
            ("new thread", reverse("forum:thread_create", args=[thread.theme.slug]), "^Post"),
            ("reply", reverse("forum:post_create", args=[thread.pk]), "^Post"),
            ("profile", reverse("accounts:profile_edit"), "Save profile"),
            ("report", reverse("moderation:post_report", args=[other.pk]), "Send the report"),
            ("comment", f"{version_url}?para={para}#comment-form", "Add comment"),
        ],
        "atu_moderator": [
            ("decide", review_url, "Decide and return to the queue"),
            ("note", review_url, "Add the note"),
        ],
    }


def test_a_form_with_mistakes_lists_them_at_the_top_and_leads_to_each_field(
    browser, live_server, person, forum_data, guidebook_data, settings, tmp_path
):
    settings.MODERATION_MFA_EXEMPT_EMAILS = [person("atu_moderator").email]
    problems = []
    for who, entries in forms(forum_data, guidebook_data).items():
        context = browser.new_context(viewport=DESKTOP, bypass_csp=True)
        try:
            user = person(who)
            if user is not None:
                sign_in_context(context, live_server, user)
            page = context.new_page()
            for name, url, button in entries:
                page.goto(live_server.url + url)
                submit = page.locator("main").get_by_role("button", name=re.compile(button))
                with page.expect_navigation():
                    submit.first.evaluate(SEND_EMPTY)
                # Saved before axe is injected: its script is no part of the page.
                (tmp_path / f"{who}--{name.replace(' ', '-')}.html").write_text(page.content())
                problems += check_error_page(page, f"{who}: {name}")
        finally:
            context.close()
    problems += vnu_problems(tmp_path)
    assert not problems, "\n".join(problems)


def check_error_page(page, label: str) -> list[str]:
    summary = page.locator(".error-summary")
    if summary.count() != 1:
        return [f"{label}: {summary.count()} error summaries"]
    problems = []
    if summary.get_attribute("role") != "alert":
        problems.append(f"{label}: the summary is not role=alert")
    if not summary.evaluate("el => el === document.activeElement"):
        problems.append(f"{label}: the summary does not take the focus")
    if not summary.evaluate(SUMMARY_FIRST):
        problems.append(f"{label}: the summary comes after a field in error")
    links = summary.locator("a[href^='#']")
    if links.count() == 0:
        problems.append(f"{label}: the summary links to no field")
    for index in range(links.count()):
        link = links.nth(index)
        target = link.get_attribute("href")[1:]
        link.focus()
        page.keyboard.press("Enter")
        if not page.evaluate(FOCUS_IN_TARGET, target):
            problems.append(f"{label}: “{link.inner_text()}” does not lead to #{target}")
    page.add_script_tag(path=str(AXE))
    for violation in page.evaluate(RUN_AXE):
        if violation["impact"] in FAILING:
            problems.append(f"{label}: axe {violation['id']}: {violation['nodes']}")
    return problems


def vnu_problems(folder) -> list[str]:
    jar, java = vnu_jar(), shutil.which("java")
    if jar is None or java is None:
        return []
    run = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", "--exit-zero-always"]
        + [str(path) for path in sorted(folder.glob("*.html"))],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return sorted(
        {
            f"vnu {m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}"
            for m in json.loads(run.stderr or run.stdout)["messages"]
            if m["type"] == "error"
        }
    )
