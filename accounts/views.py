from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_http_methods, require_POST

from accounts import selectors
from accounts.forms import ProfileForm
from accounts.permissions import can_edit_profile
from accounts.profiles import profile_sections
from accounts.services import update_profile
from common.forms import form_status
from common.redirects import local_path_or


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
        {"form": form, "next_url": next_url, "profile_was_complete": user.has_complete_profile},
        status=form_status(form),
    )


def _safe_next(request) -> str:
    """The ?next= address to return to after saving, if it stays on this site."""
    return local_path_or(request.POST.get("next") or request.GET.get("next"), "")


@require_POST
def set_language(request):
    """The footer's language switcher: Django's `set_language` (the cookie, and back to
    `next`), and for a signed-in person their profile's language too, which wins over the
    cookie on later pages."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        update_profile(user=request.user, language=language)
    return response
