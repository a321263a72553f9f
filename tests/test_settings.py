"""Settings read from the environment: each case starts a fresh interpreter, because
settings are read once at import and the test process has its own."""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "debug": settings.DEBUG,
    "engine": db["ENGINE"],
    "name": str(db["NAME"]),
    "options": db.get("OPTIONS", {}),
    "conn_max_age": db.get("CONN_MAX_AGE"),
    "conn_health_checks": db.get("CONN_HEALTH_CHECKS"),
    "cache": settings.CACHES["default"]["BACKEND"],
    "session_engine": settings.SESSION_ENGINE,
    "email_backend": settings.MAILERS["default"]["BACKEND"],
    "email_options": settings.MAILERS["default"].get("OPTIONS", {}),
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "secure_ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
}))
"""

# Variables of the test process that must not leak into the fresh interpreter (the browser
# tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE, which `check --deploy` rightly refuses).
CLEARED = (
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DATABASE_URL",
    "DJANGO_CONN_MAX_AGE",
    "DJANGO_CONN_HEALTH_CHECKS",
    "SQLITE_PATH",
    "REDIS_URL",
    "EMAIL_HOST",
    "EMAIL_BACKEND",
    "DJANGO_SECURE_SSL_REDIRECT",
    "DJANGO_TRUSTED_PROXY_COUNT",
    "DJANGO_CLIENT_IP_HEADER",
    "DJANGO_CSRF_TRUSTED_ORIGINS",
)


def python(code: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in CLEARED}
    environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_for(**env: str) -> dict:
    result = python(PRINT_SETTINGS, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_missing_secret_key_with_debug_off_stops_start_up():
    result = python("import django; django.setup()", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_asked_for():
    assert settings_for(DJANGO_SECRET_KEY="x" * 50)["debug"] is False


def test_debug_on_needs_no_secret_key():
    assert settings_for(DJANGO_DEBUG="1")["debug"] is True


def test_unreadable_boolean_is_refused_with_its_name():
    result = python("import django; django.setup()", DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be one of" in result.stderr


def test_sqlite_by_default_waits_for_writers_and_uses_wal(tmp_path):
    config = settings_for(DJANGO_DEBUG="1", SQLITE_PATH=str(tmp_path / "db.sqlite3"))
    assert config["engine"] == "django.db.backends.sqlite3"
    assert config["name"] == str(tmp_path / "db.sqlite3")
    assert config["options"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["options"]["init_command"]


def test_sqlite_file_connection_is_in_wal_mode(tmp_path):
    code = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('PRAGMA journal_mode')\n"
        "    print(c.fetchone()[0])\n"
    )
    result = python(code, DJANGO_DEBUG="1", SQLITE_PATH=str(tmp_path / "db.sqlite3"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wal"


def test_database_url_selects_postgresql_with_persistent_connections_in_production():
    config = settings_for(
        DJANGO_SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://forum@db.example.org:5432/forum",
    )
    assert config["engine"] == "django.db.backends.postgresql"
    assert config["name"] == "forum"
    assert config["conn_max_age"] == 60
    # No hidden SELECT 1 before every request unless asked for.
    assert config["conn_health_checks"] is False
    checked = settings_for(
        DJANGO_SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://forum@db.example.org:5432/forum",
        DJANGO_CONN_HEALTH_CHECKS="1",
    )
    assert checked["conn_health_checks"] is True


def test_sqlite_keeps_connections_as_long_as_asked(tmp_path):
    path = str(tmp_path / "db.sqlite3")
    assert settings_for(DJANGO_SECRET_KEY="x" * 50, SQLITE_PATH=path)["conn_max_age"] == 60
    assert settings_for(DJANGO_DEBUG="1", SQLITE_PATH=path)["conn_max_age"] == 0
    config = settings_for(DJANGO_DEBUG="1", SQLITE_PATH=path, DJANGO_CONN_MAX_AGE="30")
    assert config["conn_max_age"] == 30


def test_redis_url_moves_cache_and_sessions_to_redis():
    config = settings_for(DJANGO_DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/0")
    assert config["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert config["session_engine"] == "django.contrib.sessions.backends.cache"


def test_without_redis_cache_is_local_memory_and_sessions_in_the_database():
    config = settings_for(DJANGO_DEBUG="1")
    assert config["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    # Kept in the database, read through the cache: a signed-in page reads no session row.
    assert config["session_engine"] == "django.contrib.sessions.backends.cached_db"


def test_e_mail_goes_to_the_console_in_development_and_smtp_when_a_host_is_given():
    assert settings_for(DJANGO_DEBUG="1")["email_backend"].endswith("console.EmailBackend")
    smtp = settings_for(DJANGO_DEBUG="1", EMAIL_HOST="smtp.example.org")
    assert smtp["email_backend"].endswith("smtp.EmailBackend")
    assert smtp["email_options"]["host"] == "smtp.example.org"
    assert smtp["email_options"]["port"] == 587


def test_allowed_hosts_are_read_as_a_comma_separated_list():
    config = settings_for(DJANGO_DEBUG="1", DJANGO_ALLOWED_HOSTS="forum.example.org, example.org")
    assert config["allowed_hosts"] == ["forum.example.org", "example.org"]


def test_production_defaults_are_secure():
    config = settings_for(DJANGO_SECRET_KEY="x" * 50)
    assert config["secure_ssl_redirect"] is True
    assert config["session_cookie_secure"] is True


def deploy_check(*options: str, **env: str) -> subprocess.CompletedProcess:
    """`manage.py check --deploy` in a fresh interpreter with a production secret and host."""
    return python(
        "from django.core.management import execute_from_command_line; "
        f"execute_from_command_line({['manage.py', 'check', '--deploy', *options]!r})",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "x7Qp" * 10,
        DJANGO_ALLOWED_HOSTS="forum.example.org",
        **env,
    )


# The production environment README documents ("Running in production"), less the secret
# and host deploy_check gives.
PRODUCTION = {
    "EMAIL_HOST": "smtp.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "DATABASE_URL": "postgres://forum:secret@127.0.0.1:5432/forum",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://forum.example.org",
    "DJANGO_TRUSTED_PROXY_COUNT": "1",
}


def test_deploy_check_passes_with_production_settings():
    result = deploy_check("--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    assert "no issues" in result.stdout + result.stderr


def test_deploy_check_refuses_production_without_a_shared_cache():
    """Without Redis each gunicorn worker would count rate limits on its own."""
    env = {k: v for k, v in PRODUCTION.items() if k != "REDIS_URL"}
    result = deploy_check(**env)
    assert result.returncode != 0
    assert "django_ratelimit.E003" in result.stdout + result.stderr


def test_deploy_check_refuses_production_without_an_smtp_server():
    """Without EMAIL_HOST, e-mail would go to the console: nobody could verify an address."""
    result = deploy_check()
    assert result.returncode != 0
    assert "mail.E001" in result.stdout + result.stderr
