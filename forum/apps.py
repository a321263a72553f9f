from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = "Forum"

    def ready(self):
        from forum.markup import rerender
        from forum.models import Post

        # Revisions keep only the Markdown an edit replaced, no HTML.
        rerender.register(Post, source_field="body", html_field="body_html")
