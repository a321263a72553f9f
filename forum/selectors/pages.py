"""Pagination shared by every list in the forum."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


def page_of(qs: QuerySet, *, per_page: int, number) -> Page:
    """A page of `qs`; out-of-range or malformed numbers give the nearest valid page."""
    page = Paginator(qs, per_page).get_page(number)
    # Evaluate now so a template looping twice does not query twice.
    page.object_list = list(page.object_list)
    return page
