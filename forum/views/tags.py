"""The tag index, and a tag's public page: the approved posts that carry it."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from forum.models import Tag
from forum.selectors import tagged_public_posts, tags_with_public_counts
from forum.selectors.follows import follow_button

TAG_POSTS_PER_PAGE = 20


@require_safe
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    page = Paginator(tagged_public_posts(tag), TAG_POSTS_PER_PAGE).get_page(
        request.GET.get("page", 1)
    )
    context = {"tag": tag, "page_obj": page, "follow": follow_button(request.user, tag)}
    return render(request, "forum/tag_detail.html", context)


@require_safe
def tag_index(request):
    return render(request, "forum/tag_index.html", {"facets": tags_with_public_counts()})
