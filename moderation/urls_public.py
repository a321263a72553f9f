"""A page for every signed-in person about what moderation did with their contributions."""

from django.urls import path

from moderation.views import contributions

app_name = "contributions"
urlpatterns = [
    path("me/contributions/", contributions.my_contributions, name="mine"),
]
