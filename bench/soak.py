"""`make soak`: the production shape under a bounded load, and a check that nothing is lost.

It creates a fresh PostgreSQL database, migrates and seeds it, starts gunicorn with four
workers and django-tasks-db's `db_worker`, then for a fixed time (loopback only) runs
readers, posters, repliers, reviewers and moderators approving at once. Midway it kills
one gunicorn worker (SIGKILL); clients whose request died with it send the same form again
(same token), as a browser would. Afterwards it checks that every thread, reply and review
comment the server accepted is in the database exactly once with the right status, that
every task (notification e-mails) ran, and that no page answered 5xx; then it prints
throughput and p50/p99 by page, and drops the database.

Not part of `make test`. Settings: DEBUG on (the demo accounts and plain-HTTP cookies) with
the database task backend; SOAK_SECONDS (default 60), SOAK_PORT (8765), SOAK_PG (the
server, default postgres://postgres@127.0.0.1:5432).
"""

import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from http.client import HTTPException
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
SECONDS = int(os.environ.get("SOAK_SECONDS", "60"))
PORT = int(os.environ.get("SOAK_PORT", "8765"))
SERVER = os.environ.get("SOAK_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
BASE = f"http://127.0.0.1:{PORT}"
PASSWORD = "demo-pass-2012"
PARTICIPANTS = 12
MODERATORS = ("atu@example.org", "spmu@example.org", "odihr@example.org")

SETUP = """
import json
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from accounts.models import User
from accounts.notices import current_privacy_notice, record_privacy_consent
from forum.models import Theme
from guidebook.models import ReviewRound
password = make_password({password!r})
notice = current_privacy_notice()
for n in range({participants}):
    email = f"soak-{{n}}@example.org"
    user = User.objects.create(username=f"soak-{{n}}", email=email, display_name=f"Soak {{n}}",
        stakeholder_group="civil_society", country="AT", password=password,
        profile_completed_at="2026-01-01T00:00:00Z")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    record_privacy_consent(user=user, notice=notice)
review = ReviewRound.objects.select_related("version__chapter").first()
print(json.dumps({{
    "themes": list(Theme.objects.values_list("slug", flat=True)),
    "review": [review.version.chapter.number, review.version.number] if review else None,
}}))
"""

CHECK = """
import json
from django_tasks_db.models import DBTaskResult
from accounts.models import FormSubmission
from forum.models import Notification, Post
from guidebook.models import ReviewComment
from moderation.models import Decision
expected = json.load(open({path!r}))
result = {{"missing": [], "duplicated": [], "wrong_status": [], "unnotified": []}}
for item in expected["accepted"]:
    model = ReviewComment if item["kind"] == "comment" else Post
    count = model.objects.filter(body=item["body"]).count()
    if count == 0:
        result["missing"].append(item["body"])
    elif count > 1:
        result["duplicated"].append(item["body"])
for item in expected["unanswered"]:
    model = ReviewComment if item["kind"] == "comment" else Post
    if model.objects.filter(body=item["body"]).count() > 1:
        result["duplicated"].append(item["body"])
approved = set(Decision.objects.filter(action="approve").values_list("post_id", flat=True))
for post in Post.objects.filter(body__startswith="soak "):
    right = "approved" if post.pk in approved else "pending"
    if post.status != right:
        result["wrong_status"].append(post.pk)
    elif post.pk in approved and not Notification.objects.filter(
        recipient_id=post.author_id, kind="moderation", url=post.get_absolute_url()
    ).exists():
        result["unnotified"].append(post.pk)
for pk in expected["approved"]:
    if pk not in approved:
        result["wrong_status"].append(pk)
result["tasks"] = dict(DBTaskResult.objects.values_list("status").annotate(
    n=__import__("django.db.models", fromlist=["Count"]).Count("id")).values_list("status", "n"))
result["posts"] = Post.objects.filter(body__startswith="soak ").count()
result["comments"] = ReviewComment.objects.filter(body__startswith="soak ").count()
result["approved"] = len(approved)
result["tokens"] = FormSubmission.objects.count()
print(json.dumps(result))
"""


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = defaultdict(list)
        self.statuses = defaultdict(int)
        self.server_errors = []
        self.retries = 0
        self.accepted = []
        self.unanswered = []
        self.approved = []

    def record(self, page, status, seconds):
        with self.lock:
            self.times[page].append(seconds)
            self.statuses[status] += 1
            if status >= 500:
                self.server_errors.append((page, status))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """One person's browser: cookies, CSRF token, no automatic redirects; a request whose
    connection dies is sent again, the same form with the same token."""

    def __init__(self, stats: Stats):
        self.stats = stats
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, page, path, data=None, attempts=4):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        for attempt in range(attempts):
            request = urllib.request.Request(BASE + path, data=body)
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
            if body is not None:
                request.add_header("Referer", BASE + path)
            started = time.perf_counter()
            try:
                response = self.opener.open(request, timeout=30)
            except urllib.error.HTTPError as error:
                response = error
            except (urllib.error.URLError, HTTPException, ConnectionError, TimeoutError):
                with self.stats.lock:
                    self.stats.retries += 1
                time.sleep(0.5 * (attempt + 1))
                continue
            text = response.read().decode("utf-8", "replace")
            self.stats.record(page, response.status, time.perf_counter() - started)
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, response.headers.get("Location", ""), text
        return None, "", ""

    def form_fields(self, html):
        fields = {
            "csrfmiddlewaretoken": _first(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        }
        token = _first(r'name="submission" value="([0-9a-f-]{36})"', html)
        if token:
            fields["submission"] = token
        return fields

    def sign_in(self, email):
        _, _, html = self.request("login", "/accounts/login/")
        status, _, _ = self.request(
            "login",
            "/accounts/login/",
            {**self.form_fields(html), "login": email, "password": PASSWORD},
        )
        if status != 302:
            raise SystemExit(f"could not sign in as {email}: {status}")


def _first(pattern, text):
    match = re.search(pattern, text)
    return match.group(1) if match else ""


def _submit(client, stats, kind, page, form_path, post_path, fields):
    status, _, html = client.request(page, form_path)
    if status != 200:
        return
    data = {**client.form_fields(html), **fields}
    status, location, _ = client.request(page + " (POST)", post_path or form_path, data)
    item = {"kind": kind, "body": fields["body"]}
    with stats.lock:
        (stats.accepted if status == 302 else stats.unanswered).append(item)


def reader(client, stats, setup, stop):
    paths = ["/", "/search/?q=trust", "/guidebook/"] + [f"/themes/{s}/" for s in setup["themes"]]
    while not stop.is_set():
        path = random.choice(paths)
        page = "theme" if path.startswith("/themes/") else path.split("?")[0]
        status, _, html = client.request(page, path)
        threads = re.findall(r'href="(/threads/\d+/)"', html or "")
        if threads:
            client.request("thread", random.choice(threads))


def poster(client, stats, setup, stop, n):
    while not stop.is_set():
        slug = random.choice(setup["themes"])
        body = f"soak thread {n}-{time.monotonic_ns()} by a poster"
        fields = {"title": f"Soak {n} {time.monotonic_ns()}", "kind": "comment", "body": body}
        _submit(client, stats, "thread", "new thread", f"/themes/{slug}/new/", None, fields)
        time.sleep(random.uniform(0.2, 0.8))


def replier(client, stats, setup, stop, n):
    while not stop.is_set():
        slug = random.choice(setup["themes"])
        _, _, html = client.request("theme", f"/themes/{slug}/")
        threads = re.findall(r'href="/threads/(\d+)/"', html or "")
        if threads:
            pk = random.choice(threads)
            fields = {"kind": "comment", "body": f"soak reply {n}-{time.monotonic_ns()}"}
            _submit(client, stats, "reply", "reply", f"/threads/{pk}/reply/", None, fields)
        time.sleep(random.uniform(0.2, 0.8))


def reviewer(client, stats, setup, stop, n):
    number, version = setup["review"]
    page_path = f"/guidebook/chapters/{number}/versions/{version}/"
    while not stop.is_set():
        status, _, html = client.request("version", page_path)
        para = _first(r'data-para-row="([^"]+)"', html or "")
        if status == 200 and para:
            fields = {
                "para_id": para,
                "selected_text": "",
                "body": f"soak comment {n}-{time.monotonic_ns()}",
            }
            data = {**client.form_fields(html), **fields}
            status, _, _ = client.request("comment (POST)", page_path + "comments/", data)
            with stats.lock:
                item = {"kind": "comment", "body": fields["body"]}
                (stats.accepted if status == 302 else stats.unanswered).append(item)
        time.sleep(random.uniform(0.5, 1.5))


def moderator(client, stats, setup, stop, unit):
    while not stop.is_set():
        _, _, html = client.request("unit queue", f"/moderation/units/{unit}/")
        pending = re.findall(r'href="/moderation/posts/(\d+)/"', html or "")
        if not pending:
            time.sleep(0.5)
            continue
        pk = random.choice(pending[:5])
        status, _, review = client.request("review page", f"/moderation/posts/{pk}/")
        if status != 200:
            continue
        data = {**client.form_fields(review), "decision": "approve"}
        status, location, _ = client.request(
            "decide (POST)", f"/moderation/posts/{pk}/decide/", data
        )
        if status == 302 and location.rstrip("/") != f"/moderation/posts/{pk}":
            with stats.lock:
                stats.approved.append(int(pk))


def _manage(env, *args, capture=False):
    run = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, capture_output=capture
    )
    return run.stdout


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _stop_on_sigterm(signum, frame):
    # So that `finally` stops the servers and drops the database when the run is cut short.
    raise KeyboardInterrupt


def main():
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    name = f"soak_{int(time.time())}"
    subprocess.run(["psql", f"{SERVER}/postgres", "-qc", f'CREATE DATABASE "{name}"'], check=True)
    mail_dir = tempfile.mkdtemp(prefix="soak-mail-")
    env = {
        **os.environ,
        "DATABASE_URL": f"{SERVER}/{name}",
        "DJANGO_DEBUG": "1",
        "DJANGO_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": mail_dir,
        "DJANGO_CONN_MAX_AGE": "60",
    }
    processes = []
    try:
        _manage(env, "migrate", "--noinput", capture=True)
        _manage(env, "seed_demo", capture=True)
        setup = json.loads(
            _manage(
                env,
                "shell",
                "-c",
                SETUP.format(password=PASSWORD, participants=PARTICIPANTS),
                capture=True,
            )
            .strip()
            .splitlines()[-1]
        )
        gunicorn = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "config.wsgi",
                "--workers",
                "4",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        worker = subprocess.Popen(
            [PY, "manage.py", "db_worker", "--interval", "0.2"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        processes = [gunicorn, worker]
        for _ in range(60):
            try:
                urllib.request.urlopen(BASE + "/", timeout=30)
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)

        stats, stop = Stats(), threading.Event()
        roles = []
        roles.extend((reader, Client(stats), ()) for _ in range(4))
        people = [f"soak-{n}@example.org" for n in range(PARTICIPANTS)]
        for n, email in enumerate(people):
            client = Client(stats)
            client.sign_in(email)
            role = (
                (poster, replier, reviewer)[n % 3] if setup["review"] else (poster, replier)[n % 2]
            )
            roles.append((role, client, (n,)))
        for email in MODERATORS:
            client = Client(stats)
            client.sign_in(email)
            roles.append((moderator, client, (email.split("@")[0],)))
        threads = [
            threading.Thread(target=f, args=(c, stats, setup, stop, *a), daemon=True)
            for f, c, a in roles
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        time.sleep(SECONDS / 2)
        children = subprocess.run(
            ["pgrep", "-P", str(gunicorn.pid)], capture_output=True, text=True
        ).stdout.split()
        killed = int(children[0]) if children else None
        if killed:
            os.kill(killed, signal.SIGKILL)
        time.sleep(SECONDS / 2)
        stop.set()
        # Clients finish the request they are in (each gives up after its retries).
        deadline = time.monotonic() + 90
        for thread in threads:
            thread.join(timeout=max(0.1, deadline - time.monotonic()))
        elapsed = time.perf_counter() - started

        # The task worker finishes what is queued (notification e-mails).
        for _ in range(60):
            left = _manage(
                env,
                "shell",
                "-c",
                "from django_tasks_db.models import DBTaskResult as T; print(T.objects.filter(status__in=['READY','RUNNING']).count())",  # noqa: E501
                capture=True,
            ).strip()
            if left.endswith("0"):
                break
            time.sleep(1)
        expected = Path(tempfile.mkstemp(suffix=".json")[1])
        expected.write_text(
            json.dumps(
                {
                    "accepted": stats.accepted,
                    "unanswered": stats.unanswered,
                    "approved": stats.approved,
                }
            )
        )
        check = json.loads(
            _manage(env, "shell", "-c", CHECK.format(path=str(expected)), capture=True)
            .strip()
            .splitlines()[-1]
        )
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        if os.environ.get("SOAK_KEEP") != "1":
            subprocess.run(
                [
                    "psql",
                    f"{SERVER}/postgres",
                    "-qc",
                    f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                ]
            )

    requests = sum(len(v) for v in stats.times.values())
    lines = [
        f"soak: {SECONDS} s of load, {len(roles)} clients (4 readers, {PARTICIPANTS} participants posting, replying and commenting, {len(MODERATORS)} moderators approving), gunicorn 4 workers + db_worker on PostgreSQL",  # noqa: E501
        f"gunicorn worker {killed} killed with SIGKILL at {SECONDS // 2} s; {stats.retries} requests sent again after a dropped connection",  # noqa: E501
        f"{requests} requests in {elapsed:.1f} s: {requests / elapsed:.1f} requests/s; statuses {dict(sorted(stats.statuses.items()))}",  # noqa: E501
        f"accepted submissions {len(stats.accepted)} (threads and replies {check['posts']} in the database, review comments {check['comments']}), answered otherwise {len(stats.unanswered)}; approvals {len(stats.approved)} by the clients, {check['approved']} approve decisions",  # noqa: E501
        f"missing {len(check['missing'])}, duplicated {len(check['duplicated'])}, wrong status {len(check['wrong_status'])}, approved without notification {len(check['unnotified'])}",  # noqa: E501
        f"tasks by status {check['tasks']}",
        f"5xx responses {len(stats.server_errors)}",
        "",
        f"{'page':<22}{'requests':>9}{'p50 ms':>9}{'p99 ms':>9}",
    ]
    for page in sorted(stats.times):
        values = stats.times[page]
        lines.append(
            f"{page:<22}{len(values):>9}{_percentile(values, 0.5) * 1000:>9.0f}{_percentile(values, 0.99) * 1000:>9.0f}"  # noqa: E501
        )
    ok = not (
        check["missing"]
        or check["duplicated"]
        or check["wrong_status"]
        or check["unnotified"]
        or stats.server_errors
        or set(check["tasks"]) - {"SUCCESSFUL"}
    )
    lines.append("")
    lines.append("PASS" if ok else "FAIL")
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
