from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = "Forum"

    def ready(self):
        from accounts.profiles import register_profile_change_listener, register_profile_section
        from forum.markup import rerender
        from forum.models import Post
        from forum.search.documents import profile_changed
        from forum.selectors.profiles import profile_posts_section

        register_profile_section(profile_posts_section)
        # The search index copies each author's credit line, group and country.
        register_profile_change_listener(profile_changed)

        # What a person's download holds from the forum, and what deleting their account
        # removes (accounts/personal_data.py).
        from accounts.personal_data import register_personal_data
        from forum import personal_data

        register_personal_data(
            "posts", export=personal_data.export_posts, erase=personal_data.erase_forum_data
        )
        register_personal_data("notifications", export=personal_data.export_notifications)
        register_personal_data("follows", export=personal_data.export_follows)
        register_personal_data("email_preferences", export=personal_data.export_email_preferences)

        # Revisions keep only the Markdown an edit replaced, no HTML.
        rerender.register(Post, source_field="body", html_field="body_html")
