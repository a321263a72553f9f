from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = "Forum"

    def ready(self):
        from accounts.profiles import register_profile_section
        from forum.markup import rerender
        from forum.models import Post
        from forum.selectors.profiles import profile_posts_section

        register_profile_section(profile_posts_section)

        # Revisions keep only the Markdown an edit replaced, no HTML.
        rerender.register(Post, source_field="body", html_field="body_html")
