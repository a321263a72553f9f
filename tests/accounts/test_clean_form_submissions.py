"""Old form submission tokens are deleted by `clean_form_submissions`."""

import uuid
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import FormSubmission


@pytest.fixture
def tokens(participant, settings):
    settings.FORM_SUBMISSION_KEEP_DAYS = 7
    now = timezone.now()
    for age in (0, 6, 8, 30):
        FormSubmission.objects.create(
            user=participant, token=uuid.uuid4(), created_at=now - timedelta(days=age)
        )


def test_tokens_older_than_the_setting_are_deleted(tokens):
    out = StringIO()
    call_command("clean_form_submissions", stdout=out)
    assert "2 form submissions deleted" in out.getvalue()
    assert FormSubmission.objects.count() == 2


def test_a_dry_run_counts_and_keeps_them(tokens):
    out = StringIO()
    call_command("clean_form_submissions", "--dry-run", stdout=out)
    assert "2 form submissions would be deleted" in out.getvalue()
    assert FormSubmission.objects.count() == 4
