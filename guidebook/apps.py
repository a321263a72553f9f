from django.apps import AppConfig


class GuidebookConfig(AppConfig):
    name = "guidebook"
    verbose_name = "Guidebook"

    def ready(self):
        # forum may not import guidebook, so guidebook tells forum's rerender_markup which
        # of its rows hold rendered Markdown and how each is rendered.
        from forum import followables
        from forum.markup import rerender
        from forum.models import Follow
        from guidebook.models import Chapter, ChapterVersion, Draft, ReviewComment
        from guidebook.services.drafting import draft_html, version_html

        rerender.register(Draft, html_field="html", render=draft_html, select_related=("chapter",))
        rerender.register(ChapterVersion, html_field="html", render=version_html)
        rerender.register(ReviewComment, source_field="body", html_field="body_html")

        # forum's search finds published versions through the entries guidebook gives it.
        from django.utils.translation import gettext_lazy

        from forum.search import register_source
        from guidebook.selectors.search import SOURCE, version_entries

        register_source(SOURCE, label=gettext_lazy("Guidebook chapter"), entries=version_entries)
        # People follow chapters (to hear when one opens for review) through forum's follows.
        followables.register(Follow.Target.CHAPTER, Chapter)

        # Nobody may take a name that looks like a drafter's.
        from accounts.profiles import register_protected_names
        from guidebook.permissions import drafter_names

        register_protected_names(drafter_names)

        # A person's review comments in their download; on deletion of their account the
        # contributions a chapter links stay (accounts/personal_data.py).
        from accounts.personal_data import register_personal_data
        from forum.personal_data import register_kept_posts
        from guidebook.personal_data import erase_guidebook_data, export_review_comments, kept_posts

        register_kept_posts(kept_posts)
        register_personal_data(
            "review_comments", export=export_review_comments, erase=erase_guidebook_data
        )
