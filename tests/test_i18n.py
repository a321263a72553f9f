"""Languages: the catalogues are complete and current, templates hold no text outside a
translation tag, the language comes from the profile, then the footer's switcher, then the
browser, and what a person reads (pages, posts, e-mails) is in the right language."""

import ast
import json
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy

from accounts.forms import ProfileForm
from forum.models import Post
from forum.search import rebuild_search_index
from forum.services.notifications import localized, notify
from forum.services.posts import reply
from moderation.services.decisions import approve_post
from tests.factories import ThemeFactory, ThreadFactory, UserFactory
from tests.moderation.helpers import pending_thread
from tests.template_text import untranslated_in, untranslated_text

BASE_DIR = Path(settings.BASE_DIR)
LOCALE = BASE_DIR / "locale"
COMPLETE = ("fr", "ru")
OFFERED = ("en", "fr", "de", "it", "ru", "es")
# What `makemessages` reads: the project's code and templates, not the environment or tests.
SOURCES = (
    "accounts",
    "common",
    "config",
    "demo",
    "forum",
    "guidebook",
    "moderation",
    "participation",
)
SOURCES += ("templates", "static", "manage.py")
IGNORE = ("--ignore=.venv", "--ignore=tests", "--ignore=bench", "--ignore=staticfiles")
IGNORE += ("--ignore=test-artifacts", "--ignore=node_modules")


@pytest.fixture(autouse=True)
def _back_to_english():
    """Requests in another language leave it active in this thread; later tests expect
    the site's language."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _text(response) -> str:
    return " ".join(strip_tags(response.content.decode()).split())


# The catalogues ----------------------------------------------------------------------------


def _entries(path: Path) -> list[dict]:
    """The entries of a .po file: msgid, plural msgid, the msgstr values, the flags and the
    source locations (`path:line`). Obsolete entries (#~) are left out: gettext ignores them."""
    entries, current, key = [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if current is not None:
                entries.append(current)
            current, key = None, None
            continue
        if line.startswith("#~"):
            continue
        current = current or {
            "msgid": "",
            "msgid_plural": None,
            "msgstr": {},
            "flags": set(),
            "locations": [],
        }
        if line.startswith("#,"):
            current["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#:"):
            current["locations"] += line[2:].split()
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = _unquote(line)
            if key[0] == "msgstr":
                current["msgstr"][key[1]] += value
            else:
                current[key[0]] += value
        else:
            name, _, rest = line.partition(" ")
            if name.startswith("msgstr"):
                index = name[len("msgstr[") : -1] if "[" in name else "0"
                key = ("msgstr", index)
                current["msgstr"][index] = _unquote(rest)
            else:
                key = (name, None)
                current[name] = _unquote(rest)
    return [entry for entry in entries if entry["msgid"]]  # the header has an empty msgid


def _unquote(text: str) -> str:
    return text[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")


def _catalogue(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("language", COMPLETE)
def test_the_french_and_russian_catalogues_have_no_untranslated_or_fuzzy_entry(language):
    entries = _entries(_catalogue(language))
    assert len(entries) > 500, "the catalogue looks empty"
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    assert not fuzzy, f"{language}: fuzzy entries to check: {fuzzy[:10]}"
    assert not untranslated, f"{language}: entries to translate: {untranslated[:10]}"


def test_the_catalogue_checker_sees_fuzzy_and_empty_entries(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n'
        '#, fuzzy, python-format\nmsgid "Hello %(name)s"\nmsgstr "Bonjour %(name)s"\n\n'
        'msgid "Not yet"\nmsgstr ""\n\n'
        'msgid "One"\nmsgid_plural "Many"\nmsgstr[0] "Un"\nmsgstr[1] ""\n\n'
        '#~ msgid "Gone"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    entries = {e["msgid"]: e for e in _entries(po)}
    assert set(entries) == {"Hello %(name)s", "Not yet", "One"}
    assert "fuzzy" in entries["Hello %(name)s"]["flags"]
    assert entries["Not yet"]["msgstr"] == {"0": ""}
    assert entries["One"]["msgstr"] == {"0": "Un", "1": ""}


# What German, Italian and Spanish need first: the navigation, the forms, the errors and the
# e-mails. Each pattern is matched against the whole path of an entry's `#:` location.
CORE_LANGUAGES = ("de", "it", "es")
CORE_LOCATIONS = {
    "navigation": (
        r"templates/base\.html",
        r"templates/includes/(header|footer|messages|schedule_banner|pagination)\.html",
    ),
    "errors": (r"templates/(400|403|404|429|500)\.html",),
    "e-mails": (r"templates/account/email/.+", r"templates/email/.+", r"forum/services/email\.py"),
    "forms": (
        r"[\w/]+/forms\.py",
        r"templates/account/[^/]+\.html",
        r"templates/allauth/elements/.+",
        r"templates/includes/(field|field_errors|field_messages|error_summary)\.html",
        r"templates/\w+/_\w*(field|form)\w*\.html",
    ),
    # The profile's checks: the service builds its messages before raising them.
    "validation": (r"accounts/services\.py",),
}
_GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}


def _validation_messages() -> set[tuple[str, str]]:
    """(path, msgid) of every text that the code raises in a `ValidationError` or puts on a
    form with `add_error`: validation messages are written in services as well as forms, and
    services hold other texts too, so they are found in the code rather than by file."""
    found = set()
    for source in SOURCES:
        for path in sorted((BASE_DIR / source).rglob("*.py")):
            for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                name = getattr(call, "func", None)
                name = getattr(name, "id", None) or getattr(name, "attr", None)
                if not isinstance(call, ast.Call) or name not in ("ValidationError", "add_error"):
                    continue
                for inner in ast.walk(call):
                    if (
                        isinstance(inner, ast.Call)
                        and getattr(inner.func, "id", None) in _GETTEXT
                        and inner.args
                        and isinstance(inner.args[0], ast.Constant)
                    ):
                        found.add((path.relative_to(BASE_DIR).as_posix(), inner.args[0].value))
    return found


def _core_categories(entry: dict, validation: set[tuple[str, str]]) -> set[str]:
    paths = {location.rpartition(":")[0] or location for location in entry["locations"]}
    found = {
        category
        for category, patterns in CORE_LOCATIONS.items()
        for pattern in patterns
        for path in paths
        if re.fullmatch(pattern, path)
    }
    if any((path, entry["msgid"]) in validation for path in paths):
        found.add("validation")
    return found


@pytest.mark.parametrize("language", CORE_LANGUAGES)
def test_german_italian_and_spanish_translate_navigation_forms_errors_and_e_mails(language):
    validation = _validation_messages()
    missing = [
        entry["msgid"]
        for entry in _entries(_catalogue(language))
        if _core_categories(entry, validation)
        and ("fuzzy" in entry["flags"] or not all(entry["msgstr"].values()))
    ]
    assert not missing, f"{language}: {len(missing)} core entries to translate: {missing[:10]}"


@pytest.mark.parametrize("language", CORE_LANGUAGES)
def test_every_core_location_pattern_still_matches_entries(language):
    """A renamed template or module would otherwise leave its pattern matching nothing, and
    the test above passing for no reason."""
    entries = _entries(_catalogue(language))
    paths = {loc.rpartition(":")[0] for entry in entries for loc in entry["locations"]}
    for category, patterns in CORE_LOCATIONS.items():
        for pattern in patterns:
            assert any(re.fullmatch(pattern, path) for path in paths), (category, pattern)
    validation = _validation_messages()
    assert len(validation) > 50, "the validation messages are no longer found in the code"
    in_catalogue = {
        (loc.rpartition(":")[0], entry["msgid"]) for entry in entries for loc in entry["locations"]
    }
    assert validation <= in_catalogue, sorted(validation - in_catalogue)[:10]


def _msgids(path: Path) -> set[tuple[str, str | None]]:
    return {(e["msgid"], e["msgid_plural"]) for e in _entries(path)}


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs gettext: apt-get install gettext")
def test_makemessages_would_add_nothing_to_the_catalogues(tmp_path):
    """Runs makemessages on a copy of the sources: a string in a translation tag that the
    catalogue lacks means `makemessages` was not run (and the entry not translated)."""
    for name in SOURCES:
        source = BASE_DIR / name
        target = tmp_path / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)
    shutil.copytree(LOCALE, tmp_path / "locale")
    languages = [f"--locale={language}" for language in COMPLETE]
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", *languages, *IGNORE, "--verbosity=0"],
        cwd=tmp_path,
        check=True,
        env={"DJANGO_DEBUG": "1", "PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": ""},
    )
    for language in COMPLETE:
        committed = _msgids(_catalogue(language))
        fresh = _msgids(tmp_path / "locale" / language / "LC_MESSAGES" / "django.po")
        missing = sorted(fresh - committed, key=str)
        stale = sorted(committed - fresh, key=str)
        assert not missing, (
            f"makemessages adds {len(missing)} entries to {language}: run `make messages` "
            f"and translate them: {missing[:10]}"
        )
        assert not stale, f"{language} holds entries no code uses any more: {stale[:10]}"


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="needs gettext: apt-get install gettext")
@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES if code != "en"])
def test_the_compiled_catalogues_match_the_po_files(language, tmp_path):
    """The .mo files are committed, so a fresh clone needs no gettext tools; they must be
    compiled from the .po files as they are (`manage.py compilemessages`)."""
    compiled = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check-format", "-o", compiled, _catalogue(language)],
        check=True,
    )
    committed = _catalogue(language).with_suffix(".mo")
    assert committed.read_bytes() == compiled.read_bytes(), (
        f"{committed} is older than its .po file: run `make messages`"
    )


# Templates ---------------------------------------------------------------------------------


def test_no_template_holds_user_facing_text_outside_a_translation_tag():
    found = untranslated_in(BASE_DIR / "templates")
    report = "\n".join(
        f"  {name}:{line}: {text}" for name, hits in found.items() for line, text in hits
    )
    assert not found, f"Text outside {{% translate %}} / {{% blocktranslate %}}:\n{report}"


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("<p>Sign in</p>", ["Sign in"]),
        ('<p>{% translate "Sign in" %}</p>', []),
        ("<p>{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}</p>", []),
        ("<p>{{ post.title }} · {{ when|date:'j M' }}</p>", []),
        ("<p>{{ count }} posts</p>", ["… posts"]),
        ('<a href="/" title="Home">{% translate "Home" %}</a>', ['title="Home"']),
        ('<input type="submit" value="Save">', ['value="Save"']),
        ('<button type="submit" name="do" value="approve">{% translate "Approve" %}</button>', []),
        ("<p>ODIHR · TNT/ATU</p>", []),
        ("<code>[[post:number]]</code><script>let a = 'text';</script>", []),
        ("{% comment %}A note for developers{% endcomment %}<!-- and this -->", []),
        ("<td{% if x %} class='num'{% endif %}>{{ value }}</td>", []),
    ],
)
def test_the_template_checker(tmp_path, source, found):
    path = tmp_path / "page.html"
    path.write_text("{% load i18n %}" + source, encoding="utf-8")
    assert [text for _line, text in untranslated_text(path)] == found


# Settings, choice of language, the switcher -----------------------------------------------


def test_the_site_offers_the_six_osce_languages():
    assert [code for code, _name in settings.LANGUAGES] == list(OFFERED)
    assert settings.USE_I18N


def test_the_profile_form_offers_the_six_languages(participant):
    form = ProfileForm(initial=ProfileForm.initial_for(participant))
    assert [code for code, _name in form.fields["language"].choices] == list(OFFERED)


@pytest.mark.django_db
def test_the_browser_language_is_used_when_nothing_else_says(client):
    page = client.get(reverse("forum:home"), HTTP_ACCEPT_LANGUAGE="ru,en;q=0.5")
    assert '<html lang="ru">' in page.content.decode()
    assert "Поиск" in _text(page)
    assert page["Content-Language"] == "ru"


@pytest.mark.django_db
def test_an_unknown_browser_language_falls_back_to_english(client):
    page = client.get(reverse("forum:home"), HTTP_ACCEPT_LANGUAGE="pt-BR")
    assert '<html lang="en">' in page.content.decode()


@pytest.mark.django_db
def test_the_switcher_sets_the_language_and_returns_to_the_page(client):
    thread = ThreadFactory()
    here = thread.get_absolute_url() + "?page=1"
    answer = client.post(reverse("accounts:set_language"), {"language": "fr", "next": here})
    assert answer.status_code == 302
    assert answer["Location"] == here
    assert answer.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    # The cookie outranks the browser's own preference.
    page = client.get(here, HTTP_ACCEPT_LANGUAGE="ru")
    assert '<html lang="fr">' in page.content.decode()
    assert "Répondre à ce fil" in _text(page) or "Connectez-vous pour répondre" in _text(page)


@pytest.mark.django_db
def test_the_switcher_refuses_an_address_elsewhere_and_a_get(client):
    answer = client.post(
        reverse("accounts:set_language"),
        {"language": "de", "next": "https://evil.example.com/"},
    )
    assert answer.status_code == 302
    assert "evil.example.com" not in answer["Location"]
    assert client.get(reverse("accounts:set_language")).status_code == 405


def test_the_switcher_saves_a_signed_in_persons_language_in_their_profile(client, participant):
    client.force_login(participant)
    client.post(reverse("accounts:set_language"), {"language": "ru", "next": "/"})
    participant.refresh_from_db()
    assert participant.language == "ru"
    # An unknown language changes nothing.
    client.post(reverse("accounts:set_language"), {"language": "xx", "next": "/"})
    participant.refresh_from_db()
    assert participant.language == "ru"


def test_the_switcher_checks_csrf_for_signed_in_people_only(participant, db):
    """Anonymous pages carry no CSRF token, so they can be cached; a signed-in person's switch
    changes their profile and is checked."""
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    anonymous = strict.post(reverse("accounts:set_language"), {"language": "fr", "next": "/"})
    assert anonymous.status_code == 302
    assert "csrfmiddlewaretoken" not in strict.get(reverse("forum:home")).text
    strict.force_login(participant)
    refused = strict.post(reverse("accounts:set_language"), {"language": "ru", "next": "/"})
    assert refused.status_code == 403
    participant.refresh_from_db()
    assert participant.language != "ru"
    page = strict.get(reverse("forum:home"))
    token = page.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    accepted = strict.post(
        reverse("accounts:set_language"),
        {"language": "ru", "next": "/", "csrfmiddlewaretoken": token},
    )
    assert accepted.status_code == 302
    participant.refresh_from_db()
    assert participant.language == "ru"


def test_the_profile_language_wins_over_the_browser_and_the_cookie(client, participant):
    participant.language = "fr"
    participant.save(update_fields=["language"])
    client.force_login(participant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    page = client.get(reverse("forum:home"), HTTP_ACCEPT_LANGUAGE="ru")
    assert '<html lang="fr">' in page.content.decode()
    assert "Rechercher" in _text(page)


def test_the_footer_switcher_works_without_javascript(client, db):
    page = client.get(reverse("forum:search") + "?q=police&next=/elsewhere/")
    html = page.content.decode()
    assert f'action="{reverse("accounts:set_language")}" method="post"' in html
    # Anonymous: no CSRF token, so the page may be cached (accounts/views.py: set_language).
    assert 'name="csrfmiddlewaretoken"' not in html
    assert '<input type="hidden" name="next" value="/search/?q=police">' in html
    assert '<option value="ru" lang="ru">Русский</option>' in html
    assert '<button type="submit"' in html


def test_a_new_account_takes_the_language_it_signed_up_in(client, settings, db):
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"
    client.post(
        reverse("account_signup"),
        {
            "email": "nouvelle@example.org",
            "password1": "un-mot-de-passe-2012",
            "password2": "un-mot-de-passe-2012",
            "privacy_consent": "on",
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    user = UserFactory._meta.model.objects.get(email="nouvelle@example.org")
    assert user.language == "fr"


# Dates, numbers, plurals -------------------------------------------------------------------


@pytest.mark.django_db
def test_dates_and_plurals_follow_the_language(client):
    theme = ThemeFactory(title="Human rights")
    for _ in range(5):
        ThreadFactory(theme=theme)
    text = _text(client.get(reverse("forum:home"), HTTP_ACCEPT_LANGUAGE="ru"))
    assert "5 обсуждений" in text
    text = _text(client.get(reverse("forum:home"), HTTP_ACCEPT_LANGUAGE="fr"))
    assert "5 fils" in text
    with translation.override("fr"):
        assert date_format(datetime(2012, 3, 8), "DATE_FORMAT") == "8 mars 2012"
        assert number_format(1234.5, decimal_pos=1, force_grouping=True) in (
            "1\u202f234,5",
            "1\xa0234,5",
        )
    with translation.override("ru"):
        assert date_format(datetime(2012, 3, 8), "DATE_FORMAT") == "8 марта 2012 г."


# Names that are data -----------------------------------------------------------------------


@pytest.mark.django_db
def test_themes_show_their_name_in_the_readers_language(client):
    ThemeFactory(
        title="Gender perspectives",
        translations={
            "fr": {"title": "Perspectives de genre"},
            "ru": {"title": "Гендерные аспекты"},
        },
    )
    assert "Гендерные аспекты" in _text(client.get("/", HTTP_ACCEPT_LANGUAGE="ru"))
    assert "Perspectives de genre" in _text(client.get("/", HTTP_ACCEPT_LANGUAGE="fr"))
    # German has no name yet: the English one shows.
    assert "Gender perspectives" in _text(client.get("/", HTTP_ACCEPT_LANGUAGE="de"))


def test_the_demo_data_names_every_theme_tag_and_chapter_in_french_and_russian():
    files = {
        "forum/data/themes.json": "title",
        "forum/data/tags.json": "name",
        "guidebook/data/guidebook_outline.json": "title",
    }
    for name, field in files.items():
        for item in json.loads((BASE_DIR / name).read_text(encoding="utf-8")):
            for language in COMPLETE:
                translated = item.get("translations", {}).get(language, {}).get(field)
                assert translated, (name, item[field], language)


# Posts and their language ------------------------------------------------------------------


def test_a_post_is_recorded_in_its_authors_language(participant, themes):
    participant.language = "ru"
    participant.save(update_fields=["language"])
    thread = ThreadFactory(theme=themes["atu"])
    post = reply(author=participant, thread=thread, kind=Post.Kind.COMMENT, body="Согласен.")
    assert post.language == "ru"


def test_the_post_and_its_excerpts_carry_the_posts_language(client, themes, participant):
    thread = ThreadFactory(
        theme=themes["atu"], opening__language="fr", opening__body="Police de proximité."
    )
    html = client.get(thread.get_absolute_url()).content.decode()
    assert 'class="post__body prose" lang="fr"' in html
    tag_page = client.get(reverse("accounts:profile", args=[thread.author.username]))
    assert tag_page.status_code == 200
    assert 'lang="fr"' in tag_page.content.decode()


def test_search_snippets_carry_the_posts_language(client, themes):
    ThreadFactory(
        theme=themes["atu"],
        title="Gemeinde",
        opening__language="de",
        opening__body="Bürgernahe Polizei im Quartier.",
    )
    rebuild_search_index()
    html = client.get(reverse("forum:search") + "?q=Polizei").content.decode()
    assert 'class="search-result__snippet" lang="de"' in html


# E-mails in the recipient's language -------------------------------------------------------


def test_a_notification_is_written_and_e_mailed_in_the_recipients_language(
    django_capture_on_commit_callbacks, db
):
    reader = UserFactory(language="ru", display_name="Ирина")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        notification = notify(
            recipient=reader,
            message=localized(
                gettext_lazy("Your contribution to “%(title)s” was approved and is now public."),
                {"title": "Доверие"},
            ),
            url="/threads/1/",
        )
    assert (
        notification.message == "Ваш материал в обсуждении «Доверие» одобрен и теперь опубликован."
    )
    (message,) = mail.outbox
    assert "Ваш материал в обсуждении «Доверие» одобрен" in message.subject
    assert "Здравствуйте, Ирина!" in message.body
    assert "Посмотреть на форуме:" in message.body


def test_a_moderators_decision_reaches_each_author_in_their_own_language(
    atu_moderator, themes, django_capture_on_commit_callbacks
):
    french = UserFactory(language="fr")
    post = pending_thread(themes["atu"], author=french, title="Confiance")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        approve_post(actor=atu_moderator, post=post)
    (message,) = mail.outbox
    assert message.to == [french.email]
    assert "Votre contribution à «\u00a0Confiance\u00a0» a été approuvée" in message.subject


def test_a_password_reset_e_mail_is_in_the_accounts_language(client, db):
    UserFactory(email="lena@example.org", language="de")
    client.post(
        reverse("account_reset_password"), {"email": "lena@example.org"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    (message,) = mail.outbox
    assert "Passwort" in message.subject + message.body


def test_a_signed_in_staff_session_keeps_its_profile_language(client, atu_moderator, settings):
    settings.MODERATION_MFA_EXEMPT_EMAILS = [atu_moderator.email]
    atu_moderator.language = "ru"
    atu_moderator.save(update_fields=["language"])
    client.force_login(atu_moderator)
    text = _text(client.get(reverse("moderation:home")))
    assert "Очереди на проверку" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "button"), [("account_login", "Sign in"), ("account_signup", "Register")]
)
def test_the_entrance_forms_buttons_are_in_the_readers_language(client, name, button):
    with translation.override("ru"):
        translated = translation.gettext(button)
    assert translated != button
    page = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="ru")
    assert f">{translated}</button>" in page.content.decode()


def test_dates_are_written_the_way_each_language_writes_them(client, themes, participant):
    """Templates name a format, not a pattern (config/formats/): the same post's date reads
    "3 Dec 2026" in English, "03.12.2026" in Russian and "03/12/2026" in French."""
    import datetime

    from django.utils import timezone

    from forum.models import Post
    from tests.factories import ThreadFactory

    thread = ThreadFactory(theme=themes["atu"], author=participant)
    when = timezone.make_aware(datetime.datetime(2026, 12, 3, 9, 30))
    Post.objects.filter(pk=thread.first_post_id).update(created_at=when)
    pages = {
        language: client.get(thread.get_absolute_url(), headers={"accept-language": language}).text
        for language in ("en", "ru", "fr")
    }
    assert "3 Dec 2026, 09:30" in pages["en"]
    assert "03.12.2026 09:30" in pages["ru"]
    assert "03/12/2026 09:30" in pages["fr"]


def test_a_post_is_in_its_authors_language_unless_they_choose_another(themes, participant):
    from forum import services
    from forum.models import Post

    participant.language = "ru"
    participant.save(update_fields=["language"])
    thread = services.start_thread(
        author=participant, theme=themes["atu"], title="Участковые", kind="comment", body="Текст"
    )
    Post.objects.filter(pk=thread.first_post_id).update(status=Post.Status.APPROVED)
    thread = type(thread).objects.get(pk=thread.pk)
    chosen = services.reply(
        author=participant,
        thread=thread,
        kind="comment",
        body="Le texte est en français.",
        language="fr",
    )
    unknown = services.reply(
        author=participant, thread=thread, kind="comment", body="Text", language="xx"
    )
    assert thread.first_post.language == "ru"
    assert Post.objects.get(pk=chosen.pk).language == "fr"
    assert Post.objects.get(pk=unknown.pk).language == "ru"


def test_the_post_forms_offer_the_language_starting_from_the_authors(client_for, themes):
    from forum.models import Post

    client = client_for("participant")
    page = client.get(f"/themes/{themes['atu'].slug}/new/").text
    assert 'name="language"' in page
    assert '<option value="en" selected>' in page

    response = client.post(
        f"/themes/{themes['atu'].slug}/new/",
        {
            "title": "Polizia di prossimità",
            "kind": "comment",
            "body": "Il testo.",
            "language": "it",
        },
    )
    assert response.status_code == 302
    post = Post.objects.get(thread__title="Polizia di prossimità")
    assert post.language == "it"

    # The language can be put right later, and the thread page says it at once.
    client.post(
        f"/posts/{post.pk}/edit/",
        {
            "title": "Polizia di prossimità",
            "kind": "comment",
            "body": "Il testo.",
            "language": "es",
        },
    )
    post.refresh_from_db()
    assert post.language == "es"
