"""Accounts waiting for a moderator's approval."""

from django.core.paginator import Page, Paginator

from accounts.models import ApprovalStatus, User

ACCOUNTS_PAGE_SIZE = 25


def pending_accounts(*, page: int | str = 1) -> Page:
    """Accounts waiting for approval, the longest-waiting first."""
    people = User.objects.filter(approval_status=ApprovalStatus.PENDING).order_by(
        "date_joined", "pk"
    )
    return Paginator(people, ACCOUNTS_PAGE_SIZE).get_page(page)
