"""Reading the search index: a page of results for one person, query and set of filters.

A page costs the same few queries whatever it holds: the ids of the matches in order (at
most `MAX_RESULTS`, which also gives the count), the page's documents with their themes,
the snippets (and, once per request, the themes the person moderates). Who may find what
is `permissions.visible_search_documents`.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from accounts.countries import country_groups
from common.dates import within_days
from forum import permissions
from forum.models import Post, PostTag, SearchDocument, Tag, Theme
from forum.search.backends import MARK_START, MARK_STOP, current_index
from forum.search.sources import registered_sources
from forum.search.spelling import normalise

RESULTS_PER_PAGE = 20
SEARCH_MAX_LENGTH = 200
# More words than this add nothing a person meant and only cost time.
MAX_TERMS = 16
# A query finds at most this many of the newest matches (50 pages), ranked among themselves:
# ranking costs per match, and no one reads further than a narrower query would take them.
MAX_RESULTS = 1000
# Letters and digits, as both databases' tokenizers cut words; everything else separates.
_TERM = re.compile(r"[^\W_]+")
_MARKED = re.compile(f"{MARK_START}(.*?){MARK_STOP}", re.DOTALL)


class Sort:
    RELEVANCE = "relevance"
    DATE = "date"


def search_terms(query: str) -> list[str]:
    """The words of `query` in their indexed spelling, lower-cased, each once, in order.
    Punctuation and query syntax are not words: `"`, `*`, `NEAR(`, `-` or `:` give none."""
    seen: dict[str, None] = {}
    for term in _TERM.findall(normalise(query)):
        seen.setdefault(term.lower(), None)
    return list(seen)[:MAX_TERMS]


@dataclass(frozen=True)
class SearchFilters:
    theme: Theme | None = None
    kind: str = ""
    tags: Sequence[Tag] = ()
    stakeholder_group: str = ""
    # A country code, or "group:<country group>" (participating States, a partner group).
    where: str = ""
    date_from: date | None = None
    date_to: date | None = None
    sort: str = Sort.RELEVANCE


def _filtered(qs: QuerySet, filters: SearchFilters) -> QuerySet:
    if filters.theme is not None:
        qs = qs.filter(theme=filters.theme)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    for tag in filters.tags:
        qs = qs.filter(Exists(PostTag.objects.filter(post_id=OuterRef("post_id"), tag=tag)))
    if filters.stakeholder_group:
        qs = qs.filter(stakeholder_group=filters.stakeholder_group)
    if filters.where.startswith("group:"):
        group = filters.where.removeprefix("group:")
        qs = qs.filter(country__in=[c for c, g in country_groups().items() if g == group])
    elif filters.where:
        qs = qs.filter(country=filters.where)
    return qs.filter(within_days("created_at", filters.date_from, filters.date_to))


def snippet_html(marked: str) -> SafeString:
    """A snippet as HTML: the text escaped, then `<mark>` around each span the database
    marked. The markers are characters the index never holds, so a writer cannot forge one."""
    escaped = escape(marked or "")
    marked_up = _MARKED.sub(r"<mark>\1</mark>", escaped)
    return mark_safe(marked_up.replace(MARK_START, "").replace(MARK_STOP, ""))  # noqa: S308


def kind_labels() -> dict[str, str]:
    """Every kind a result may have (the post kinds, then each registered source)."""
    return {**dict(Post.Kind.choices), **{s.name: s.label for s in registered_sources()}}


@dataclass
class _Results:
    """What a Paginator pages over: the ids of at most `MAX_RESULTS` matches, in order, read
    in one query the first time they are needed; each page then reads its own documents."""

    qs: QuerySet
    terms: list[str]
    sort: str
    _ids: list[int] | None = field(default=None, init=False)
    # More matched than are shown: the page says so and asks for more words.
    truncated: bool = field(default=False, init=False)

    def _all_ids(self) -> list[int]:
        if self._ids is None:
            index, limit = current_index(), MAX_RESULTS + 1
            if self.sort == Sort.DATE:
                ordered = index.matching(self.qs, self.terms).order_by("-created_at", "-pk")
                self._ids = list(ordered.values_list("pk", flat=True)[:limit])
            else:
                self._ids = index.candidate_ids(self.qs, self.terms, limit=limit)
            # One more than is shown tells that more matched; the oldest of them goes.
            self.truncated = len(self._ids) > MAX_RESULTS
            if self.truncated:
                self._ids.remove(min(self._ids) if self.sort != Sort.DATE else self._ids[-1])
        return self._ids

    def count(self) -> int:
        return len(self._all_ids())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[SearchDocument]:
        ids = self._all_ids()[window]
        if not ids:
            return []
        documents = (
            SearchDocument.objects.filter(pk__in=ids)
            .select_related("theme")
            .annotate(post_language=F("post__language"))
        )
        by_id = {doc.pk: doc for doc in documents}
        snippets = current_index().snippets(ids, self.terms)
        labels, statuses = kind_labels(), dict(Post.Status.choices)
        results = []
        for pk in ids:
            doc = by_id[pk]
            doc.snippet = snippet_html(snippets.get(pk, ""))
            doc.kind_label = labels.get(doc.kind, doc.kind)
            doc.status_label = statuses.get(doc.status, "")
            # A post's words are in its language; the guidebook's are in the site's.
            doc.language = doc.post_language or settings.LANGUAGE_CODE
            results.append(doc)
        return results


def search_page(*, user, query: str, filters: SearchFilters | None = None, page=1) -> Page:
    """The page `page` of what `user` may find matching every word of `query` (ranked, or
    newest first), narrowed by `filters`. A query without words finds nothing."""
    filters = filters or SearchFilters()
    terms = search_terms(query)
    qs = permissions.visible_search_documents(user, SearchDocument.objects.all())
    qs = _filtered(qs, filters)
    if not terms:
        qs = qs.none()
    results = _Results(qs, terms or ["_"], filters.sort)
    page_obj = Paginator(results, RESULTS_PER_PAGE).get_page(page)
    page_obj.object_list = list(page_obj.object_list)
    return page_obj
