"""Response headers Django has no setting for."""

import base64
import hashlib
import re
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.shortcuts import render
from django.utils.csp import CSP, build_policy
from django.utils.translation import gettext as _


class PermissionsPolicyMiddleware:
    """Sends `settings.PERMISSIONS_POLICY` on every response: the browser features (camera,
    microphone, location, …) no page of the site uses are refused to every page, so a script
    that got in anyway could not ask for them either."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.PERMISSIONS_POLICY
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response


_STYLE_BLOCK = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def with_inline_styles_allowed(response, html: str):
    """The policy for a self-contained document (the guidebook's HTML export keeps its print
    stylesheet inside, so a saved copy still prints): the site's policy plus the hash of each
    `<style>` block in it. Nothing else inline runs, and a changed block no longer matches."""
    hashes = [
        f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'"
        for body in _STYLE_BLOCK.findall(html)
    ]
    config = {**settings.SECURE_CSP, "style-src": [*settings.SECURE_CSP["style-src"], *hashes]}
    response[CSP.HEADER_ENFORCE.value] = build_policy(config)
    return response


_BROKEN_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _address_problem(request) -> str | None:
    """Why this request's address cannot be read as written, or None."""
    if any(ord(c) < 32 or ord(c) == 127 for c in request.path):
        return _("The address holds a control character (such as a NUL byte).")
    query = request.META.get("QUERY_STRING", "")
    if _BROKEN_PERCENT.search(query):
        return _("The address has a “%” that is not followed by two hexadecimal digits.")
    try:
        decoded = unquote_to_bytes(query.replace("+", " ")).decode("utf-8")
    except UnicodeDecodeError:
        return _("The address holds bytes that are not UTF-8 text.")
    if any(ord(c) < 32 and c not in "\t\n\r" for c in decoded):
        return _("The address holds a control character (such as a NUL byte).")
    return None


class RefuseMalformedAddressMiddleware:
    """Answers 400, saying what is wrong, for an address no page can use: a NUL or other
    control character in the path or query (PostgreSQL refuses NUL in text, so a lookup
    would fail), broken percent-encoding, or bytes that are not UTF-8. Views then never see
    such input, whichever parameter it came in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if problem := _address_problem(request):
            return render(request, "400.html", {"problem": problem}, status=400)
        return self.get_response(request)
