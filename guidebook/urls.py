from django.urls import path

from guidebook import views

app_name = "guidebook"
urlpatterns = [
    path("guidebook/", views.home, name="home"),
    path("guidebook/chapters/<int:number>/", views.chapter_detail, name="chapter_detail"),
]
