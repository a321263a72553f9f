"""Response headers Django has no setting for."""

import base64
import hashlib
import re

from django.conf import settings
from django.utils.csp import CSP, build_policy


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
    response[CSP.HEADER_ENFORCE] = build_policy(config)
    return response
