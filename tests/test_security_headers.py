"""The headers every page sends: a strict Content-Security-Policy (nothing inline, nothing
framed, forms post only here), and the browser-side hardening headers. The browser test
`tests/browser/test_csp.py` loads the pages and fails on any violation Chromium reports."""

import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.mark.django_db
def test_every_page_sends_a_strict_content_security_policy(client):
    response = client.get(reverse("forum:home"))
    header = response["Content-Security-Policy"]
    policy = _directives(header)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header


@pytest.mark.django_db
def test_error_pages_send_the_policy_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_browser_hardening_headers(client):
    response = client.get(reverse("forum:home"))
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy


@pytest.mark.django_db
def test_https_responses_carry_hsts_when_configured(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("forum:home"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_production_cookies_are_secure():
    """Settings read with DEBUG off (the test process runs with it on): see test_settings."""
    from tests.test_settings import settings_for

    production = settings_for(DJANGO_SECRET_KEY="x" * 50)
    assert production["session_cookie_secure"] is True


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>"), "an inline <script>"),
    (re.compile(r"\sstyle\s*="), "a style attribute"),
    (re.compile(r"\son[a-z]+\s*=\s*[\"']"), "an inline event handler"),
    (re.compile(r"javascript:"), "a javascript: link"),
]
# A document made to be saved and printed on its own; its stylesheet is allowed by hash.
SELF_CONTAINED = {"guidebook/export.html"}


def test_no_template_has_inline_script_or_style():
    """The policy would block them: every script and style lives in static/."""
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = str(path.relative_to(TEMPLATES))
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            if pattern.search(text):
                found.append(f"{name}: {what}")
        if "<style" in text and name not in SELF_CONTAINED:
            found.append(f"{name}: a <style> block")
    assert not found, found


@pytest.mark.django_db
def test_the_html_export_allows_exactly_its_own_stylesheet(client, chapters):
    response = client.get(reverse("guidebook:export_guidebook"))
    assert response.status_code == 200
    html = response.content.decode()
    body = re.search(r"<style>(.*?)</style>", html, re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
    policy = _directives(response["Content-Security-Policy"])
    assert policy["style-src"] == ["'self'", f"'sha256-{digest}'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
