from django.db import migrations


class Migration(migrations.Migration):
    """The status of a review comment and the drafters' response, now held by its outcome
    (moved there by the previous migration). Apart from it because PostgreSQL refuses to
    alter a table in the transaction that has just updated its rows."""

    dependencies = [
        ("guidebook", "0007_review_outcome_vocabulary_and_suggestions"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="reviewcomment",
            name="responded_at",
        ),
        migrations.RemoveField(
            model_name="reviewcomment",
            name="responded_by",
        ),
        migrations.RemoveField(
            model_name="reviewcomment",
            name="response",
        ),
        migrations.RemoveField(
            model_name="reviewcomment",
            name="status",
        ),
    ]
