from django.urls import path

from participation import views

app_name = "participation"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/<slug:slug>.csv", views.dashboard_csv, name="dashboard_csv"),
    path("participation/", views.report, name="report"),
    path("participation/<slug:slug>.csv", views.report_csv, name="report_csv"),
]
