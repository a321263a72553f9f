"""What a backup is checked against after a restore: the number of rows of every table,
and a checksum of the posts (the one thing the consultation cannot do without).

Read through a plain DB-API cursor, so the restored database is read with the driver alone
(sqlite3 or psycopg2), not through a second Django connection.
"""

import hashlib
import json

from django.apps import apps

POSTS_TABLE = "forum_post"
_POST_COLUMNS = ("id", "thread_id", "author_id", "status", "kind", "body", "body_html")


def _quote(name: str) -> str:
    # Table and column names of the project's models: letters, digits and underscores.
    return '"' + name.replace('"', '""') + '"'


def model_tables() -> list[str]:
    """The tables of every installed model (the many-to-many ones included)."""
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            tables.add(model._meta.db_table)
    return sorted(tables)


def row_counts(cursor, tables=None) -> dict[str, int]:
    counts = {}
    for table in tables or model_tables():
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 - model tables
        counts[table] = cursor.fetchone()[0]
    return counts


def posts_checksum(cursor) -> str:
    """SHA-256 of every post's id, thread, author, status, kind and text, in id order."""
    columns = ", ".join(_quote(c) for c in _POST_COLUMNS)
    digest = hashlib.sha256()
    cursor.execute(f"SELECT {columns} FROM {_quote(POSTS_TABLE)} ORDER BY {_quote('id')}")  # noqa: S608
    while rows := cursor.fetchmany(1000):
        for row in rows:
            digest.update(json.dumps(list(row), ensure_ascii=False).encode())
            digest.update(b"\n")
    return digest.hexdigest()


def summary(cursor) -> dict:
    return {"row_counts": row_counts(cursor), "posts_checksum": posts_checksum(cursor)}
