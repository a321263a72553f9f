"""Each chapter's balance: who wrote the contributions linked to it (stakeholder group,
region, gender) and of what kind, against everything submitted in its themes.

A chapter's themes are the themes of the contributions linked to it (chapters are not tied
to themes otherwise). Each dimension is two grouped queries whatever the number of
chapters: one over the links, and one over the posts of each chapter's themes, the
chapters' parts joined with UNION ALL.
"""

from django.db.models import Count, Value

from forum.models import Post, Theme
from guidebook.models import Chapter, ContributionLink
from participation.dimensions import CHAPTER_DIMENSIONS, REGION, region_dimension
from participation.figures import Balance, ChapterBalance, breakdown
from participation.selectors.grouping import grouped_links
from participation.suppression import Totals


def _chapter_themes() -> dict[int, list[int]]:
    themes: dict[int, list[int]] = {}
    pairs = (
        ContributionLink.objects.order_by()
        .values_list("chapter_id", "post__thread__theme_id")
        .distinct()
    )
    for chapter_id, theme_id in pairs:
        themes.setdefault(chapter_id, []).append(theme_id)
    return themes


def _submitted_rows(dimension, chapter_themes: dict[int, list[int]]) -> list[dict]:
    """[{chapter_id, key, contributions, people}] over the posts of each chapter's themes.
    Chapters drawing on the same themes share one part of the query."""
    sets: dict[frozenset, list[int]] = {}
    for chapter_id, theme_ids in sorted(chapter_themes.items()):
        sets.setdefault(frozenset(theme_ids), []).append(chapter_id)
    groups = list(sets.items())
    parts = [
        Post.objects.filter(thread__theme_id__in=sorted(theme_ids))
        .order_by()
        .annotate(theme_set=Value(index))
        .values("theme_set", key=dimension.expression())
        .annotate(contributions=Count("pk"), people=Count("author", distinct=True))
        for index, (theme_ids, _chapters) in enumerate(groups)
    ]
    if not parts:
        return []
    rows = parts[0].union(*parts[1:], all=True).order_by()
    return [
        {**row, "chapter_id": chapter_id}
        for row in rows
        for chapter_id in groups[row["theme_set"]][1]
    ]


def _by_chapter(rows: list[dict]) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {}
    for row in rows:
        found.setdefault(row["chapter_id"], []).append(row)
    return found


def _totals(rows: list[dict]) -> dict[int, Totals]:
    """Per chapter, the sums over the cells of one dimension. The people add up exactly
    for an author's own properties (a person has one gender, one country), whose totals
    the suppression checks; for kinds, where one person can write two, only the
    contributions' total is shown."""
    totals: dict[int, list[int]] = {}
    for row in rows:
        entry = totals.setdefault(row["chapter_id"], [0, 0])
        entry[0] += row["people"]
        entry[1] += row["contributions"]
    return {key: Totals(people=p, contributions=c) for key, (p, c) in totals.items()}


def chapter_balances() -> list[ChapterBalance]:
    chapters = list(Chapter.objects.order_by("number").values("pk", "number", "title"))
    chapter_themes = _chapter_themes()
    titles = dict(Theme.objects.values_list("pk", "title"))
    links = ContributionLink.objects.all()
    found: dict[int, list] = {chapter["pk"]: [] for chapter in chapters}
    linked: dict[int, int] = {}
    for dimension in CHAPTER_DIMENSIONS:
        if dimension is REGION:
            dimension = region_dimension()
        cited_rows = grouped_links(links, dimension.expression("post__"))
        submitted_rows = _submitted_rows(dimension, chapter_themes)
        cited, submitted = _by_chapter(cited_rows), _by_chapter(submitted_rows)
        cited_totals, submitted_totals = _totals(cited_rows), _totals(submitted_rows)
        for chapter in chapters:
            pk = chapter["pk"]
            empty = Totals(people=0, contributions=0)
            cited_totals_here = cited_totals.get(pk, empty)
            linked.setdefault(pk, cited_totals_here.contributions)
            found[pk].append(
                Balance(
                    dimension=dimension.slug,
                    title=str(dimension.title),
                    cited=breakdown(dimension, cited.get(pk, []), totals=cited_totals_here),
                    submitted=breakdown(
                        dimension, submitted.get(pk, []), totals=submitted_totals.get(pk, empty)
                    ),
                )
            )
    return [
        ChapterBalance(
            number=chapter["number"],
            title=chapter["title"],
            themes=sorted(titles[t] for t in chapter_themes.get(chapter["pk"], []) if t in titles),
            linked=linked.get(chapter["pk"], 0),
            balances=found[chapter["pk"]],
        )
        for chapter in chapters
    ]
