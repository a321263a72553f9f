from django.urls import path

from moderation.views import accounts, log, queue, reports, threads

app_name = "moderation"
urlpatterns: list = [
    # Queue and review (moderation/views/queue.py)
    path("", queue.home, name="home"),
    path("units/<slug:code>/", queue.unit_queue, name="unit_queue"),
    path("units/<slug:code>/approve/", queue.bulk_approve, name="bulk_approve"),
    path("posts/<int:pk>/", queue.post_review, name="post_review"),
    path("posts/<int:pk>/decide/", queue.post_decide, name="post_decide"),
    path("posts/<int:pk>/notes/", queue.post_note, name="post_note"),
    path("decisions/<int:pk>/undo/", queue.decision_undo, name="decision_undo"),
    # Reports, threads, accounts and the decision log (moderation/views/*.py)
    path("posts/<int:pk>/report/", reports.post_report, name="post_report"),
    path("reports/<int:pk>/dismiss/", reports.report_dismiss, name="report_dismiss"),
    path("reports/<int:pk>/hide/", reports.report_hide, name="report_hide"),
    path("units/<slug:code>/reports/", reports.unit_reports, name="unit_reports"),
    *(
        path(f"posts/<int:pk>/{name}/", threads.post_action, {"name": name}, name=f"post_{name}")
        for name in threads.POST_ACTIONS
    ),
    *(
        path(
            f"threads/<int:pk>/{name}/",
            threads.thread_action,
            {"name": name},
            name=f"thread_{name}",
        )
        for name in threads.THREAD_ACTIONS
    ),
    path("threads/<int:pk>/move/", threads.thread_move, name="thread_move"),
    path("accounts/", accounts.account_queue, name="account_queue"),
    path("accounts/<int:pk>/approve/", accounts.account_approve, name="account_approve"),
    path("accounts/<int:pk>/decline/", accounts.account_decline, name="account_decline"),
    path("log/", log.log, name="log"),
    path("log/csv/", log.log_csv, name="log_csv"),
]
