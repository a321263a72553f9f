from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery


def from_consents(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    PrivacyConsent = apps.get_model("accounts", "PrivacyConsent")
    latest = (
        PrivacyConsent.objects.filter(user=OuterRef("pk"))
        .values("user")
        .annotate(version=Max("notice__version"))
        .values("version")
    )
    User.objects.filter(privacy_consents__isnull=False).update(
        privacy_notice_version=Subquery(latest)
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_form_submission_tokens")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="privacy_notice_version",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(from_consents, migrations.RunPython.noop),
    ]
