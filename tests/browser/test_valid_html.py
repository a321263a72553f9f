# ruff: noqa: F811 - the page list's fixtures are imported from test_narrow_screens
"""The W3C Nu HTML Checker (vnu.jar, from the `vnu-jar` npm package, run with the machine's
Java) reports no error on any page of the page list, as each kind of person, in English and
in Russian. The pages are fetched with Django's test client and saved as files, and one run
of the checker reads them all; a failure names the page, the line and the message.

The jar (about 30 MB) is not committed. The test looks for it at $VNU_JAR, then at
tests/browser/vendor/vnu/vnu.jar (ignored by git), then at node_modules/vnu-jar/build/dist/;
`.ci/run` fetches it with `npm pack vnu-jar` into the second place. Without a jar (or a Java)
the test is skipped, except when CI is set: there it fails, so CI never passes unchecked."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

from accounts.models import User
from tests.browser.test_accessibility import KINDS, LANGUAGES, addresses_for
from tests.browser.test_narrow_screens import forum_data, guidebook_data  # noqa: F401

ROOT = Path(django_settings.BASE_DIR)
JAR_PLACES = [
    ROOT / "tests" / "browser" / "vendor" / "vnu" / "vnu.jar",
    ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar",
]


def vnu_jar() -> Path | None:
    configured = os.environ.get("VNU_JAR")
    places = [Path(configured)] if configured else JAR_PLACES
    return next((place for place in places if place.is_file()), None)


def _missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def save_pages(folder: Path, who, user, addresses, *, language) -> None:
    client = Client(headers={"accept-language": language})
    if user is not None:
        User.objects.filter(pk=user.pk).update(language=language)
        client.force_login(user)
    for name in KINDS[who]:
        response = client.get(addresses[name])
        assert response.status_code == 200, f"{name} answered {response.status_code} to {who}"
        html = response.content.decode()
        assert f'<html lang="{language}"' in html, f"{name} is not in {language} for {who}"
        (folder / f"{who}--{language}--{name.replace(' ', '-')}.html").write_text(html)


def test_the_nu_html_checker_finds_no_error_on_any_page(
    tmp_path, person, forum_data, guidebook_data, participant, themes, settings
):
    jar = vnu_jar()
    java = shutil.which("java")
    if jar is None or java is None:
        _missing("vnu.jar or Java not found: set VNU_JAR, or run `npm pack vnu-jar` (see .ci/run)")
    people = {who: person(who) for who in KINDS}
    settings.MODERATION_MFA_EXEMPT_EMAILS = [u.email for u in people.values() if u is not None]
    for who, user in people.items():
        addresses = addresses_for(who, forum_data, guidebook_data, participant, themes)
        for language in LANGUAGES:
            save_pages(tmp_path, who, user, addresses, language=language)

    run = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", "--exit-zero-always"]
        + [str(path) for path in sorted(tmp_path.glob("*.html"))],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    problems = sorted(
        {
            f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}"
            for m in messages
            if m["type"] == "error" or m.get("subType") == "fatal"
        }
    )
    assert not problems, f"{len(problems)} HTML errors:\n" + "\n".join(problems)
