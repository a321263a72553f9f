"""Fixtures for browser tests: Chromium driven by Playwright against pytest-django's live server.

The browser is the system Chromium (`/usr/bin/chromium`, or the path in CHROMIUM_PATH); the
Playwright-downloaded browsers are never used, so the tests need no network. Without a
Chromium the tests are skipped with one line naming the package to install, except when CI
is set: there a missing browser fails the run, so CI never passes without these tests.
"""

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from forum.models import ConsultationSchedule

# Playwright's sync API runs an asyncio event loop in the test thread, and Django refuses
# ORM calls from a thread with a running loop. The tests set up data with the ORM between
# browser steps, in the one thread, so the check would only get in the way here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
MISSING_CHROMIUM = "Chromium not found: apt-get install -y chromium"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}


def chromium_path() -> str | None:
    candidate = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
        return candidate
    return shutil.which(candidate)


def _missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Reports every browser test skipped for want of a browser at this file, so pytest's
    summary folds them into the one line that names the package to install."""
    report = yield
    if report.skipped and isinstance(report.longrepr, tuple):
        _path, _lineno, message = report.longrepr
        if MISSING_CHROMIUM in message:
            report.longrepr = (__file__, None, message)
    return report


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        _missing(MISSING_CHROMIUM)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright not installed: make test installs it from requirements.lock")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Assertions wait as long as actions may take on a loaded machine (see new_context).
expect.set_options(timeout=15_000)


def new_context(browser):
    context = browser.new_context(viewport=DESKTOP)
    # A page that never answers should fail the test in well under a minute, not hang the
    # run; publishing renders the PDF in the request (the in-process task backend), which
    # takes several seconds on a loaded two-core machine.
    context.set_default_timeout(30_000)
    return context


def sign_in_context(context, live_server, user) -> None:
    """From now on `context` carries a session for `user`."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


@pytest.fixture
def context(browser):
    context = new_context(browser)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def sign_in(context, live_server):
    """sign_in(user): the browser context carries a session for that user from now on."""

    def sign(user):
        sign_in_context(context, live_server, user)

    return sign


@pytest.fixture
def open_consultation(db):
    return ConsultationSchedule.objects.create(
        title="Preventing Terrorism and Countering VERLT: a Community Policing Approach",
        opens_at=datetime(2012, 3, 8, 9, 0, tzinfo=UTC),
    )


def screenshot_dir() -> Path:
    configured = os.environ.get("SCREENSHOT_DIR")
    if configured:
        return Path(configured).resolve()
    return Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"


@pytest.fixture
def screenshots(request):
    """The folder screenshots go into; noted so the run's summary prints where they are."""
    folder = screenshot_dir()
    folder.mkdir(parents=True, exist_ok=True)
    request.config.stash[SCREENSHOTS_TAKEN] = folder
    return folder


SCREENSHOTS_TAKEN = pytest.StashKey[Path]()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    folder = config.stash.get(SCREENSHOTS_TAKEN, None)
    if folder is not None:
        terminalreporter.write_line(f"Screenshots of the pages: {folder}")


def has_horizontal_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def _screenshot(page, path: Path, attempts: int = 3) -> None:
    """Chromium sometimes refuses a capture right after a resize on a busy machine
    ("Unable to capture screenshot"); the page is fine, so wait a frame and try again."""
    for attempt in range(1, attempts + 1):
        try:
            page.screenshot(path=path, full_page=True)
            return
        except PlaywrightError:
            if attempt == attempts:
                raise
            page.wait_for_timeout(250 * attempt)


def capture(page, folder: Path, name: str, *, phone: dict = PHONE) -> None:
    """Screenshots the current page at both widths; fails if the phone view scrolls sideways."""
    narrow = str(phone["width"])
    for label, viewport in (("1280", DESKTOP), (narrow, phone)):
        page.set_viewport_size(viewport)
        _screenshot(page, folder / f"{name}-{label}.png")
        if viewport is phone:
            assert not has_horizontal_overflow(page), f"{name} scrolls sideways at {narrow} px"
    page.set_viewport_size(DESKTOP)
