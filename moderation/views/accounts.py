"""The queue of accounts waiting for approval, which any unit's moderator may work."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from accounts.models import ApprovalStatus, User
from moderation.forms import ReasonForm, add_errors
from moderation.permissions import can_work_account_queue
from moderation.selectors.accounts import pending_accounts
from moderation.services import accounts as services
from moderation.views.access import moderation_page


def _require_queue(user) -> None:
    if not can_work_account_queue(user):
        raise PermissionDenied(_("Only moderators decide on accounts."))


@require_safe
@moderation_page
def account_queue(request):
    _require_queue(request.user)
    page = pending_accounts(page=request.GET.get("page", 1))
    return render(request, "moderation/accounts_queue.html", {"page_obj": page})


def _decide(request, pk: int, *, decline: bool):
    _require_queue(request.user)
    person = get_object_or_404(User, pk=pk)
    if person.approval_status != ApprovalStatus.PENDING and request.method != "POST":
        messages.warning(
            request,
            _("The account of %(person)s was already decided: %(approval_status)s.")
            % {"person": person, "approval_status": person.get_approval_status_display().lower()},
        )
        return redirect("moderation:account_queue")
    form = ReasonForm(
        request.POST if request.method == "POST" else None,
        required=decline,
        hint="Sent to the person by e-mail and shown to them; kept in the decision log.",
    )
    if request.method == "POST" and (not decline or form.is_valid()):
        try:
            if decline:
                services.decline_account(
                    actor=request.user, person=person, reason=form.cleaned_data["reason"]
                )
            else:
                services.approve_account(actor=request.user, person=person)
        except ValidationError as exc:
            if not add_errors(form, exc):
                messages.warning(request, " ".join(exc.messages))
                return redirect("moderation:account_queue")
        else:
            done = (
                _("The account of %(person)s was declined; they have been told why.")
                if decline
                else _("The account of %(person)s was approved; they can now post.")
            )
            messages.success(request, done % {"person": person})
            return redirect("moderation:account_queue")
    return render(
        request,
        "moderation/accounts_decide.html",
        {"person": person, "form": form, "decline": decline},
        status=400 if request.method == "POST" else 200,
    )


@moderation_page
def account_approve(request, pk):
    return _decide(request, pk, decline=False)


@moderation_page
def account_decline(request, pk):
    return _decide(request, pk, decline=True)
