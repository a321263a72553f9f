from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import selectors
from accounts.data_export import download_filename, personal_data_json
from accounts.deletion import delete_account
from accounts.forms import DeleteAccountForm, PrivacyConsentForm, ProfileForm
from accounts.notices import current_privacy_notice, needs_privacy_consent, record_privacy_consent
from accounts.permissions import can_delete_account, can_edit_profile
from accounts.profiles import profile_sections
from accounts.services import update_profile
from common.forms import form_status
from common.redirects import local_path_or


@require_safe
def profile(request, username):
    # The lookup is scoped by `visible_profiles`, the queryset side of `can_view_profile`:
    # a profile this person may not see is a 404 there.
    person = selectors.profile_for_page(viewer=request.user, username=username)
    return render(
        request,
        "accounts/profile_detail.html",
        {
            "person": person,
            "sections": profile_sections(
                person=person, viewer=request.user, page=request.GET.get("page")
            ),
            "can_edit": can_edit_profile(request.user, person),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile_edit(request):
    user = request.user
    if not can_edit_profile(user, user):
        raise PermissionDenied
    next_url = _safe_next(request)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                update_profile(user=user, **form.cleaned_data)
            except ValidationError as error:
                for field, field_errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, field_errors)
            else:
                messages.success(request, _("Your profile has been saved."))
                return redirect(next_url or user.get_absolute_url())
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(user))
    return render(
        request,
        "accounts/profile_edit.html",
        {
            "form": form,
            "next_url": next_url,
            "profile_was_complete": user.has_complete_profile,
            "can_delete_account": can_delete_account(user, user),
        },
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def personal_data_download(request):
    """Everything the site holds about the signed-in person, as a JSON file."""
    body = personal_data_json(viewer=request.user, user=request.user)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{download_filename(request.user)}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_delete(request):
    user = request.user
    if not can_delete_account(user, user):
        raise PermissionDenied
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            delete_account(user=user, password=form.cleaned_data["password"])
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_errors)
        else:
            logout(request)
            return redirect("accounts:account_deleted")
    return render(request, "accounts/account_delete.html", {"form": form}, status=form_status(form))


@require_http_methods(["GET", "HEAD"])
def account_deleted(request):
    return render(request, "accounts/account_deleted.html")


def _safe_next(request) -> str:
    """The ?next= address to return to after saving, if it stays on this site."""
    return local_path_or(request.POST.get("next") or request.GET.get("next"), "")


@csrf_exempt
@require_POST
def set_language(request):
    """The footer's language switcher: Django's `set_language` (the cookie, and back to
    `next`), and for a signed-in person their profile's language too, which wins over the
    cookie on later pages.

    For an anonymous reader the switch only sets a cookie in their own browser, so the form
    carries no CSRF token and pages stay cacheable (forum/pagecache.py); a signed-in
    person's form carries one, and it is checked here, as the profile changes."""
    if request.user.is_authenticated:
        refused = CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {})
        if refused is not None:
            return refused
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        update_profile(user=request.user, language=language)
    return response


@require_http_methods(["GET", "HEAD"])
def privacy_notice(request):
    notice = current_privacy_notice()
    if notice is None:
        raise Http404
    return render(request, "accounts/privacy_notice.html", {"notice": notice})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def privacy_consent(request):
    """The notice in force, for a person who has not agreed to it yet, with "I agree"; then
    back to the page they were on (accounts.middleware.PrivacyConsentMiddleware)."""
    next_url = _safe_next(request) or reverse("forum:home")
    notice = current_privacy_notice()
    if notice is None or not needs_privacy_consent(request.user):
        return redirect(next_url)
    form = PrivacyConsentForm(request.POST if request.method == "POST" else None, notice=notice)
    if form.is_valid():
        record_privacy_consent(user=request.user, notice=notice)
        messages.success(
            request,
            _("You have agreed to version %(version)s of the privacy notice.")
            % {"version": notice.version},
        )
        return redirect(next_url)
    return render(
        request,
        "accounts/privacy_consent.html",
        {"notice": notice, "form": form, "next_url": next_url},
        status=form_status(form),
    )
