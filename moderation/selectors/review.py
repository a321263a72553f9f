"""/moderation/posts/<pk>/: everything the review page shows about one post."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from common.diffs import word_diff
from forum.attachments.selectors import held_files
from forum.markup import render_markdown
from forum.markup.text import reader_paragraphs
from forum.models import Post, PostEdit, PostRevision, PostTag, Tag
from forum.selectors import tags_by_facet
from moderation.models import Decision, ModeratorNote, ReviewClaim
from moderation.permissions import visible_moderator_notes

CONTEXT_POSTS = 3


@dataclass
class ReviewContext:
    post: Post
    before: list[Post]
    after: list[Post]
    opening_post: Post | None
    revisions: list[PostRevision]
    # A word diff of the text as readers see it (escaped, with <ins>/<del>), or "".
    diff: SafeString | str
    diff_label: str
    changes_requested: Decision | None
    # The author's edit of this approved post waiting for review, with the title it gives
    # the thread when it differs (an opening post's edit).
    edit: PostEdit | None
    new_title: str
    # The files that edit adds (held with it, downloadable by the post's moderators) and
    # those of the post it takes off.
    edit_files_added: list
    edit_files_removed: list
    deciding: bool
    decisions: list[Decision]
    author_record: dict
    claim: ReviewClaim | None
    claim_is_mine: bool
    tags_by_facet: list[tuple[str, list[Tag]]]
    current_tag_ids: set[int]
    suggested_tags: list[Tag]
    notes: list[ModeratorNote]


def review_context(user, post: Post) -> ReviewContext:
    """Everything the review page shows about one post. The caller has checked the rights."""
    thread = post.thread
    nearby = Post.objects.filter(thread=thread).exclude(pk=post.pk).select_related("author")
    before = list(
        nearby.filter(
            Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk)
        )
        .exclude(pk=thread.first_post_id)
        .order_by("-created_at", "-pk")[:CONTEXT_POSTS]
    )[::-1]
    after = list(
        nearby.filter(
            Q(created_at__gt=post.created_at) | Q(created_at=post.created_at, pk__gt=post.pk)
        ).order_by("created_at", "pk")[:CONTEXT_POSTS]
    )
    opening_post = None
    if thread.first_post_id and thread.first_post_id != post.pk:
        opening_post = Post.objects.select_related("author").filter(pk=thread.first_post_id).first()

    revisions = list(post.revisions.select_related("edited_by").order_by("edited_at", "pk"))
    decisions = list(post.decisions.select_related("actor", "unit").order_by("-created_at", "-pk"))
    edit = None
    if post.status == Post.Status.APPROVED:
        edit = (
            PostEdit.objects.filter(post=post, status=PostEdit.Status.PENDING)
            .select_related("edited_by")
            .first()
        )

    diff, diff_label, new_title = "", "", ""
    edit_files_added, edit_files_removed = held_files(edit)
    for attachment in edit_files_added:
        attachment.post = post
    if edit is not None:
        # The moderator's earlier request, if this edit was sent back once already.
        changes_requested = next(
            (
                d
                for d in decisions
                if d.action == Decision.Action.REQUEST_CHANGES and d.details.get("edit") == edit.pk
            ),
            None,
        )
        diff = word_diff(reader_paragraphs(post.body_html), reader_paragraphs(edit.body_html))
        diff_label = _("What the edit changes in the approved text")
        if edit.title and edit.title != thread.title:
            new_title = edit.title
    else:
        changes_requested = next(
            (
                d
                for d in decisions
                if d.action == Decision.Action.REQUEST_CHANGES and "edit" not in d.details
            ),
            None,
        )
        # A resubmission shows what changed since the moderator asked for changes: the text
        # then is the one the first edit after the request replaced (kept as a revision).
        earlier = None
        if changes_requested is not None:
            edited_since = [r for r in revisions if r.edited_at >= changes_requested.created_at]
            if edited_since:
                earlier = edited_since[0]
                diff_label = _("Changes since the moderator asked for changes")
        elif revisions:
            earlier = revisions[-1]
            diff_label = _("Changes in the latest edit")
        if earlier is not None:
            diff = word_diff(_reader_text(earlier.body), reader_paragraphs(post.body_html))

    record = Post.objects.filter(author_id=post.author_id).aggregate(
        approved=Count("pk", filter=Q(status=Post.Status.APPROVED)),
        rejected=Count("pk", filter=Q(status=Post.Status.REJECTED)),
        changes_requested=Count("pk", filter=Q(status=Post.Status.CHANGES_REQUESTED)),
        pending=Count("pk", filter=Q(status=Post.Status.PENDING)),
        total=Count("pk"),
    )
    claim = ReviewClaim.objects.select_related("moderator").filter(post=post).first()
    if claim is not None and claim.expires_at <= timezone.now():
        claim = None

    # The notes on this post and on its author, in one query however many there are.
    notes = list(
        visible_moderator_notes(
            user,
            ModeratorNote.objects.filter(Q(post=post) | Q(author_id=post.author_id)),
        )
        .select_related("written_by", "unit")
        .order_by("-created_at", "-pk")
    )

    current_tag_ids = set(post.post_tags.values_list("tag_id", flat=True))
    vocabulary = list(Tag.objects.all())
    suggested = suggested_tags(post, vocabulary)
    suggested_ids = {t.pk for t in suggested}

    return ReviewContext(
        post=post,
        before=before,
        after=after,
        opening_post=opening_post,
        revisions=revisions,
        diff=diff,
        diff_label=diff_label,
        changes_requested=changes_requested,
        edit=edit,
        new_title=new_title,
        edit_files_added=edit_files_added,
        edit_files_removed=edit_files_removed,
        deciding=post.status == Post.Status.PENDING or edit is not None,
        decisions=decisions,
        author_record=record,
        claim=claim,
        claim_is_mine=claim is not None and claim.moderator_id == user.pk,
        # Suggested tags are offered once, above the facets, so each tag has one checkbox.
        tags_by_facet=tags_by_facet([t for t in vocabulary if t.pk not in suggested_ids]),
        current_tag_ids=current_tag_ids,
        suggested_tags=suggested,
        notes=notes,
    )


def _reader_text(markdown: str) -> str:
    """The text a reader saw of an earlier version. Revisions keep only their Markdown, so
    it is rendered again here, through forum/markup, for its text alone (never shown as
    HTML); a text the renderer now refuses is compared as written."""
    try:
        return reader_paragraphs(render_markdown(markdown))
    except ValidationError:
        return markdown


def suggested_tags(post: Post, vocabulary: list[Tag]) -> list[Tag]:
    """Tags a moderator is likely to apply to `post`, by name: those whose name occurs in
    the post's title or text as whole words, and those the author's other approved posts
    carry (authors tend to write about the same subjects). One query beside the vocabulary.
    """
    text = " ".join((post.thread.title, post.body, post.outcome or "", post.place or ""))
    words = _words(text)
    named = {t.pk for t in vocabulary if _words(t.name) and _occurs(_words(t.name), words)}
    carried = set(
        PostTag.objects.filter(post__author_id=post.author_id, post__status=Post.Status.APPROVED)
        .exclude(post_id=post.pk)
        .values_list("tag_id", flat=True)
        .distinct()
    )
    chosen = named | carried
    return sorted((t for t in vocabulary if t.pk in chosen), key=lambda t: t.name.lower())


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _occurs(needle: list[str], words: list[str]) -> bool:
    size = len(needle)
    return any(words[i : i + size] == needle for i in range(len(words) - size + 1))
