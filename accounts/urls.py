from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("people/<str:username>/", views.profile, name="profile"),
    path("profile/", views.profile_edit, name="profile_edit"),
    path("language/", views.set_language, name="set_language"),
    path("profile/data/", views.personal_data_download, name="personal_data_download"),
    path("profile/delete/", views.account_delete, name="account_delete"),
    path("privacy/", views.privacy_notice, name="privacy_notice"),
    path("privacy/consent/", views.privacy_consent, name="privacy_consent"),
    path("account-deleted/", views.account_deleted, name="account_deleted"),
]
