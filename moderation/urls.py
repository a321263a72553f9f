from django.urls import path

app_name = "moderation"
urlpatterns: list = [
    # Queue and review (moderation/views/queue.py)
    # Reports, threads, accounts and the decision log (moderation/views/*.py)
]
