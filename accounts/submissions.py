"""Sending a form twice makes one object.

A form that creates something carries a random token (`SubmissionTokenField`), made when
the form is shown and sent back with it, unchanged when the form is shown again with
errors. `submit_once` records the token in the same transaction as the object it makes:
a second submission with the same token (a double click, a browser retrying after a lost
response, a worker killed after the commit) waits for the first one's transaction, finds
its row and returns the object the first one made. The unique constraint on the token,
not a read before the write, is what decides, so it holds across workers and servers.
A form sent without a token (an old page) is saved as before.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from accounts.models import FormSubmission


class SubmissionTokenField(forms.UUIDField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("initial", uuid.uuid4)
        super().__init__(**kwargs)


@dataclass(frozen=True)
class Submitted:
    obj: models.Model
    # False when this was a repeat of a submission already saved.
    first: bool


def submit_once(*, user, token: uuid.UUID | None, save: Callable[[], models.Model]) -> Submitted:
    """Calls `save()` unless this person already sent this token; returns what it made, or
    what the first submission made. `save`'s exceptions pass through and leave no record,
    so the corrected form may be sent again with the same token."""
    if token is None:
        return Submitted(obj=save(), first=True)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = FormSubmission.objects.create(user=user, token=token)
        except IntegrityError:
            record = FormSubmission.objects.get(user=user, token=token)
            model = apps.get_model(record.target_model)
            return Submitted(obj=model._default_manager.get(pk=record.target_id), first=False)
        obj = save()
        record.target_model = obj._meta.label_lower
        record.target_id = obj.pk
        record.save(update_fields=["target_model", "target_id"])
        return Submitted(obj=obj, first=True)


def delete_old_submissions(*, dry_run: bool = False) -> int:
    """Deletes the tokens older than FORM_SUBMISSION_KEEP_DAYS, or with `dry_run` only
    counts them; returns how many. A retry of the same form comes within minutes, so an
    old token protects nothing and only grows the table."""
    cutoff = timezone.now() - timedelta(days=settings.FORM_SUBMISSION_KEEP_DAYS)
    old = FormSubmission.objects.filter(created_at__lt=cutoff)
    if dry_run:
        return old.count()
    deleted, _by_model = old.delete()
    return deleted
