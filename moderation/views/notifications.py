"""The signed-in person's notifications. Opening the page marks what it shows as read."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from forum.models import Notification
from moderation.selectors.notifications import my_notifications


@login_required
def notification_list(request):
    page = my_notifications(request.user, page=request.GET.get("page", 1))
    notifications = list(page.object_list)
    unread = [n.pk for n in notifications if n.read_at is None]
    if unread:
        # The page still shows them as new this once; the rows remember they were seen.
        Notification.objects.filter(pk__in=unread, recipient=request.user).update(
            read_at=timezone.now()
        )
    return render(
        request,
        "moderation/notifications_list.html",
        {"page_obj": page, "notifications": notifications},
    )
