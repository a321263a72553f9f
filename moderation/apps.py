from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Moderation"

    def ready(self):
        # forum tells the author who reviews their post; the units are moderation's.
        from forum import reviewers
        from moderation.permissions import units_moderating

        reviewers.register(lambda theme: [unit.name for unit in units_moderating(theme)])

        # Nobody may take a name that looks like a moderator's or an administrator's.
        from accounts.profiles import register_protected_names
        from moderation.selectors.units import staff_names

        register_protected_names(staff_names)
