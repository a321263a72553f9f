# ruff: noqa: F811 - the page list's fixtures are imported from test_narrow_screens
"""Every page of the page list, opened as each kind of person, runs under the site's
Content-Security-Policy without a single violation: Chromium reports each blocked script,
style or image in the console and as a `securitypolicyviolation` event, and the test fails
naming the page and what was blocked."""

import pytest

from tests.browser.test_narrow_screens import PAGES, forum_data, guidebook_data, urls  # noqa: F401

pytestmark = pytest.mark.browser

# Collects the page's violation events; init scripts run outside the page's policy.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


@pytest.mark.parametrize("who", list(PAGES))
def test_no_page_breaks_the_content_security_policy(
    who,
    page,
    sign_in,
    live_server,
    person,
    forum_data,
    guidebook_data,
    participant,
    settings,
):
    user = person(who)
    if user is not None:
        settings.MODERATION_MFA_EXEMPT_EMAILS = [user.email]
        sign_in(user)
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    page.add_init_script(LISTEN)
    addresses = urls(forum_data, guidebook_data, participant)
    problems = []
    for name in PAGES[who]:
        console.clear()
        response = page.goto(live_server.url + addresses[name])
        assert response.status == 200, f"{name} answered {response.status} to {who}"
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
        violations = page.evaluate("window.__cspViolations") + console
        problems.extend(f"{name} ({addresses[name]}): {v}" for v in violations)
    assert not problems, f"CSP violations as {who}:\n" + "\n".join(problems)
