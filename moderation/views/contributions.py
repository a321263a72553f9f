"""An author's own view of what moderation did with their posts."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from moderation.selectors.contributions import my_contributions as select_my_contributions


@login_required
def my_contributions(request):
    page = select_my_contributions(request.user, page=request.GET.get("page", 1))
    return render(request, "moderation/contributions_mine.html", {"page_obj": page})
