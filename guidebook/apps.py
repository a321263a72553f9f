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

        # People follow chapters (to hear when one opens for review) through forum's follows.
        followables.register(Follow.Target.CHAPTER, Chapter)
