"""/notifications/: the signed-in person's notifications, newest first."""

from django.core.paginator import Page, Paginator

from accounts.models import User
from forum.models import Notification

NOTIFICATIONS_PAGE_SIZE = 25


def my_notifications(user: User, *, page: int | str = 1) -> Page:
    return Paginator(
        Notification.objects.filter(recipient=user).order_by("-created_at", "-pk"),
        NOTIFICATIONS_PAGE_SIZE,
    ).get_page(page)
