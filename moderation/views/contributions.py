"""An author's own view of what moderation did with their posts."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from moderation.selectors.contributions import my_contributions as select_my_contributions


@require_safe
@login_required
def my_contributions(request):
    page = select_my_contributions(request.user, page=request.GET.get("page", 1))
    return render(request, "moderation/contributions_mine.html", {"page_obj": page})
