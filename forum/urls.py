from django.urls import path

from forum.attachments import views as attachments
from forum.views import email, follows, notifications, posts, search, tags, themes, threads

app_name = "forum"
urlpatterns = [
    path("", themes.home, name="home"),
    path("themes/<slug:slug>/", themes.theme_detail, name="theme_detail"),
    path("themes/<slug:slug>/new/", threads.thread_create, name="thread_create"),
    path("threads/<int:pk>/", threads.thread_detail, name="thread_detail"),
    path("threads/<int:pk>/reply/", posts.post_create, name="post_create"),
    path("posts/<int:pk>/", posts.post_permalink, name="post_permalink"),
    path("posts/<int:pk>/edit/", posts.post_edit, name="post_edit"),
    path("posts/<int:pk>/revisions/", posts.post_revisions, name="post_revisions"),
    path("files/<int:pk>/", attachments.attachment_download, name="attachment_download"),
    path(
        "files/<int:pk>/thumbnail/", attachments.attachment_thumbnail, name="attachment_thumbnail"
    ),
    path("search/", search.search, name="search"),
    path("tags/", tags.tag_index, name="tag_index"),
    path("tags/<slug:slug>/", tags.tag_detail, name="tag_detail"),
    path("me/following/", follows.following, name="following"),
    path("follow/", follows.follow_view, name="follow"),
    path("unfollow/", follows.unfollow_view, name="unfollow"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path(
        "notifications/read/",
        notifications.notifications_mark_read,
        name="notifications_mark_read",
    ),
    path("me/email/", email.email_settings, name="email_settings"),
    path("email/unsubscribe/<str:token>/", email.email_unsubscribe, name="email_unsubscribe"),
]
