from django.db import migrations

# The first version, so that sign-up always has a published notice to agree to.
# Administrators publish later versions in the admin.
FIRST_NOTICE = """\
This forum is run for an expert consultation whose output is a published guidebook. This notice says what we keep about you, why, and what you can do about it.

What we keep: your e-mail address and password (stored as a hash), the profile you fill in (display name, organisation, stakeholder group, country, optional gender, language and how you want to be cited), what you post and every earlier version of it, your reports of posts, your comments on chapter drafts, the threads, themes, tags and chapters you follow, your notifications and e-mail preferences, and the date you agreed to this notice.

Why: to run the consultation, to moderate it, and to cite contributions in the guidebook the way you chose in your profile. Gender is used only for aggregate statistics and is never shown.

Who sees it: your posts, once approved, and your public profile are visible to everyone. Moderators see posts awaiting review and reports. Your e-mail address is seen only by the administrators.

Your rights: you can download everything we hold about you as a file from your profile page, correct your profile at any time, and delete your account. When you delete it, your posts are removed, except contributions the guidebook cites: those keep their text and are credited to "a former participant". Threads you opened that others replied to stay, under the same credit. The moderators' decision log keeps its rows without your name.
"""


def publish_first_notice(apps, schema_editor):
    PrivacyNotice = apps.get_model("accounts", "PrivacyNotice")
    if not PrivacyNotice.objects.exists():
        PrivacyNotice.objects.create(version=1, text=FIRST_NOTICE)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_privacy_notice_consent_deleted_at"),
    ]

    operations = [
        migrations.RunPython(publish_first_notice, migrations.RunPython.noop),
    ]
