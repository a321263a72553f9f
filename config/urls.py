from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

# The admin's own login form would skip two-factor authentication and allauth's rate
# limits: signing in to the admin goes through allauth's login instead.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("forum.urls")),
    path("", include("guidebook.urls")),
    path("moderation/", include("moderation.urls")),
    path("", include("moderation.urls_public")),
    path("", include("participation.urls")),
]
