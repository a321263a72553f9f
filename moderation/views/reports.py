"""Reporting a post (any signed-in person), and the reports moderators work through."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from common.ratelimits import rate_limit
from forum.models import Post
from forum.permissions import can_report_post, visible_posts
from moderation.forms import ReasonForm, ReportForm, add_errors
from moderation.models import Report
from moderation.permissions import acting_unit, visible_reports
from moderation.selectors.reports import unit_open_reports
from moderation.services import reports as services
from moderation.views.access import moderation_page, unit_or_404

# Reporting --------------------------------------------------------------------------------------


def _already_reported(user, post: Post) -> bool:
    return Report.objects.filter(post=post, reporter=user, status=Report.Status.OPEN).exists()


@login_required
@rate_limit("report", method="POST")
def post_report(request, pk):
    qs = Post.objects.select_related("thread", "thread__theme", "thread__first_post", "author")
    post = get_object_or_404(visible_posts(request.user, qs), pk=pk)
    if not can_report_post(request.user, post):
        raise PermissionDenied(_("You cannot report this post."))
    context = {"post": post, "thread": post.thread}
    if _already_reported(request.user, post):
        return render(
            request,
            "moderation/reports_new.html",
            {**context, "already_reported": True},
            status=409 if request.method == "POST" else 200,
        )
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_post(
                reporter=request.user,
                post=post,
                reason=form.cleaned_data["reason"],
                text=form.cleaned_data["text"],
            )
        except services.AlreadyReported:
            return render(
                request,
                "moderation/reports_new.html",
                {**context, "already_reported": True},
                status=409,
            )
        except ValidationError as exc:
            if not add_errors(form, exc):
                form.add_error(None, exc)
        else:
            messages.success(
                request, _("Thank you. The moderators of this theme will look at your report.")
            )
            return redirect(post.thread.get_absolute_url())
    return render(
        request,
        "moderation/reports_new.html",
        {**context, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# Moderators' side ------------------------------------------------------------------------------


@require_safe
@moderation_page
def unit_reports(request, code):
    unit = unit_or_404(request.user, code)
    page = unit_open_reports(request.user, unit, page=request.GET.get("page", 1))
    return render(request, "moderation/reports_list.html", {"unit": unit, "page_obj": page})


def _report_for(user, pk: int) -> Report:
    qs = Report.objects.select_related(
        "post", "post__author", "post__thread", "post__thread__theme", "reporter"
    )
    return get_object_or_404(visible_reports(user, qs), pk=pk)


def _reports_url(user, report: Report) -> str:
    unit = acting_unit(user, report.post.thread.theme)
    if unit is None:
        return reverse("moderation:home")
    return reverse("moderation:unit_reports", kwargs={"code": unit.code})


def _resolve(request, pk: int, *, hide: bool):
    report = _report_for(request.user, pk)
    back = _reports_url(request.user, report)
    if report.status != Report.Status.OPEN:
        messages.warning(request, _("This report was already dealt with."))
        return redirect(back)
    form = ReasonForm(
        request.POST if request.method == "POST" else None,
        required=hide,
        hint=(
            "The author sees this reason; it is also kept in the decision log."
            if hide
            else "Kept in the decision log; the reporter is not told."
        ),
    )
    if request.method == "POST" and form.is_valid():
        service = services.hide_reported_post if hide else services.dismiss_report
        try:
            service(actor=request.user, report=report, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            if not add_errors(form, exc):
                messages.warning(request, " ".join(exc.messages))
                return redirect(back)
        else:
            messages.success(request, "The post is hidden." if hide else "Report dismissed.")
            return redirect(back)
    return render(
        request,
        "moderation/reports_resolve.html",
        {"report": report, "post": report.post, "form": form, "hide": hide, "back": back},
        status=400 if request.method == "POST" else 200,
    )


@moderation_page
def report_dismiss(request, pk):
    return _resolve(request, pk, hide=False)


@moderation_page
def report_hide(request, pk):
    return _resolve(request, pk, hide=True)
