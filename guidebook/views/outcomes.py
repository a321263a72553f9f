"""What became of each input: the chapter report and a participant's own page."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from guidebook import selectors
from guidebook.forms import ConfirmOutcomesForm, OutcomeForm
from guidebook.models import Outcome
from guidebook.permissions import can_draft_chapter, can_view_link_notes
from guidebook.services import (
    confirm_proposed_outcomes,
    record_comment_outcome,
    record_link_outcome,
)
from guidebook.views.common import (
    chapter_or_404,
    drafter_chapter,
    visible_comment_or_404,
    visible_link_or_404,
)


@require_safe
@login_required
def my_input(request):
    return render(request, "guidebook/my_input.html", selectors.my_input(request.user))


@require_safe
def chapter_report(request, number):
    return _report_page(request, chapter_or_404(number))


def _report_page(request, chapter, *, typed=None, status=200):
    """`typed`: a refused outcome form, as (anchor, form), shown again on its item."""
    context = {
        "chapter": chapter,
        "can_draft": can_draft_chapter(request.user, chapter),
        "can_view_notes": can_view_link_notes(request.user, chapter),
        "outcomes": Outcome.choices,
        **selectors.chapter_report(request.user, chapter),
    }
    for prefix in ("link", "comment"):
        for item in context[f"{prefix}s"]:
            item.form_outcome, item.form_reason = item.outcome, item.outcome_reason
            if typed is not None and typed[0] == f"{prefix}-{item.pk}":
                item.form_outcome = typed[1].data.get("outcome", "")
                item.form_reason = typed[1].data.get("reason", "")
    return render(request, "guidebook/chapter_report.html", context, status=status)


def _save_outcome(request, item, record, anchor: str):
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            record(
                actor=request.user,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Outcome recorded."))
            url = reverse("guidebook:chapter_report", args=[item.chapter.number])
            return redirect(f"{url}#{anchor}")
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return _report_page(request, item.chapter, typed=(anchor, form), status=400)


@login_required
@require_POST
def link_outcome(request, pk):
    link = visible_link_or_404(request, pk)
    return _save_outcome(request, link, partial(record_link_outcome, link=link), f"link-{link.pk}")


@login_required
@require_POST
def comment_outcome(request, pk):
    comment = visible_comment_or_404(request, pk)
    record = partial(record_comment_outcome, comment=comment)
    return _save_outcome(request, comment, record, f"comment-{comment.pk}")


@login_required
@require_POST
def outcomes_confirm(request, number):
    """Confirms, in one go, the outcomes publications proposed for the ticked contributions."""
    chapter = drafter_chapter(request, number)
    report = reverse("guidebook:chapter_report", args=[chapter.number])
    proposed = chapter.links.exclude(proposed_outcome="").values_list("pk", flat=True)
    form = ConfirmOutcomesForm(request.POST, link_ids=list(proposed))
    if not form.is_valid():
        messages.error(request, _("Tick at least one proposed outcome to confirm."))
        return redirect(f"{report}#proposed")
    try:
        confirmed = confirm_proposed_outcomes(
            actor=request.user, chapter=chapter, link_ids=form.cleaned_data["links"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(f"{report}#proposed")
    messages.success(
        request,
        ngettext("%(count)s outcome confirmed.", "%(count)s outcomes confirmed.", len(confirmed))
        % {"count": len(confirmed)},
    )
    return redirect(report)
