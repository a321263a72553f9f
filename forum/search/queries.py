"""Reading the search index: a page of results for one person, query and set of filters.

A page costs the same few queries whatever it holds: the count, the ids of the page in
order, the documents with their themes, the snippets (and, once per request, the themes
the person moderates). Who may find what is `permissions.visible_search_documents`.
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
    """What a Paginator pages over: counts and slices run the index's queries lazily."""

    qs: QuerySet
    terms: list[str]
    sort: str
    _count: int | None = field(default=None, init=False)

    def count(self) -> int:
        if self._count is None:
            self._count = current_index().matching(self.qs, self.terms).count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[SearchDocument]:
        index = current_index()
        offset, stop = window.start or 0, window.stop
        if stop <= offset or not self.count():
            return []
        if self.sort == Sort.DATE:
            ordered = index.matching(self.qs, self.terms).order_by("-created_at", "-pk")
            ids = list(ordered.values_list("pk", flat=True)[offset:stop])
        else:
            ids = index.ranked_ids(self.qs, self.terms, offset=offset, limit=stop - offset)
        documents = (
            SearchDocument.objects.filter(pk__in=ids)
            .select_related("theme")
            .annotate(post_language=F("post__language"))
        )
        by_id = {doc.pk: doc for doc in documents}
        snippets = index.snippets(ids, self.terms)
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
