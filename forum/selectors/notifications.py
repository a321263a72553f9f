"""The signed-in person's notifications, newest first."""

from django.core.paginator import Page

from accounts.models import User
from forum.models import Notification
from forum.selectors.pages import page_of

NOTIFICATIONS_PER_PAGE = 25


def my_notifications(user: User, *, page: int | str = 1) -> Page:
    qs = Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")
    return page_of(qs, per_page=NOTIFICATIONS_PER_PAGE, number=page)
