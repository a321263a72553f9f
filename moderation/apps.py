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

        # A person's reports in their download; what deletion clears (accounts/personal_data.py).
        from accounts.personal_data import register_personal_data
        from moderation.personal_data import erase_moderation_data, export_reports

        register_personal_data("reports", export=export_reports, erase=erase_moderation_data)
