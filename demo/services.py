"""Seeding: the consultation's set-up data, and demo accounts and threads for trying it out.

Set-up data (themes, units and the themes they moderate, the guidebook outline, the
consultation schedule, the tag vocabulary) is what any installation starts from. Demo
accounts, their threads, the moderators' decisions on them and the drafter's work on the
guidebook are for development and demonstrations only; the caller decides whether they are
wanted.

Every step creates what is missing and leaves existing rows alone, so seeding twice creates
nothing twice and never overwrites what an administrator changed in the admin.
"""

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from accounts.models import User
from accounts.notices import current_privacy_notice, record_privacy_consent
from common.translations import clean_translations
from demo.content import (
    ACCOUNTS,
    DRAFT_CHAPTER,
    DRAFT_CITES,
    DRAFT_TEXT,
    DRAFTER,
    LINKS,
    PASSWORD,
    REVIEW_COMMENT,
    REVIEW_COMMENT_AUTHOR,
    REVIEW_COMMENT_PARAGRAPH,
    REVIEW_DAYS,
    REVIEWS,
    THREADS,
    DemoAccount,
    DemoPost,
)
from forum.markup import render_markdown
from forum.models import (
    ConsultationSchedule,
    Post,
    PostRevision,
    PostTag,
    SearchDocument,
    Tag,
    Theme,
    Thread,
)
from forum.permissions import posts_need_review
from forum.search import rebuild_search_index
from forum.services.notifications import notify
from forum.services.tags import load_vocabulary, read_vocabulary_file
from guidebook.models import Chapter, ContributionLink, ReviewRound, Section
from guidebook.permissions import DRAFT_CHAPTER as DRAFT_CHAPTER_PERMISSION
from guidebook.permissions import can_draft_chapter
from guidebook.services import (
    add_comment,
    get_draft,
    link_contribution,
    open_review,
    publish_version,
    save_draft,
)
from moderation.models import Decision, Unit
from moderation.services.units import add_unit_member, ensure_unit, set_unit_themes

UNITS = [
    {
        "code": "atu",
        "name": "TNT/ATU",
        "full_name": "Action against Terrorism Unit, Transnational Threats Department",
    },
    {"code": "spmu", "name": "TNT/SPMU", "full_name": "Strategic Police Matters Unit"},
    {
        "code": "odihr",
        "name": "ODIHR",
        "full_name": "Office for Democratic Institutions and Human Rights",
    },
]

SCHEDULE_TITLE = (
    "Preventing Terrorism and Countering Violent Extremism and Radicalization that Lead to "
    "Terrorism: a Community Policing Approach"
)
SCHEDULE_OPENS_AT = dt.datetime(2012, 3, 8, 0, 0, tzinfo=dt.UTC)

# How long after a demo post its moderator decided on it (and tagged it).
REVIEW_DELAY = dt.timedelta(hours=3)

BASE_DIR = Path(settings.BASE_DIR)
THEMES_FILE = BASE_DIR / "forum" / "data" / "themes.json"
OUTLINE_FILE = BASE_DIR / "guidebook" / "data" / "guidebook_outline.json"


@dataclass
class SeedSummary:
    """What one seeding run created (or, in a dry run, would have created), by kind of row."""

    dry_run: bool = False
    with_accounts: bool = False
    created: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, count: int = 1) -> None:
        self.created[kind] = self.created.get(kind, 0) + count

    @property
    def total(self) -> int:
        return sum(self.created.values())

    def lines(self) -> list[str]:
        verb = "Would create" if self.dry_run else "Created"
        if not self.total:
            return ["Nothing to create: the data is already there."]
        return [f"{verb} {count} {kind}" for kind, count in self.created.items() if count]


@cache
def _load_json(path: Path) -> list[dict]:
    # Read once per process: the themes file feeds the themes, their units and the reviews.
    return json.loads(path.read_text(encoding="utf-8"))


def _seed_themes(summary: SeedSummary) -> dict[str, Theme]:
    # Read in one query: `make run` seeds on every start, and a seeded database should cost
    # a handful of queries, not one per row.
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    for position, item in enumerate(_load_json(THEMES_FILE), start=1):
        translations = clean_translations(item.get("translations"), fields=_THEME_FIELDS)
        if item["slug"] in themes:
            _add_missing_translations(themes[item["slug"]], translations, summary)
            continue
        themes[item["slug"]] = Theme.objects.create(
            slug=item["slug"],
            title=item["title"],
            description=item.get("description", ""),
            order=position,
            translations=translations,
        )
        summary.add("themes")
    return themes


_THEME_FIELDS = ("title", "description")


def _add_missing_translations(row, translations: dict, summary: SeedSummary) -> None:
    """Gives a row seeded before its names were translated the shipped translations; a
    row an administrator has translated keeps theirs."""
    if translations and not row.translations:
        row.translations = translations
        row.save(update_fields=["translations"])
        summary.add("translated names")


def _seed_units(summary: SeedSummary, themes: dict[str, Theme]) -> dict[str, Unit]:
    moderated = {unit["code"]: [] for unit in UNITS}
    for item in _load_json(THEMES_FILE):
        for code in item.get("moderated_by", []):
            if item["slug"] in themes:
                moderated[code].append(themes[item["slug"]])
    units = {}
    for spec in UNITS:
        existed = Unit.objects.filter(code=spec["code"]).exists()
        unit = ensure_unit(code=spec["code"], name=spec["name"], full_name=spec["full_name"])
        if not existed:
            # Only a new unit gets its themes: an administrator may have changed them since.
            set_unit_themes(unit=unit, themes=moderated[spec["code"]])
            summary.add("units")
        units[unit.code] = unit
    return units


def _seed_guidebook_outline(summary: SeedSummary) -> list[Chapter]:
    existing = {chapter.number: chapter for chapter in Chapter.objects.all()}
    sections = set(Section.objects.values_list("chapter_id", "order"))
    chapters = []
    for item in _load_json(OUTLINE_FILE):
        chapter = existing.get(item["number"])
        translations = clean_translations(item.get("translations"), fields=("title",))
        if chapter is None:
            chapter = Chapter.objects.create(
                number=item["number"], title=item["title"], translations=translations
            )
            summary.add("chapters")
        else:
            _add_missing_translations(chapter, translations, summary)
        chapters.append(chapter)
        for order, title in enumerate(item.get("sections", []), start=1):
            if (chapter.pk, order) not in sections:
                Section.objects.create(chapter=chapter, order=order, title=title)
                summary.add("sections")
    return chapters


def _seed_schedule(summary: SeedSummary) -> None:
    if not ConsultationSchedule.objects.exists():
        ConsultationSchedule.objects.create(
            title=SCHEDULE_TITLE, opens_at=SCHEDULE_OPENS_AT, closes_at=None
        )
        summary.add("consultation schedule")


def _free_username(wanted: str) -> str:
    username, n = wanted, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{wanted}{n}"
    return username


@cache
def _demo_password_hash() -> str:
    # Hashed once and shared: the password is published anyway, and hashing it for every
    # account would make the first `make run` wait several seconds for nothing.
    return make_password(PASSWORD)


def _seed_account(
    summary: SeedSummary, spec: DemoAccount, existing: dict[str, User]
) -> tuple[User, bool]:
    user = existing.get(spec.email.lower())
    if user is not None:
        return user, False
    user = User(
        username=_free_username(spec.username),
        email=spec.email,
        display_name=spec.display_name,
        organisation=spec.organisation,
        stakeholder_group=spec.stakeholder_group,
        country=spec.country,
        gender=spec.gender,
        language="en",
        default_attribution=spec.attribution,
        profile_completed_at=timezone.now(),
        is_staff=spec.is_admin,
        is_superuser=spec.is_admin,
    )
    user.password = _demo_password_hash()
    user.save()
    # Verified, so the demo accounts can sign in at once (verification is mandatory).
    EmailAddress.objects.create(user=user, email=spec.email, verified=True, primary=True)
    # As at sign-up, so signing in to a demo account does not ask for it first.
    if notice := current_privacy_notice():
        record_privacy_consent(user=user, notice=notice)
    summary.add("demo accounts")
    return user, True


def _seed_accounts(
    summary: SeedSummary, units: dict[str, Unit], chapters: list[Chapter]
) -> dict[str, User]:
    users = {}
    wanted = Q()
    for spec in ACCOUNTS:
        wanted |= Q(email__iexact=spec.email)
    existing = {user.email.lower(): user for user in User.objects.filter(wanted)}
    for spec in ACCOUNTS:
        user, created = _seed_account(summary, spec, existing)
        users[spec.email] = user
        if not created:
            continue
        if spec.unit:
            add_unit_member(unit=units[spec.unit], user=user)
        if spec.is_drafter:
            for chapter in chapters:
                assign_perm(DRAFT_CHAPTER_PERMISSION, user, chapter)
    return users


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def _posted_at(spec: DemoPost, now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(hours=spec.hours_ago) if spec.hours_ago else _at(spec.at)


def _theme_units() -> dict[str, str]:
    """Theme slug → code of the unit responsible for it (the first of `moderated_by`)."""
    return {
        item["slug"]: item["moderated_by"][0]
        for item in _load_json(THEMES_FILE)
        if item.get("moderated_by")
    }


def _existing_posts(threads: list[Thread]) -> dict[tuple[int, int, str], Post]:
    """The posts of these threads by (thread, author, text), under their current text and
    under every earlier text: an author who edits a demo post (after changes were requested,
    say) still has that post, and seeding again must not write the original a second time."""
    posts = Post.objects.filter(thread__in=threads)
    found = {(p.thread_id, p.author_id, p.body): p for p in posts}
    for revision in PostRevision.objects.filter(post__in=posts).select_related("post"):
        post = revision.post
        found.setdefault((post.thread_id, post.author_id, revision.body), post)
    return found


def _seed_threads(
    summary: SeedSummary,
    themes: dict[str, Theme],
    users: dict[str, User],
    now: dt.datetime,
) -> list[tuple[DemoPost, Post, Thread]]:
    """Creates the demo threads and the demo posts that are missing; returns every demo post
    with its row, created now or earlier. A thread is found by its title and author (so a
    moderator may move it to another theme), a post by its thread, author and text."""
    existing_threads = {
        (t.title, t.author_id): t
        for t in Thread.objects.filter(title__in=[spec.title for spec in THREADS]).select_related(
            "theme"
        )
    }
    threads = {}
    for spec in THREADS:
        theme = themes.get(spec.theme)
        opening = spec.posts[0]
        thread = existing_threads.get((spec.title, users[opening.author].pk))
        if thread is None and theme is not None:
            started = _posted_at(opening, now)
            thread = Thread.objects.create(
                theme=theme,
                title=spec.title,
                author=users[opening.author],
                created_at=started,
                last_activity_at=started,
                pinned=spec.pinned,
            )
            summary.add("threads")
        if thread is not None:
            threads[spec.title] = thread
    existing = _existing_posts(list(threads.values()))
    seeded = []
    for spec in THREADS:
        thread = threads.get(spec.title)
        if thread is None:
            continue
        created = []
        for item in spec.posts:
            author = users[item.author]
            post = existing.get((thread.pk, author.pk, item.body))
            if post is None:
                posted_at = _posted_at(item, now)
                post = Post.objects.create(
                    thread=thread,
                    author=author,
                    kind=item.kind,
                    body=item.body,
                    body_html=render_markdown(item.body),
                    status=item.status,
                    status_reason=item.reason,
                    created_at=posted_at,
                    submitted_at=posted_at,
                    place=item.place,
                    period=item.period,
                    actors=item.actors,
                    outcome=item.outcome,
                )
                created.append(post)
            seeded.append((item, post, thread))
        if not created:
            continue
        summary.add("posts", len(created))
        if thread.first_post_id is None:
            thread.first_post = created[0]
        # Only public posts are activity others can see (as in forum.services.reply).
        public = [p.created_at for p in created if p.status == Post.Status.APPROVED]
        thread.last_activity_at = max([thread.last_activity_at, *public])
        thread.save(update_fields=["first_post", "last_activity_at"])
    return seeded


def _seed_vocabulary(summary: SeedSummary) -> dict[str, Tag]:
    """Loads the tags that are missing; tags already there keep an administrator's wording
    (loading the whole file would restore the shipped one)."""
    known = set(Tag.objects.values_list("slug", flat=True))
    shipped = read_vocabulary_file()
    missing = [entry for entry in shipped if entry.get("slug") not in known]
    if missing:
        summary.add("tags", load_vocabulary(data=missing))
    tags = {tag.slug: tag for tag in Tag.objects.all()}
    for entry in shipped:
        if entry.get("slug") in known:
            translations = clean_translations(
                entry.get("translations"), fields=("name", "description")
            )
            _add_missing_translations(tags[entry["slug"]], translations, summary)
    return tags


def _seed_reviews(
    summary: SeedSummary,
    seeded: list[tuple[DemoPost, Post, Thread]],
    users: dict[str, User],
    units: dict[str, Unit],
    tags: dict[str, Tag],
) -> None:
    """What the units' moderators did with the demo posts: tags (and, for some, acceptance
    for the guidebook) on approved posts, a request for changes on one, and a row in the
    decision log for each. Written here rather than through moderation.services, which
    rightly insist on two-factor authentication; the rows have the same shape as theirs.

    A post is reviewed once: an approved post that already carries tags, or a post that
    already has a decision, is left as it is, so seeding again changes nothing a moderator
    did since."""
    theme_units = _theme_units()
    moderators = {spec.unit: users[spec.email] for spec in ACCOUNTS if spec.unit}
    posts = [post for _, post, _ in seeded]
    tagged = set(PostTag.objects.filter(post__in=posts).values_list("post_id", flat=True))
    decided = set(Decision.objects.filter(post__in=posts).values_list("post_id", flat=True))
    new_tags, new_decisions = [], []
    for spec, post, thread in seeded:
        code = theme_units.get(thread.theme.slug)
        if code is None or code not in moderators or post.pk in decided:
            continue
        moderator = moderators[code]
        decided_at = post.created_at + REVIEW_DELAY
        decision = partial(
            Decision,
            actor=moderator,
            unit=units[code],
            created_at=decided_at,
            post=post,
            thread=thread,
            status_before=Post.Status.PENDING,
        )
        if spec.status == Post.Status.CHANGES_REQUESTED and post.status == spec.status:
            new_decisions.append(
                decision(
                    action=Decision.Action.REQUEST_CHANGES,
                    status_after=Post.Status.CHANGES_REQUESTED,
                    reason=spec.reason,
                )
            )
            notify(
                recipient=post.author,
                message=(
                    f"A moderator asked for changes to your contribution to “{thread.title}”. "
                    "Edit it and it returns to the review queue."
                ),
                reason=spec.reason,
                url=f"{reverse('contributions:mine')}#post-{post.pk}",
                email=False,
            )
            continue
        review = REVIEWS.get((spec.author, spec.at))
        if review is None or post.pk in tagged or post.status != Post.Status.APPROVED:
            continue
        chosen = [tags[slug] for slug in review.tags if slug in tags]
        new_tags += [
            PostTag(post=post, tag=tag, applied_by=moderator, applied_at=decided_at)
            for tag in chosen
        ]
        accepted = bool(review.note) and any(t.facet == Tag.Facet.TOPIC for t in chosen)
        if accepted:
            post.accepted_for_guidebook = True
            post.guidebook_note = review.note
            post.save(update_fields=["accepted_for_guidebook", "guidebook_note"])
        details = {"tags": sorted(t.slug for t in chosen), "accepted_for_guidebook": accepted}
        # A moderator's post in a theme of their unit was public at once: nothing to approve.
        if posts_need_review(post.author, thread.theme):
            new_decisions.append(
                decision(
                    action=Decision.Action.APPROVE,
                    status_after=Post.Status.APPROVED,
                    details={**details, **({"guidebook_note": review.note} if accepted else {})},
                )
            )
    PostTag.objects.bulk_create(new_tags)
    Decision.objects.bulk_create(new_decisions)
    summary.add("post tags", len(new_tags))
    summary.add("decisions", len(new_decisions))


def _seed_guidebook_work(
    summary: SeedSummary,
    seeded: list[tuple[DemoPost, Post, Thread]],
    users: dict[str, User],
    chapters: list[Chapter],
    now: dt.datetime,
) -> None:
    """The drafter's work: contributions linked to chapters 2, 3 and 7, and chapter 2
    drafted, published as version 1 and opened for peer review with one comment. Done
    through the guidebook services as the demo drafter, who drafts every chapter."""
    drafter = users[DRAFTER]
    by_number = {c.number: c for c in chapters}
    posts = {(spec.author, spec.at): post for spec, post, _ in seeded if spec.at}
    if not all(can_draft_chapter(drafter, c) for c in by_number.values()):
        return  # An administrator took the chapters from the demo drafter: leave them be.
    sections = {(s.chapter_id, s.order): s for s in Section.objects.filter(chapter__in=chapters)}
    # Links are made once, into an empty pool of links: one a drafter removed stays removed.
    linking = not ContributionLink.objects.exists()
    for item in LINKS if linking else ():
        post, chapter = posts.get(item.post), by_number.get(item.chapter)
        section = sections.get((chapter.pk, item.section)) if chapter else None
        if post is None or section is None or not post.accepted_for_guidebook:
            continue
        link_contribution(
            actor=drafter, post=post, chapter=chapter, section=section, note=item.note
        )
        summary.add("contribution links")

    chapter = by_number.get(DRAFT_CHAPTER)
    cited = {name: posts.get(key) for name, key in DRAFT_CITES.items()}
    if chapter is None or None in cited.values() or chapter.versions.exists():
        return
    draft = get_draft(chapter)
    if draft.text.strip():
        return  # Someone is already writing this chapter.
    text = DRAFT_TEXT.format(**{name: post.pk for name, post in cited.items()})
    save_draft(actor=drafter, chapter=chapter, text=text, base_version=draft.version)
    version = publish_version(actor=drafter, chapter=chapter)
    summary.add("chapter versions")
    open_review(
        actor=drafter,
        version=version,
        ends_at=now + dt.timedelta(days=REVIEW_DAYS),
        audience=ReviewRound.Audience.VERIFIED,
    )
    summary.add("review rounds")
    add_comment(
        actor=users[REVIEW_COMMENT_AUTHOR],
        version=version,
        para_id=version.paragraphs[REVIEW_COMMENT_PARAGRAPH - 1]["id"],
        body=REVIEW_COMMENT,
    )
    summary.add("review comments")


@transaction.atomic
def seed_demo(*, with_accounts: bool, dry_run: bool) -> SeedSummary:
    """Creates whatever set-up data is missing; with `with_accounts`, also the demo accounts,
    the demo threads they wrote, what moderators decided about them and the drafter's work
    on the guidebook. A dry run does the same work and then rolls it back, so the summary
    says exactly what a real run would create."""
    summary = SeedSummary(dry_run=dry_run, with_accounts=with_accounts)
    now = timezone.now()
    themes = _seed_themes(summary)
    units = _seed_units(summary, themes)
    chapters = _seed_guidebook_outline(summary)
    _seed_schedule(summary)
    tags = _seed_vocabulary(summary)
    if with_accounts:
        users = _seed_accounts(summary, units, chapters)
        seeded = _seed_threads(summary, themes, users, now)
        _seed_reviews(summary, seeded, users, units, tags)
        _seed_guidebook_work(summary, seeded, users, chapters, now)
    # Seeding writes posts and decisions in bulk, past the services that index as they
    # write: index everything once, at the end, when it wrote anything (or the index of an
    # earlier seeding is missing).
    if summary.total or not SearchDocument.objects.exists():
        rebuild_search_index()
    if dry_run:
        transaction.set_rollback(True)
    return summary


def demo_account_rows() -> list[tuple[str, str, str]]:
    """(e-mail, role, password) for each demo account, for the table `make run` prints."""
    return [(spec.email, spec.role, PASSWORD) for spec in ACCOUNTS]
