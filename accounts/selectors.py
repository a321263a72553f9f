"""The reads account pages need."""

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts import permissions
from accounts.models import User
from forum.models import Post
from forum.permissions import visible_posts

PROFILE_POSTS_PER_PAGE = 20


def profile_for_page(*, viewer, username: str) -> User:
    """The person whose public profile is asked for, or 404."""
    return get_object_or_404(
        permissions.visible_profiles(viewer, User.objects.all()), username=username
    )


def public_posts(*, person: User) -> QuerySet[Post]:
    """The person's posts that anyone may read, newest first.

    Asked as an anonymous reader whoever is looking: a public page shows the same list to
    everyone, never the author's own pending posts nor posts in threads that are not
    public yet.
    """
    posts = visible_posts(AnonymousUser(), Post.objects.filter(author=person))
    return posts.select_related("thread", "thread__theme").order_by("-created_at", "-pk")


def public_posts_page(*, person: User, page) -> Page:
    """One page of `public_posts`: a COUNT and one SELECT however many posts there are."""
    page_obj = Paginator(public_posts(person=person), PROFILE_POSTS_PER_PAGE).get_page(page)
    page_obj.object_list = list(page_obj.object_list)
    return page_obj
