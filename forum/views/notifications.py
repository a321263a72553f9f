"""The signed-in person's notifications. Reading the page changes nothing; marking them
read is a POST."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from forum.selectors.notifications import my_notifications
from forum.services.notifications import mark_notifications_read


@login_required
@require_GET
def notification_list(request):
    page = my_notifications(request.user, page=request.GET.get("page", 1))
    return render(request, "forum/notifications_list.html", {"page_obj": page})


@login_required
@require_POST
def notifications_mark_read(request):
    count = mark_notifications_read(user=request.user)
    if count:
        messages.success(request, _("Your notifications are marked as read."))
    return redirect("forum:notifications")
