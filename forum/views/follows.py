"""Following and unfollowing (POST forms that work without JavaScript and return to the
page they were sent from), and the list of what the signed-in person follows."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.forms import IntegerField
from common.redirects import local_path_or
from forum.models import Follow
from forum.selectors.follows import followable_or_none, following_page
from forum.services.follows import follow, unfollow


class FollowForm(forms.Form):
    target_type = forms.ChoiceField(choices=Follow.Target.choices)
    target_id = IntegerField(min_value=1)
    next = forms.CharField(required=False)


def _posted(request) -> tuple[FollowForm, str, int, object]:
    """The posted form, the target's kind and id, and the target itself if this person may
    see it (None otherwise)."""
    form = FollowForm(request.POST)
    if not form.is_valid():
        raise Http404(_("Nothing to follow there."))
    kind, pk = form.cleaned_data["target_type"], form.cleaned_data["target_id"]
    return form, kind, pk, followable_or_none(request.user, kind, pk)


def _back(request, form: FollowForm, fallback: str):
    return redirect(local_path_or(form.cleaned_data["next"], fallback))


@login_required
@require_POST
def follow_view(request):
    form, _kind, _pk, target = _posted(request)
    if target is None:
        raise Http404(_("Nothing to follow there."))
    follow(user=request.user, target=target)
    messages.success(
        request,
        _("You are following “%(name)s”. You will be notified of what is new there.")
        % {"name": target},
    )
    return _back(request, form, target.get_absolute_url())


@login_required
@require_POST
def unfollow_view(request):
    form, kind, pk, target = _posted(request)
    unfollow(user=request.user, target_type=kind, target_id=pk)
    if target is not None:
        text = _("You no longer follow “%(name)s”.") % {"name": target}
    else:
        text = _("You no longer follow it.")
    messages.success(request, text)
    return _back(request, form, "forum:following")


@login_required
@require_GET
def following(request):
    page = following_page(request.user, page=request.GET.get("page", 1))
    return render(request, "forum/following_list.html", {"page_obj": page})
