"""E-mail settings, and the unsubscribe link every notification e-mail carries.

The link works without signing in: its signed token names the person. Opening it (GET)
changes nothing and asks to confirm; the confirmation, or a mail program's one-click
request (RFC 8058: a POST with `List-Unsubscribe=One-Click`), stops the e-mail.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from common.forms import form_status
from forum.forms import EmailPreferenceForm
from forum.models import Notification
from forum.services.email import (
    preference_for,
    read_unsubscribe_token,
    set_email_preference,
    unsubscribe,
)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def email_settings(request):
    preference = preference_for(request.user)
    if request.method == "POST":
        form = EmailPreferenceForm(request.POST)
        if form.is_valid():
            set_email_preference(user=request.user, **form.cleaned_data)
            messages.success(request, _("Your e-mail settings have been saved."))
            return redirect("forum:email_settings")
    else:
        initial = {"frequency": preference.frequency, "muted_kinds": preference.muted_kinds}
        form = EmailPreferenceForm(initial=initial)
    return render(request, "forum/email_settings.html", {"form": form}, status=form_status(form))


# The token is the credential, and mail programs post without a CSRF token (RFC 8058).
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def email_unsubscribe(request, token):
    try:
        person, kind = read_unsubscribe_token(token)
    except signing.SignatureExpired:
        return render(request, "forum/email_unsubscribe.html", {"problem": "expired"}, status=400)
    except signing.BadSignature:
        return render(request, "forum/email_unsubscribe.html", {"problem": "invalid"}, status=400)
    kind_label = Notification.Kind(kind).label if kind else ""
    context = {"person": person, "kind": kind, "kind_label": kind_label, "done": False}
    if request.method == "POST":
        # "all" on the confirmation page stops every e-mail, not only this kind.
        unsubscribe(user=person, kind="" if request.POST.get("scope") == "all" else kind)
        context["done"] = True
        context["stopped_all"] = not kind or request.POST.get("scope") == "all"
    return render(request, "forum/email_unsubscribe.html", context)
