"""Writing the search index: one SearchDocument per post and per registered entry.

The writing services call these functions inside their own transaction, right after the
write, so the index is never behind what was committed and a rolled-back write leaves it
as it was. Each function replaces the documents of the rows it is given (deleting those
of rows that no longer exist), so calling it twice is harmless.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse

from accounts.attribution import attribution_for, credited_name_and_organisation
from forum.markup.text import plain_text
from forum.models import Attachment, Post, SearchDocument, Tag, Thread
from forum.search.backends import MARK_START, MARK_STOP, current_index
from forum.search.sources import SearchEntry, registered_sources, source_named
from forum.search.spelling import normalise

POST_SOURCE = "post"
_BATCH = 1_000
_MARKS = str.maketrans("", "", MARK_START + MARK_STOP)


def indexed_text(*parts: str) -> str:
    """The parts as the index holds them: one spelling, no snippet markers, one line."""
    text = " ".join(part for part in parts if part)
    return normalise(" ".join(text.translate(_MARKS).split()))


def _post_document(post: Post) -> SearchDocument:
    thread, author = post.thread, post.author
    first = thread.first_post
    return SearchDocument(
        source=POST_SOURCE,
        source_id=post.pk,
        post=post,
        url=reverse("forum:post_permalink", kwargs={"pk": post.pk}),
        heading=thread.title,
        title=indexed_text(thread.title),
        people=indexed_text(*credited_name_and_organisation(author)),
        attribution=attribution_for(author),
        tags=indexed_text(*(tag.name for tag in post.tags.all())),
        body=indexed_text(
            plain_text(post.body_html),
            post.place,
            post.period,
            post.actors,
            post.outcome,
            # The text extracted from the post's PDF and DOCX files (forum/attachments/).
            *(attachment.text for attachment in post.attachments.all()),
        ),
        kind=post.kind,
        status=post.status,
        is_public=(
            post.status == Post.Status.APPROVED
            and first is not None
            and first.status == Post.Status.APPROVED
        ),
        theme_id=thread.theme_id,
        author_id=author.pk,
        stakeholder_group=author.stakeholder_group,
        country=author.country,
        created_at=post.created_at,
    )


def _entry_document(source: str, entry: SearchEntry) -> SearchDocument:
    return SearchDocument(
        source=source,
        source_id=entry.source_id,
        url=entry.url,
        heading=entry.title,
        title=indexed_text(entry.title),
        body=indexed_text(entry.text),
        kind=source,
        status="published",
        is_public=True,
        created_at=entry.created_at,
    )


def _replace(source: str, source_ids: Collection[int] | None, documents: list) -> int:
    """Makes `documents` the index's documents for `source_ids` of `source` (for all of the
    source when None)."""
    index = current_index()
    old = SearchDocument.objects.filter(source=source)
    if source_ids is not None:
        old = old.filter(source_id__in=list(source_ids))
    index.forget(list(old.values_list("pk", flat=True)))
    old.delete()
    created = SearchDocument.objects.bulk_create(documents, batch_size=_BATCH)
    index.store(created)
    return len(created)


def _posts_for_index():
    return Post.objects.select_related("thread__first_post", "author").prefetch_related(
        Prefetch("tags", queryset=Tag.objects.only("name").order_by("name")),
        Prefetch("attachments", queryset=Attachment.objects.only("post_id", "text")),
    )


@transaction.atomic
def index_posts(post_ids: Iterable[int]) -> int:
    """(Re)indexes these posts as they are now; returns how many documents it wrote."""
    ids = sorted(set(post_ids))
    written = 0
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        posts = _posts_for_index().filter(pk__in=chunk)
        written += _replace(POST_SOURCE, chunk, [_post_document(p) for p in posts])
    return written


@transaction.atomic
def unindex_posts(post_ids: Iterable[int]) -> None:
    """Before posts are deleted: their documents go (the SQLite index is not a foreign key
    of the posts, so it would keep them otherwise)."""
    ids = sorted(set(post_ids))
    for start in range(0, len(ids), _BATCH):
        _replace(POST_SOURCE, ids[start : start + _BATCH], [])


def index_post(post: Post) -> int:
    """After a change to one post. A change to a thread's opening post can change who may
    find every post of the thread (the thread is public only while it is), so then the whole
    thread is indexed again."""
    thread = Thread.objects.filter(pk=post.thread_id).values("first_post_id").first()
    if thread is not None and thread["first_post_id"] == post.pk:
        return index_threads([post.thread_id])
    return index_posts([post.pk])


def _index_posts_of(lookup: str, ids: Iterable[int]) -> int:
    ids = list(ids)
    if not ids:
        return 0
    return index_posts(Post.objects.filter(**{lookup: ids}).values_list("pk", flat=True))


def index_threads(thread_ids: Iterable[int]) -> int:
    """After a change to threads as a whole: a title, a move to another theme."""
    return _index_posts_of("thread_id__in", thread_ids)


def index_authors(user_ids: Iterable[int]) -> int:
    """After a change to how authors are credited (name, organisation, attribution)."""
    return _index_posts_of("author_id__in", user_ids)


def index_tags(tag_ids: Iterable[int]) -> int:
    """After a tag is renamed: the posts carrying it."""
    return _index_posts_of("post_tags__tag_id__in", tag_ids)


# Fields of a profile the index copies (the credit line; the filters on group and country).
AUTHOR_FIELDS = frozenset(
    {"display_name", "organisation", "default_attribution", "stakeholder_group", "country"}
)


def profile_changed(*, user, fields: frozenset[str]) -> None:
    """accounts' profile-change listener (registered in ForumConfig.ready)."""
    if fields & AUTHOR_FIELDS:
        index_authors([user.pk])


@transaction.atomic
def index_source(name: str, *, ids: Collection[int]) -> int:
    """(Re)indexes rows `ids` of a registered source, as its app calls after writing them."""
    entries = list(source_named(name).entries(ids))
    return _replace(name, ids, [_entry_document(name, entry) for entry in entries])


@dataclass
class RebuildOutcome:
    # Documents per source, in the order they were written.
    counts: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@transaction.atomic
def rebuild_search_index(*, dry_run: bool = False) -> RebuildOutcome:
    """Empties the index and writes it again from every post and every registered source.
    One transaction: readers see the old index until the new one is complete. A dry run
    counts what it would write and writes nothing."""
    outcome = RebuildOutcome(dry_run=dry_run)
    if dry_run:
        outcome.counts[POST_SOURCE] = Post.objects.count()
        for source in registered_sources():
            outcome.counts[source.name] = sum(1 for _ in source.entries(None))
        return outcome
    current_index().clear()
    SearchDocument.objects.all().delete()
    ids = list(Post.objects.order_by("pk").values_list("pk", flat=True))
    outcome.counts[POST_SOURCE] = index_posts(ids)
    for source in registered_sources():
        documents = [_entry_document(source.name, e) for e in source.entries(None)]
        outcome.counts[source.name] = _replace(source.name, None, documents)
    return outcome
