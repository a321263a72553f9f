from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("people/<str:username>/", views.profile, name="profile"),
    path("profile/", views.profile_edit, name="profile_edit"),
    path("language/", views.set_language, name="set_language"),
]
