"""A real task worker (django-tasks-db's `db_worker`, in its own process) against the
database backend production uses: an e-mail queued by a service is sent and the task
marked done; one the mail server refuses is tried again, then recorded as failed.

The worker and the code that queues work run as separate processes on a database of their
own (a SQLite file, or a throwaway PostgreSQL database), as they do in production.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)

QUEUE = """
import json
from django.db import transaction
from forum.services.notifications import notify
from tests.factories import UserFactory
with transaction.atomic():
    person = UserFactory(email="{email}")
    notification = notify(recipient=person, message="{message}", url="/threads/1/")
print(json.dumps({{"notification": notification.pk}}))
"""

HOLD = """
import json
from datetime import timedelta
from django.db import transaction
from django.utils import timezone
from forum.services.notifications import holding_notifications, notify
from tests.factories import UserFactory
until = timezone.now() + timedelta(seconds={seconds})
with transaction.atomic():
    person = UserFactory(email="{email}")
    with holding_notifications(until=until):
        notification = notify(recipient=person, message="Approved.", url="/threads/1/")
print(json.dumps({{"notification": notification.pk, "until": until.timestamp()}}))
"""

RELEASES = """
import json
from django_tasks_db.models import DBTaskResult
from forum.models import Notification
rows = DBTaskResult.objects.filter(task_path__endswith="release_held_notifications_task")
print(json.dumps({{
    "releases": sorted(r.status for r in rows),
    "emailed": Notification.objects.get(pk={pk}).emailed_at is not None,
}}))
"""

REPORT = """
import json
from django_tasks_db.models import DBTaskResult
from forum.models import Notification
rows = DBTaskResult.objects.filter(args_kwargs__kwargs__notification_id={pk})
print(json.dumps({{
    "statuses": sorted(r.status for r in rows),
    "emailed": Notification.objects.get(pk={pk}).emailed_at is not None,
}}))
"""


@pytest.fixture
def worker_env(tmp_path):
    """The environment of a project process on a fresh, migrated database of its own."""
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DJANGO_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "NOTIFICATION_EMAIL_RETRY_SECONDS": "0",
    }
    dropped = None
    if connection.vendor == "postgresql":
        name = f"worker_{uuid.uuid4().hex[:12]}"
        _postgres_admin(f'CREATE DATABASE "{name}"')
        base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        env["DATABASE_URL"] = f"{base}/{name}"
        dropped = name
    else:
        env["DATABASE_URL"] = ""
        env["SQLITE_PATH"] = str(tmp_path / "worker.sqlite3")
    _manage(env, "migrate", "--noinput")
    yield env
    if dropped:
        _postgres_admin(f'DROP DATABASE IF EXISTS "{dropped}" WITH (FORCE)')


def _postgres_admin(sql: str) -> None:
    import psycopg2

    params = connection.get_connection_params()
    admin = psycopg2.connect(**{**params, "dbname": "postgres"})
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql)
    admin.close()


def _manage(env, *args, timeout=180) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _shell(env, code: str) -> dict:
    return json.loads(_manage(env, "shell", "-c", code).strip().splitlines()[-1])


def _work(env) -> None:
    _manage(env, "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0.1")


@pytest.mark.django_db
def test_the_worker_sends_a_queued_e_mail_and_marks_the_task_done(worker_env, tmp_path):
    queued = _shell(worker_env, QUEUE.format(email="reader@example.org", message="Approved."))
    before = _shell(worker_env, REPORT.format(pk=queued["notification"]))
    assert before == {"statuses": ["READY"], "emailed": False}

    _work(worker_env)

    after = _shell(worker_env, REPORT.format(pk=queued["notification"]))
    assert after == {"statuses": ["SUCCESSFUL"], "emailed": True}
    sent = "".join(p.read_text() for p in (tmp_path / "mail").iterdir())
    assert "To: reader@example.org" in sent and "Approved." in sent


@pytest.mark.django_db
def test_a_refused_e_mail_is_retried_then_recorded_as_failed(worker_env):
    from forum.tasks import EMAIL_ATTEMPTS

    queued = _shell(worker_env, QUEUE.format(email="reader@example.org", message="Approved."))
    # Nothing listens on the discard port of the loopback address: every attempt is refused.
    refused = {**worker_env, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": "9", "EMAIL_USE_TLS": "0"}

    _work(refused)

    after = _shell(worker_env, REPORT.format(pk=queued["notification"]))
    assert after["statuses"] == sorted(["SUCCESSFUL"] * (EMAIL_ATTEMPTS - 1) + ["FAILED"])
    assert after["emailed"] is False


@pytest.mark.django_db
def test_a_held_notification_is_e_mailed_by_the_worker_once_its_hold_ends(worker_env, tmp_path):
    """Nobody schedules anything: the hold queued its own release for the hold's end."""
    import time

    # Long enough that the first worker run surely starts and ends inside the hold.
    held = _shell(worker_env, HOLD.format(seconds=8, email="author@example.org"))

    _work(worker_env)  # before the hold ends: the release is not due yet
    early = _shell(worker_env, RELEASES.format(pk=held["notification"]))
    assert early == {"releases": ["READY"], "emailed": False}

    time.sleep(max(0.0, held["until"] - time.time()) + 0.2)
    _work(worker_env)
    after = _shell(worker_env, RELEASES.format(pk=held["notification"]))
    assert after == {"releases": ["SUCCESSFUL"], "emailed": True}
    sent = "".join(p.read_text() for p in (tmp_path / "mail").iterdir())
    assert "To: author@example.org" in sent
