from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("forum.urls")),
    path("", include("guidebook.urls")),
    path("moderation/", include("moderation.urls")),
    path("", include("moderation.urls_public")),
]
