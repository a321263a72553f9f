"""What a backup is checked against after a restore: the number of rows of every table,
and a checksum of the posts (the one thing the consultation cannot do without)."""

import hashlib
import json

from django.db.backends.base.base import BaseDatabaseWrapper

POSTS_TABLE = "forum_post"
_POST_COLUMNS = ("id", "thread_id", "author_id", "status", "kind", "body", "body_html")


def row_counts(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """Rows per table of the project's models, by table name."""
    quote = connection.ops.quote_name
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.django_table_names(only_existing=True)):
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - model tables
            counts[table] = cursor.fetchone()[0]
    return counts


def posts_checksum(connection: BaseDatabaseWrapper) -> str:
    """SHA-256 of every post's id, thread, author, status, kind and text, in id order."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in _POST_COLUMNS)
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {quote(POSTS_TABLE)} ORDER BY {quote('id')}")  # noqa: S608
        while rows := cursor.fetchmany(1000):
            for row in rows:
                digest.update(json.dumps(list(row), ensure_ascii=False).encode())
                digest.update(b"\n")
    return digest.hexdigest()


def summary(connection: BaseDatabaseWrapper) -> dict:
    return {"row_counts": row_counts(connection), "posts_checksum": posts_checksum(connection)}
