"""The full-text index of each database, behind one interface.

`SearchDocument` rows hold the text and the fields search filters on; each database keeps
its own index over the text:

- PostgreSQL: the row's `vector` (a tsvector under the `english` configuration, weighted
  title A, people and tags B, body D) with a GIN index; ranked by `ts_rank_cd`, snippets by
  `ts_headline`; the query goes through `plainto_tsquery`, so nothing a person types is
  query syntax.
- SQLite: the FTS5 table `forum_search_fts` (porter stemmer over unicode61), one row per
  document with the document's id as rowid; ranked by `bm25()`, snippets by `snippet()`.
  The MATCH expression is built here from quoted words, never from what a person typed.

Both match every word of the query (each stemmed), anywhere in the document, and both
answer a query with at most `limit` candidates: the newest matches (by document id, which
grows as documents are indexed) that the person may find, ranked. Ranking is what costs
(bm25 and ts_rank_cd read every match's positions), so it runs over the candidates only,
and a query whose words occur in most of the site stays as quick as a rare one.
"""

from collections.abc import Sequence

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL

from forum.models import SearchDocument

# Where a snippet's matched words start and stop: private-use characters, which the indexed
# text never holds (documents.py removes them), so they cannot be forged by a writer.
MARK_START = "\ue000"
MARK_STOP = "\ue001"
SNIPPET_WORDS = 32
_BATCH = 500


def _chunks(items: Sequence, size: int = _BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class SQLiteIndex:
    TABLE = "forum_search_fts"
    # bm25() weights, in column order: title, people, tags, body.
    WEIGHTS = "10.0, 4.0, 4.0, 1.0"

    @staticmethod
    def match_expression(terms: Sequence[str]) -> str:
        """Each word a quoted FTS5 string (inner quotes doubled); side by side they all
        must match."""
        return " ".join('"' + term.replace('"', '""') + '"' for term in terms)

    def forget(self, ids: Sequence[int]) -> None:
        with connection.cursor() as cursor:
            for chunk in _chunks(list(ids)):
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {self.TABLE} WHERE rowid IN ({marks})", chunk)

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.TABLE}")

    def store(self, documents: Sequence[SearchDocument]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {self.TABLE} (rowid, title, people, tags, body) "
                "VALUES (%s, %s, %s, %s, %s)",
                [(d.pk, d.title, d.people, d.tags, d.body) for d in documents],
            )

    def _matching_ids(self, terms):
        return RawSQL(
            f"SELECT rowid FROM {self.TABLE} WHERE {self.TABLE} MATCH %s",
            [self.match_expression(terms)],
        )

    def matching(self, qs: QuerySet, terms: Sequence[str]) -> QuerySet:
        return qs.filter(pk__in=self._matching_ids(terms))

    # Past this many documents a person may find, most matches pass the filters: checking
    # each match against its own document stops at `limit` sooner than gathering them all.
    DENSE = 20_000

    def candidate_ids(self, qs: QuerySet, terms: Sequence[str], *, limit: int) -> list[int]:
        """The newest `limit` matches among `qs`, best first. FTS5 walks its matches newest
        first and stops at `limit`, and bm25 runs over those alone. Each match is checked
        against `qs` by looking up its own document when `qs` is large, or against the ids of
        `qs` gathered once when it is small (`+rowid`: never handed to FTS5 as rowids to look
        up one by one, which runs the whole MATCH once per id)."""
        ids, params = qs.values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*), min(pk), max(pk) FROM ({ids} LIMIT %s)", [*params, self.DENSE]
            )
            size, first, last = cursor.fetchone()
        if not size:
            return []
        if size == self.DENSE:
            own = qs.filter(pk=RawSQL(f"{self.TABLE}.rowid", ())).values("pk")
            among, params = own.query.sql_with_params()
            condition = f"EXISTS ({among})"
        else:
            # The range of the ids, which FTS5 seeks to: a date filter narrows it.
            condition = f"rowid BETWEEN {int(first)} AND {int(last)} AND +rowid IN ({ids})"
        sql = (
            f"SELECT rowid FROM (SELECT rowid, bm25({self.TABLE}, {self.WEIGHTS}) AS score "
            f"FROM {self.TABLE} WHERE {self.TABLE} MATCH %s AND {condition} "
            "ORDER BY rowid DESC LIMIT %s) ORDER BY score, rowid DESC"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.match_expression(terms), *params, limit])
            return [row[0] for row in cursor.fetchall()]

    def snippets(self, ids: Sequence[int], terms: Sequence[str]) -> dict[int, str]:
        if not ids:
            return {}
        marks = ", ".join(["%s"] * len(ids))
        sql = (
            f"SELECT rowid, snippet({self.TABLE}, 3, %s, %s, '…', {SNIPPET_WORDS}) "
            f"FROM {self.TABLE} WHERE {self.TABLE} MATCH %s AND rowid IN ({marks})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [MARK_START, MARK_STOP, self.match_expression(terms), *ids])
            return dict(cursor.fetchall())


class PostgresIndex:
    CONFIG = "english"

    def _query(self, terms: Sequence[str]) -> SearchQuery:
        return SearchQuery(" ".join(terms), search_type="plain", config=self.CONFIG)

    def forget(self, ids: Sequence[int]) -> None:
        """The vector lives on the document row and goes with it."""

    def clear(self) -> None:
        """As `forget`."""

    def store(self, documents: Sequence[SearchDocument]) -> None:
        vector = (
            SearchVector("title", weight="A", config=self.CONFIG)
            + SearchVector("people", "tags", weight="B", config=self.CONFIG)
            + SearchVector("body", weight="D", config=self.CONFIG)
        )
        for chunk in _chunks([d.pk for d in documents]):
            SearchDocument.objects.filter(pk__in=chunk).update(vector=vector)

    def matching(self, qs: QuerySet, terms: Sequence[str]) -> QuerySet:
        return qs.filter(vector=self._query(terms))

    def candidate_ids(self, qs: QuerySet, terms: Sequence[str], *, limit: int) -> list[int]:
        """The newest `limit` matches among `qs`, best first, in one query: the planner walks
        the documents newest first (or the GIN index, for rare words) and ranks only the rows
        it keeps, which come back with their rank and are put in order here (reading each
        kept row a second time to rank it in an outer query cost as much as the search)."""
        query = self._query(terms)
        newest = (
            qs.filter(vector=query)
            .order_by("-pk")
            .annotate(rank=SearchRank(F("vector"), query, cover_density=True))
            .values_list("pk", "rank")[:limit]
        )
        ranked = sorted(newest, key=lambda row: (-row[1], -row[0]))
        return [pk for pk, _rank in ranked]

    def snippets(self, ids: Sequence[int], terms: Sequence[str]) -> dict[int, str]:
        if not ids:
            return {}
        headline = SearchHeadline(
            "body",
            self._query(terms),
            config=self.CONFIG,
            start_sel=MARK_START,
            stop_sel=MARK_STOP,
            max_words=SNIPPET_WORDS,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
        rows = SearchDocument.objects.filter(pk__in=ids).annotate(snippet=headline)
        return dict(rows.values_list("pk", "snippet"))


def current_index() -> SQLiteIndex | PostgresIndex:
    """The index of the database in use (by `connection.vendor`)."""
    if connection.vendor == "postgresql":
        return PostgresIndex()
    if connection.vendor == "sqlite":
        return SQLiteIndex()
    raise NotImplementedError(f"No full-text index for {connection.vendor}.")
