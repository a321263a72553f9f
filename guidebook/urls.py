from django.urls import path

from guidebook import views

app_name = "guidebook"
urlpatterns = [
    path("guidebook/", views.home, name="home"),
    path("guidebook/chapters/<int:number>/", views.chapter_detail, name="chapter_detail"),
    path("guidebook/chapters/<int:number>/draft/", views.draft_edit, name="draft_edit"),
    path(
        "guidebook/chapters/<int:number>/draft/autosave/",
        views.draft_autosave,
        name="draft_autosave",
    ),
    path(
        "guidebook/chapters/<int:number>/draft/autosave/discard/",
        views.draft_autosave_discard,
        name="draft_autosave_discard",
    ),
    path("guidebook/chapters/<int:number>/publish/", views.publish, name="publish"),
    path(
        "guidebook/chapters/<int:number>/versions/<int:version>/",
        views.version_detail,
        name="version_detail",
    ),
    path(
        "guidebook/chapters/<int:number>/versions/<int:version>/review/",
        views.review_open,
        name="review_open",
    ),
    path(
        "guidebook/chapters/<int:number>/versions/<int:version>/comments/",
        views.comment_create,
        name="comment_create",
    ),
    path("guidebook/comments/<int:pk>/reply/", views.comment_reply, name="comment_reply"),
    path("guidebook/comments/<int:pk>/respond/", views.comment_respond, name="comment_respond"),
    path(
        "guidebook/comments/<int:pk>/suggestion/apply/",
        views.suggestion_apply,
        name="suggestion_apply",
    ),
    path(
        "guidebook/comments/<int:pk>/suggestion/decline/",
        views.suggestion_decline,
        name="suggestion_decline",
    ),
    path("guidebook/chapters/<int:number>/compare/", views.compare, name="compare"),
    path("guidebook/chapters/<int:number>/report/", views.chapter_report, name="chapter_report"),
    path(
        "guidebook/chapters/<int:number>/report/confirm/",
        views.outcomes_confirm,
        name="outcomes_confirm",
    ),
    path("guidebook/my-input/", views.my_input, name="my_input"),
    path("guidebook/export/guidebook.html", views.export_guidebook, name="export_guidebook"),
    path("guidebook/export/guidebook.pdf", views.export_guidebook_pdf, name="export_guidebook_pdf"),
    path("guidebook/export/guidebook.docx", views.export_docx, name="export_docx"),
    path("guidebook/export/links.csv", views.export_links, name="export_links"),
    path("guidebook/export/review-comments.csv", views.export_comments, name="export_comments"),
    path(
        "guidebook/chapters/<int:number>/export.html",
        views.export_chapter,
        name="export_chapter",
    ),
    path(
        "guidebook/chapters/<int:number>/export.pdf",
        views.export_chapter_pdf,
        name="export_chapter_pdf",
    ),
    path(
        "guidebook/chapters/<int:number>/export.docx",
        views.chapter_export_docx,
        name="chapter_export_docx",
    ),
    path("guidebook/chapters/<int:number>/state/", views.chapter_state, name="chapter_state"),
    path("guidebook/links/<int:pk>/outcome/", views.link_outcome, name="link_outcome"),
    path("guidebook/comments/<int:pk>/outcome/", views.comment_outcome, name="comment_outcome"),
    path("guidebook/pool/", views.pool, name="pool"),
    path("guidebook/pool/link/", views.link_create, name="link_create"),
    path("guidebook/links/<int:pk>/", views.link_detail, name="link_detail"),
    path("guidebook/links/<int:pk>/refresh/", views.link_refresh, name="link_refresh"),
    path("guidebook/links/<int:pk>/unlink/", views.link_delete, name="link_delete"),
]
