"""The search documents, and the full-text index over them that each database keeps its own
way: a GIN index on the tsvector column on PostgreSQL, an FTS5 table on SQLite."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class OnVendor(migrations.operations.base.Operation):
    """Runs `operation` against the database only on `vendor`; the migration state always
    takes it, so the models and the migrations agree on every database."""

    reversible = True

    def __init__(self, vendor, operation):
        self.vendor = vendor
        self.operation = operation

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.vendor, self.operation], {})

    def state_forwards(self, app_label, state):
        self.operation.state_forwards(app_label, state)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            self.operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            self.operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"{self.operation.describe()} (on {self.vendor} only)"


# Its own copy of the text (not an external-content table), so snippet() reads the text it
# indexed and a row is replaced by rowid alone. Columns in bm25() weight order.
CREATE_FTS = """
CREATE VIRTUAL TABLE forum_search_fts USING fts5(
    title, people, tags, body, tokenize = 'porter unicode61 remove_diacritics 2'
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0005_email_preferences"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("source", models.CharField(max_length=40)),
                ("source_id", models.PositiveBigIntegerField()),
                ("url", models.CharField(max_length=300)),
                ("heading", models.CharField(max_length=400)),
                ("title", models.CharField(max_length=400)),
                ("people", models.CharField(blank=True, max_length=400)),
                ("attribution", models.CharField(blank=True, max_length=400)),
                ("tags", models.TextField(blank=True)),
                ("body", models.TextField(blank=True)),
                ("kind", models.CharField(max_length=30)),
                ("status", models.CharField(max_length=20)),
                ("is_public", models.BooleanField(default=False)),
                ("stakeholder_group", models.CharField(blank=True, max_length=32)),
                ("country", models.CharField(blank=True, max_length=8)),
                ("created_at", models.DateTimeField()),
                ("vector", django.contrib.postgres.search.SearchVectorField(null=True)),
                (
                    "author",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "post",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="forum.post",
                    ),
                ),
                (
                    "theme",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="forum.theme",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["is_public", "-created_at"], name="forum_search_public_idx"
                    ),
                    models.Index(fields=["theme", "status"], name="forum_search_theme_idx"),
                    models.Index(fields=["author", "status"], name="forum_search_author_idx"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("source", "source_id"), name="unique_search_source"
                    )
                ],
            },
        ),
        OnVendor(
            "postgresql",
            migrations.AddIndex(
                model_name="searchdocument",
                index=django.contrib.postgres.indexes.GinIndex(
                    fields=["vector"], name="forum_search_vector_idx"
                ),
            ),
        ),
        OnVendor(
            "sqlite",
            migrations.RunSQL(CREATE_FTS, "DROP TABLE forum_search_fts", elidable=False),
        ),
    ]
