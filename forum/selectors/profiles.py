"""What forum shows on a person's public profile: their public contributions.

Registered with accounts/profiles.py in `ForumConfig.ready`, since accounts may not import
forum.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page
from django.db.models import QuerySet

from accounts.models import User
from accounts.profiles import ProfileSection
from forum.models import Post
from forum.permissions import visible_posts
from forum.selectors.pages import page_of

PROFILE_POSTS_PER_PAGE = 20


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
    return page_of(public_posts(person=person), per_page=PROFILE_POSTS_PER_PAGE, number=page)


def profile_posts_section(*, person: User, viewer, page) -> ProfileSection:
    return ProfileSection(
        template="forum/profile_posts.html",
        context={"page_obj": public_posts_page(person=person, page=page)},
    )
