from django.urls import path

from forum import views, views_tags

app_name = "forum"
urlpatterns = [
    path("", views.home, name="home"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme_detail"),
    path("themes/<slug:slug>/new/", views.thread_create, name="thread_create"),
    path("threads/<int:pk>/", views.thread_detail, name="thread_detail"),
    path("threads/<int:pk>/reply/", views.post_create, name="post_create"),
    path("posts/<int:pk>/", views.post_permalink, name="post_permalink"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/revisions/", views.post_revisions, name="post_revisions"),
    path("search/", views.search, name="search"),
    path("tags/<slug:slug>/", views_tags.tag_detail, name="tag_detail"),
]
