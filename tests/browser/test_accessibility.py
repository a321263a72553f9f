# ruff: noqa: F811 - the page list's fixtures are imported from test_narrow_screens
"""axe-core checks every page of the page list, as each kind of person, in English and in
Russian, and the test fails on any violation whose impact is serious or critical, naming
the page, the rule and the elements (moderate ones fail it too: none is left to fix).

axe is the npm package vendored in tests/browser/vendor/ (its README names the version and
licence). Playwright injects it as an inline script, which the site's Content-Security-Policy
(`script-src 'self'`) refuses, so the context bypasses the policy: tests/browser/test_csp.py
checks the policy itself on the same pages.

One context per kind of person, signed in once; the language changes with the profile (or,
for an anonymous reader, with the browser's Accept-Language)."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from tests.browser.conftest import DESKTOP, sign_in_context
from tests.browser.test_narrow_screens import PAGES, forum_data, guidebook_data, urls  # noqa: F401
from tests.moderation.helpers import pending_thread

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
LANGUAGES = ("en", "ru")
# The brief of the check is serious and critical; moderate ones are fixed too (none is
# left), so a new one fails the run rather than piling up. Minor ones are best practice.
FAILING = ("moderate", "serious", "critical")

# Each unit's moderator opens the staff pages about their own unit.
UNIT_PAGES = ["review queues", "unit queue", "review page", "reports", "decision log"]
UNIT_PAGES += ["accounts queue", "dashboard", "thread", "search"]
KINDS = {
    **PAGES,
    "spmu_moderator": UNIT_PAGES,
    "odihr_moderator": UNIT_PAGES,
}

RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " — " + n.failureSummary),
  }));
}"""


def addresses_for(who, forum_data, guidebook_data, participant, themes):
    addresses = urls(forum_data, guidebook_data, participant)
    code = who.removesuffix("_moderator")
    if code in ("spmu", "odihr"):
        pending = pending_thread(themes[code], title=f"Waiting for {code}")
        addresses["unit queue"] = reverse("moderation:unit_queue", args=[code])
        addresses["reports"] = reverse("moderation:unit_reports", args=[code])
        addresses["review page"] = reverse("moderation:post_review", args=[pending.pk])
    return addresses


def check_pages(page, base_url, names, addresses, language):
    problems = []
    for name in names:
        response = page.goto(base_url + addresses[name])
        assert response.status == 200, f"{name} answered {response.status}"
        expect(page.locator("html")).to_have_attribute("lang", language)
        page.add_script_tag(path=str(AXE))
        for violation in page.evaluate(RUN_AXE):
            if violation["impact"] in FAILING:
                where = "\n      ".join(violation["nodes"])
                problems.append(
                    f"[{language}] {name} ({addresses[name]}): {violation['impact']} "
                    f"{violation['id']}: {violation['help']}\n      {where}"
                )
    return problems


@pytest.mark.parametrize("who", list(KINDS))
def test_axe_finds_no_serious_violation_on_any_page(
    who,
    browser,
    live_server,
    person,
    forum_data,
    guidebook_data,
    participant,
    themes,
    settings,
):
    user = person(who)
    addresses = addresses_for(who, forum_data, guidebook_data, participant, themes)
    problems = []
    if user is None:
        for language in LANGUAGES:
            context = browser.new_context(viewport=DESKTOP, bypass_csp=True, locale=language)
            try:
                problems += check_pages(
                    context.new_page(), live_server.url, KINDS[who], addresses, language
                )
            finally:
                context.close()
    else:
        settings.MODERATION_MFA_EXEMPT_EMAILS = [user.email]
        context = browser.new_context(viewport=DESKTOP, bypass_csp=True)
        try:
            sign_in_context(context, live_server, user)
            page = context.new_page()
            for language in LANGUAGES:
                User.objects.filter(pk=user.pk).update(language=language)
                problems += check_pages(page, live_server.url, KINDS[who], addresses, language)
        finally:
            context.close()
    assert not problems, f"axe, as {who}:\n" + "\n".join(problems)
