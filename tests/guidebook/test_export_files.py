"""Stored PDF exports: rendered after each publication, served from the database."""

import pytest
from django.urls import reverse

from guidebook.export import html as export_module
from guidebook.export.html import chapter_export, guidebook_export
from guidebook.models import ExportFile
from guidebook.selectors import chapters_for_export
from guidebook.services import exports, get_draft, link_contribution, publish_version, save_draft
from guidebook.services.exports import current_key, render_export_file

SITE = "https://consultation.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver", "elsewhere.example"]


@pytest.fixture
def renders(monkeypatch):
    """The HTML of every PDF laid out by WeasyPrint, in order."""
    calls = []
    real = exports.render_document

    def spy(html, *, site):
        calls.append(html)
        return real(html, site=site)

    monkeypatch.setattr(exports, "render_document", spy)
    return calls


@pytest.fixture
def publish(drafter, chapters, django_capture_on_commit_callbacks):
    """publish(text, run_tasks=True): saves chapter 1's draft and publishes it, running the
    tasks enqueued on commit (the in-process backend) unless told not to."""

    def run(text, *, run_tasks=True):
        base = get_draft(chapters["one"]).version
        save_draft(actor=drafter, chapter=chapters["one"], text=text, base_version=base)
        with django_capture_on_commit_callbacks(execute=run_tasks):
            return publish_version(actor=drafter, chapter=chapters["one"])

    return run


def keys():
    chapters = list(chapters_for_export())
    chapter_one = next(c for c in chapters if c.number == 1)
    return current_key(chapter_export(chapter_one)), current_key(guidebook_export(chapters))


def test_publishing_stores_the_chapter_and_guidebook_pdfs(publish, chapters):
    publish("First paragraph.")
    chapter_key, guidebook_key = keys()
    stored = {f.kind: f for f in ExportFile.objects.all()}
    assert set(stored) == {"chapter", "guidebook"}
    assert stored["chapter"].key == chapter_key
    assert stored["chapter"].chapter == chapters["one"]
    assert stored["guidebook"].key == guidebook_key
    assert stored["guidebook"].chapter is None
    for file in stored.values():
        assert bytes(file.pdf).startswith(b"%PDF-")
        assert file.pages >= 2  # contents page, then the chapter


def test_stored_pdf_is_served_without_rendering(
    client, publish, renders, django_assert_max_num_queries
):
    publish("First paragraph.")
    renders.clear()
    for url, kind in [
        (reverse("guidebook:export_chapter_pdf", args=[1]), "chapter"),
        (reverse("guidebook:export_guidebook_pdf"), "guidebook"),
    ]:
        with django_assert_max_num_queries(2):  # the chapters with their latest version, the file
            response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content == bytes(ExportFile.objects.get(kind=kind).pdf)
    assert renders == []


def test_a_new_publication_changes_the_key_and_the_export(client, publish, renders):
    publish("First paragraph.")
    old_keys = set(ExportFile.objects.values_list("key", flat=True))
    renders.clear()
    publish("First paragraph, rewritten.\n\nA second one.")
    # Rendered by the publication's task: the chapter, then the guidebook, as version 2.
    assert len(renders) == 2
    assert all("Version 2, published" in html and "A second one." in html for html in renders)
    new_keys = set(ExportFile.objects.values_list("key", flat=True))
    assert new_keys == set(keys())
    assert not new_keys & old_keys  # the superseded files are gone
    response = client.get(reverse("guidebook:export_chapter_pdf", args=[1]))
    assert response.content == bytes(ExportFile.objects.get(kind="chapter").pdf)
    assert len(renders) == 2


def test_a_missing_file_is_queued_on_request_and_served_once_stored(
    client, publish, renders, django_capture_on_commit_callbacks
):
    publish("First paragraph.", run_tasks=False)  # as if the task had not run yet
    assert not ExportFile.objects.exists()
    url = reverse("guidebook:export_chapter_pdf", args=[1])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.get(url)
    assert first.status_code == 202
    assert first["Retry-After"] == "60"
    page = first.content.decode()
    assert "The PDF is being prepared" in page and "Reload this page in a minute" in page
    assert '<nav class="breadcrumbs"' in page  # in the site's layout, not a bare message
    # The in-process tasks backend ran the queued render at once.
    assert len(renders) == 1 and "Version 1, published" in renders[0]
    stored = ExportFile.objects.get()
    assert stored.key == keys()[0]
    second = client.get(url)
    assert second.status_code == 200 and second.content == bytes(stored.pdf)
    assert len(renders) == 1  # the second request was served the stored file


def test_a_missing_file_is_queued_once_however_many_ask(
    client, publish, renders, settings, django_capture_on_commit_callbacks
):
    publish("First paragraph.", run_tasks=False)
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    from django.tasks import default_task_backend

    url = reverse("guidebook:export_guidebook_pdf")
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.get(url).status_code == 202
    queued = [r for r in default_task_backend.results if r.task.name == "render_export"]
    assert len(queued) == 1
    assert queued[0].kwargs == {"kind": "guidebook", "chapter_id": None}
    assert renders == []  # no request laid out a PDF
    # The worker runs it; from then on the file is served.
    queued[0].task.call(**queued[0].kwargs)
    assert client.get(url).status_code == 200
    assert len(renders) == 1


def test_the_stored_pdf_does_not_depend_on_the_request_host(
    client, publish, renders, django_capture_on_commit_callbacks
):
    publish("First paragraph.", run_tasks=False)
    url = reverse("guidebook:export_guidebook_pdf")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(url, HTTP_HOST="elsewhere.example").status_code == 202
    from_elsewhere = client.get(url, HTTP_HOST="elsewhere.example")
    assert from_elsewhere.status_code == 200
    assert "elsewhere.example" not in renders[0]
    assert client.get(url).content == from_elsewhere.content
    assert len(renders) == 1
    assert ExportFile.objects.count() == 1


def test_permalinks_in_the_pdf_use_the_site_address(
    publish, renders, accepted_post, drafter, chapters
):
    post = accepted_post()
    link_contribution(actor=drafter, post=post, chapter=chapters["one"])
    publish(f"Cites [[post:{post.pk}]].")
    assert f'href="{SITE}/posts/{post.pk}/"' in renders[0]


def test_two_renders_of_the_same_key_keep_one_file(publish):
    publish("First paragraph.", run_tasks=False)
    export = chapter_export(chapters_for_export().get(number=1))
    first = render_export_file(export=export)
    second = render_export_file(export=export)  # lost the race: the stored row is returned
    assert second.pk == first.pk
    assert ExportFile.objects.count() == 1


def test_the_key_changes_with_title_format_and_site(publish, chapters, monkeypatch, settings):
    publish("First paragraph.", run_tasks=False)
    before = keys()
    chapters["two"].title = "Renamed"
    chapters["two"].save()
    after_title = keys()
    assert after_title[0] == before[0]  # chapter 1's own PDF does not show chapter 2
    assert after_title[1] != before[1]
    monkeypatch.setattr(export_module, "EXPORT_FORMAT_REVISION", 99)
    assert not set(keys()) & set(after_title)
    settings.SITE_URL = "https://other.example.org"
    assert keys() != after_title


def test_stored_files_are_listed_in_the_admin_without_their_bytes(client_for, publish):
    publish("First paragraph.")
    response = client_for("administrator").get(reverse("admin:guidebook_exportfile_changelist"))
    assert response.status_code == 200
    assert keys()[1] in response.content.decode()
