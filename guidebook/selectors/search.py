"""Published chapter versions as forum search finds them (registered in GuidebookConfig.ready).

Every published version is public, so every one is an entry; its text is the version's
rendered HTML as plain text (notes included), under the chapter's title.
"""

from collections.abc import Collection, Iterator

from django.utils.translation import gettext

from forum.markup.text import plain_text
from forum.search import SearchEntry
from guidebook.models import ChapterVersion

SOURCE = "guidebook_version"


def version_entries(ids: Collection[int] | None) -> Iterator[SearchEntry]:
    versions = ChapterVersion.objects.select_related("chapter").order_by("pk")
    if ids is not None:
        versions = versions.filter(pk__in=list(ids))
    for version in versions.iterator(chunk_size=100):
        chapter = version.chapter
        yield SearchEntry(
            source_id=version.pk,
            url=version.get_absolute_url(),
            title=gettext("%(number)s. %(title)s, version %(version)s")
            % {"number": chapter.number, "title": chapter.title, "version": version.number},
            text=plain_text(version.html),
            created_at=version.published_at,
        )
