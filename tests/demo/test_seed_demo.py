"""The demo seeding: idempotent, accounts only when wanted, dry runs change nothing, and
every page of a fresh installation has something real to show."""

import datetime as dt
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from demo.content import (
    ACCOUNTS,
    DISCUSSION,
    LINKS,
    PASSWORD,
    PENDING_THREADS,
    REVIEW_DAYS,
    REVIEWS,
    THREADS,
)
from demo.services import seed_demo
from forum.markup import render_markdown
from forum.models import (
    ConsultationSchedule,
    Notification,
    Post,
    PostRevision,
    PostTag,
    Tag,
    Theme,
    Thread,
)
from forum.permissions import can_moderate_theme, moderated_theme_ids
from forum.services import edit_post
from forum.services.tags import read_vocabulary_file
from guidebook.models import (
    Chapter,
    ChapterVersion,
    CommentAnchor,
    ContributionLink,
    Draft,
    ReviewComment,
    ReviewRound,
    Section,
)
from guidebook.permissions import can_comment_in_review
from moderation.models import Decision, Unit
from moderation.selectors.queues import unit_queue

MODELS = (
    Theme,
    Unit,
    Group,
    Chapter,
    Section,
    ConsultationSchedule,
    User,
    EmailAddress,
    Thread,
    Post,
    PostRevision,
    Tag,
    PostTag,
    Decision,
    Notification,
    ContributionLink,
    Draft,
    ChapterVersion,
    ReviewRound,
    ReviewComment,
    CommentAnchor,
)

SUBSTANTIVE = {
    Post.Kind.LESSON_LEARNT,
    Post.Kind.GOOD_PRACTICE,
    Post.Kind.CASE_STUDY,
    Post.Kind.RECOMMENDATION,
}


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def run(*args, debug: bool, settings) -> str:
    settings.DEBUG = debug
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seeding_twice_creates_nothing_twice(settings):
    run("--demo", debug=False, settings=settings)
    first = counts()
    output = run("--demo", debug=False, settings=settings)
    assert counts() == first
    assert "Nothing to create" in output
    assert first["Theme"] == 12
    assert first["Unit"] == 3
    assert first["Chapter"] == 9
    assert first["User"] == len(ACCOUNTS)
    assert first["Thread"] == len(THREADS) >= 12


@pytest.mark.django_db
def test_without_debug_or_demo_flag_no_accounts_are_created(settings):
    output = run(debug=False, settings=settings)
    assert User.objects.count() == 0
    assert Thread.objects.count() == 0
    assert Theme.objects.count() == 12
    assert ConsultationSchedule.objects.count() == 1
    assert "Demo accounts skipped" in output


@pytest.mark.django_db
def test_debug_on_creates_the_demo_accounts(settings):
    run(debug=True, settings=settings)
    assert set(User.objects.values_list("email", flat=True)) == {a.email for a in ACCOUNTS}


@pytest.mark.django_db
def test_demo_flag_creates_the_demo_accounts_with_debug_off(settings):
    run("--demo", debug=False, settings=settings)
    assert User.objects.filter(email="admin@example.org", is_superuser=True).exists()


@pytest.mark.django_db
def test_dry_run_writes_nothing(settings):
    output = run("--demo", "--dry-run", debug=True, settings=settings)
    assert all(count == 0 for count in counts().values())
    assert "Would create 12 themes" in output


@pytest.mark.django_db
def test_dry_run_after_seeding_reports_nothing_to_create(settings):
    run("--demo", debug=False, settings=settings)
    summary = seed_demo(with_accounts=True, dry_run=True)
    assert summary.total == 0


@pytest.mark.django_db
def test_demo_accounts_can_sign_in_with_verified_address_and_complete_profile(settings):
    run("--demo", debug=False, settings=settings)
    for spec in ACCOUNTS:
        user = User.objects.get(email=spec.email)
        assert authenticate(username=user.username, password=PASSWORD) == user
        assert EmailAddress.objects.filter(
            user=user, email=spec.email, verified=True, primary=True
        ).exists()
        assert user.has_complete_profile
        assert user.profile_completed_at is not None


@pytest.mark.django_db
def test_each_unit_moderator_moderates_the_themes_of_their_unit(settings):
    run("--demo", debug=False, settings=settings)
    atu = User.objects.get(email="atu@example.org")
    odihr = User.objects.get(email="odihr@example.org")
    participant = User.objects.get(email="participant@example.org")
    slugs = dict(Theme.objects.values_list("pk", "slug"))
    assert {slugs[pk] for pk in moderated_theme_ids(atu)} >= {"key-concepts", "human-rights"}
    assert "human-rights" in {slugs[pk] for pk in moderated_theme_ids(odihr)}
    assert "key-concepts" not in {slugs[pk] for pk in moderated_theme_ids(odihr)}
    assert moderated_theme_ids(participant) == frozenset()


@pytest.mark.django_db
def test_schedule_opens_on_8_march_2012_without_a_close(settings):
    run(debug=False, settings=settings)
    schedule = ConsultationSchedule.current()
    assert schedule.opens_at == dt.datetime(2012, 3, 8, tzinfo=dt.UTC)
    assert schedule.closes_at is None
    assert schedule.title.startswith("Preventing Terrorism and Countering Violent Extremism")


@pytest.mark.django_db
def test_demo_discussion_is_approved_posts_of_every_kind_with_stored_html(settings):
    run("--demo", debug=False, settings=settings)
    titles = [spec.title for spec in DISCUSSION]
    posts = list(Post.objects.approved().select_related("thread"))
    assert {p.kind for p in posts} == set(Post.Kind.values)
    assert {p.thread.title for p in posts} == set(titles)
    assert all(p.body_html == render_markdown(p.body) for p in posts)
    assert all(p.has_structured_summary for p in posts if p.kind == Post.Kind.CASE_STUDY)
    start, end = dt.datetime(2012, 3, 8, tzinfo=dt.UTC), dt.datetime(2012, 7, 1, tzinfo=dt.UTC)
    assert all(start <= p.created_at < end for p in posts)
    for thread in Thread.objects.filter(title__in=titles).prefetch_related("posts"):
        thread_posts = list(thread.posts.all())
        public = [p for p in thread_posts if p.status == Post.Status.APPROVED]
        assert len(public) >= 4
        assert thread.first_post_id == thread_posts[0].pk
        assert thread.created_at == thread_posts[0].created_at
        # Replies still waiting for review are no activity anyone else can see.
        assert thread.last_activity_at == public[-1].created_at
    assert Thread.objects.public().filter(title__in=titles).count() == len(DISCUSSION)


@pytest.mark.django_db
def test_every_unit_queue_has_recent_pending_posts_from_several_participants(settings):
    run("--demo", debug=False, settings=settings)
    pending = list(Post.objects.filter(status=Post.Status.PENDING).select_related("thread"))
    assert len(pending) == 6
    assert len({p.author_id for p in pending}) >= 4
    assert not any(can_moderate_theme(p.author, p.thread.theme) for p in pending)
    now = dt.datetime.now(dt.UTC)
    assert all(now - dt.timedelta(days=3) < p.submitted_at <= now for p in pending)
    new_threads = Thread.objects.filter(title__in=[t.title for t in PENDING_THREADS])
    assert new_threads.count() == 2
    assert not Thread.objects.public().filter(pk__in=new_threads).exists()
    for unit in Unit.objects.all():
        moderator = User.objects.get(email=f"{unit.code}@example.org")
        assert unit_queue(moderator, unit).page.paginator.count >= 2, unit.code


@pytest.mark.django_db
def test_one_post_waits_for_its_author_with_the_changes_requested(settings):
    run("--demo", debug=False, settings=settings)
    post = Post.objects.get(status=Post.Status.CHANGES_REQUESTED)
    assert "personal data" in post.status_reason
    decision = Decision.objects.get(post=post)
    assert decision.action == Decision.Action.REQUEST_CHANGES
    assert decision.reason == post.status_reason
    assert (decision.status_before, decision.status_after) == ("pending", "changes_requested")
    assert can_moderate_theme(decision.actor, post.thread.theme)
    assert Notification.objects.filter(recipient=post.author, reason=post.status_reason).exists()


@pytest.mark.django_db
def test_author_revising_the_post_and_seeding_again_creates_nothing(settings):
    run("--demo", debug=False, settings=settings)
    post = Post.objects.get(status=Post.Status.CHANGES_REQUESTED)
    edit_post(
        editor=post.author,
        post=post,
        body="After an arrest last spring, journalists found the family's flat within hours.",
        kind=post.kind,
        place="A city in England",
        period="2011",
        actors="Police, our trust",
        outcome="A protocol for statements after arrests.",
    )
    post.refresh_from_db()
    assert post.status == Post.Status.PENDING
    before = counts()
    output = run("--demo", debug=False, settings=settings)
    assert counts() == before
    assert "Nothing to create" in output


@pytest.mark.django_db
def test_moving_a_demo_thread_to_another_theme_and_seeding_again_creates_nothing(settings):
    run("--demo", debug=False, settings=settings)
    Thread.objects.filter(title=DISCUSSION[0].title).update(
        theme=Theme.objects.get(slug="communication")
    )
    before = counts()
    run("--demo", debug=False, settings=settings)
    assert counts() == before


@pytest.mark.django_db
def test_guidebook_work_a_drafter_undid_is_not_redone(settings):
    run("--demo", debug=False, settings=settings)
    ContributionLink.objects.filter(chapter__number=7).delete()
    before = counts()
    run("--demo", debug=False, settings=settings)
    assert counts() == before
    assert not ContributionLink.objects.filter(chapter__number=7).exists()


@pytest.mark.django_db
def test_tag_vocabulary_is_set_up_data_and_keeps_an_administrators_wording(settings):
    run(debug=False, settings=settings)
    assert Tag.objects.count() == len(read_vocabulary_file())
    assert set(Tag.objects.values_list("facet", flat=True)) == set(Tag.Facet.values)
    Tag.objects.filter(slug="training").update(name="Police training")
    run(debug=False, settings=settings)
    assert Tag.objects.get(slug="training").name == "Police training"


@pytest.mark.django_db
def test_approved_demo_posts_carry_one_to_three_tags_from_the_themes_moderators(settings):
    run("--demo", debug=False, settings=settings)
    approved = Post.objects.approved().select_related("thread__theme")
    assert len(REVIEWS) == approved.count()
    for post in approved:
        post_tags = list(PostTag.objects.filter(post=post).select_related("applied_by"))
        assert 1 <= len(post_tags) <= 3, post
        for post_tag in post_tags:
            assert can_moderate_theme(post_tag.applied_by, post.thread.theme)
            assert post_tag.applied_by.is_superuser is False
            assert dt.timedelta(0) < post_tag.applied_at - post.created_at < dt.timedelta(days=1)
    assert not PostTag.objects.exclude(post__status=Post.Status.APPROVED).exists()


@pytest.mark.django_db
def test_about_a_third_of_the_substantive_posts_are_accepted_with_a_note(settings):
    run("--demo", debug=False, settings=settings)
    substantive = Post.objects.approved().filter(kind__in=SUBSTANTIVE)
    accepted = list(Post.objects.filter(accepted_for_guidebook=True))
    assert all(p.kind in SUBSTANTIVE and p.status == Post.Status.APPROVED for p in accepted)
    assert abs(len(accepted) - substantive.count() / 3) <= 2
    assert all(p.guidebook_note for p in accepted)
    for post in accepted:
        assert post.tags.filter(facet=Tag.Facet.TOPIC).exists()


@pytest.mark.django_db
def test_decision_log_records_each_approval_and_acceptance_with_the_unit(settings):
    run("--demo", debug=False, settings=settings)
    for post in Post.objects.approved().select_related("thread__theme", "author"):
        decisions = {d.action: d for d in Decision.objects.filter(post=post)}
        if can_moderate_theme(post.author, post.thread.theme):
            # Public at once, as a moderator's post in a theme of their own unit is.
            assert Decision.Action.APPROVE not in decisions
        else:
            approve = decisions[Decision.Action.APPROVE]
            assert (approve.status_before, approve.status_after) == ("pending", "approved")
            assert approve.created_at > post.created_at
            assert approve.details["accepted_for_guidebook"] == post.accepted_for_guidebook
        # Acceptance is part of the approval (as the approve service records it).
        assert Decision.Action.ACCEPT not in decisions
        for decision in decisions.values():
            assert decision.unit is not None
            assert decision.actor.groups.filter(pk=decision.unit.group_id).exists()
            assert can_moderate_theme(decision.actor, post.thread.theme)
    assert set(Decision.objects.values_list("unit__code", flat=True)) == {"atu", "spmu", "odihr"}


@pytest.mark.django_db
def test_accepted_contributions_are_linked_to_chapters_2_3_and_7_with_notes(settings):
    run("--demo", debug=False, settings=settings)
    links = list(ContributionLink.objects.select_related("post", "chapter", "section"))
    assert len(links) == len(LINKS)
    assert {link.chapter.number for link in links} == {2, 3, 7}
    drafter = User.objects.get(email="drafter@example.org")
    for link in links:
        assert link.note
        assert link.post.accepted_for_guidebook
        assert link.linked_by == drafter
        assert link.section.chapter_id == link.chapter_id
        assert link.linked_text == link.post.body
    # Some accepted posts wait in the pool, not yet linked.
    assert Post.objects.filter(accepted_for_guidebook=True, guidebook_links=None).exists()


@pytest.mark.django_db
def test_chapter_2_is_published_and_in_peer_review_with_one_comment(settings):
    run("--demo", debug=False, settings=settings)
    chapter = Chapter.objects.get(number=2)
    assert chapter.state == Chapter.State.IN_REVIEW
    version = ChapterVersion.objects.get(chapter=chapter)
    assert version.number == 1
    assert 4 <= len(version.paragraphs) <= 6
    assert len(version.citations) == 2
    linked = set(ContributionLink.objects.filter(chapter=chapter).values_list("post", flat=True))
    assert {c["post_id"] for c in version.citations} <= linked
    assert 'class="cite"' in version.html and 'id="note-2"' in version.html
    assert Draft.objects.get(chapter=chapter).text == version.text
    review = ReviewRound.objects.get(version=version)
    assert review.audience == ReviewRound.Audience.VERIFIED
    now = dt.datetime.now(dt.UTC)
    assert now + dt.timedelta(days=REVIEW_DAYS - 1) < review.ends_at
    assert review.ends_at <= now + dt.timedelta(days=REVIEW_DAYS)
    comment = ReviewComment.objects.get()
    assert comment.version == version
    assert comment.para_id == version.paragraphs[1]["id"]
    assert comment.quote == version.paragraphs[1]["text"]
    assert comment.author.email == "participant@example.org"
    # Any verified participant may join the round.
    assert can_comment_in_review(User.objects.get(email="academic@example.org"), review)
    assert not ChapterVersion.objects.exclude(chapter=chapter).exists()


@pytest.mark.django_db
def test_every_page_of_a_fresh_installation_shows_demo_content(settings, client):
    run("--demo", debug=True, settings=settings)
    thread = Thread.objects.get(title=DISCUSSION[1].title)
    pages = [
        (None, reverse("forum:home"), "Key concepts and shared vocabulary"),
        (None, reverse("forum:thread_detail", kwargs={"pk": thread.pk}), "Separation from"),
        (None, reverse("forum:tag_detail", kwargs={"slug": "training"}), DISCUSSION[10].title),
        (None, reverse("guidebook:chapter_detail", kwargs={"number": 2}), "community policing"),
        ("atu@example.org", reverse("moderation:unit_queue", kwargs={"code": "atu"}), "Lesson"),
        ("odihr@example.org", reverse("moderation:log"), "Accepted for the guidebook"),
        ("drafter@example.org", reverse("guidebook:pool"), "Osh"),
        ("participant@example.org", reverse("contributions:mine"), "personal data"),
    ]
    for email, url, text in pages:
        client.logout()
        if email:
            client.force_login(User.objects.get(email=email))
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url


@pytest.mark.django_db
def test_seeding_again_is_cheap(settings, django_assert_max_num_queries):
    run("--demo", debug=False, settings=settings)
    with django_assert_max_num_queries(40):
        run("--demo", debug=False, settings=settings)


@pytest.mark.django_db
def test_seeding_keeps_what_an_administrator_changed(settings):
    run(debug=False, settings=settings)
    Theme.objects.filter(slug="youth").update(title="Young people")
    run(debug=False, settings=settings)
    assert Theme.objects.get(slug="youth").title == "Young people"


@pytest.mark.django_db
def test_demo_accounts_command_prints_the_table(settings):
    run("--demo", debug=False, settings=settings)
    out = StringIO()
    call_command("demo_accounts", stdout=out)
    text = out.getvalue()
    for spec in ACCOUNTS:
        assert spec.email in text
    assert PASSWORD in text


@pytest.mark.django_db
def test_demo_accounts_command_without_accounts_says_how_to_create_them():
    out = StringIO()
    call_command("demo_accounts", stdout=out)
    assert "seed_demo --demo" in out.getvalue()


@pytest.mark.django_db
def test_seeding_ends_with_a_search_index_that_finds_the_demo_content(settings):
    from django.contrib.auth.models import AnonymousUser

    from forum.models import SearchDocument
    from forum.search import search_page

    run("--demo", debug=False, settings=settings)
    assert SearchDocument.objects.filter(source="post").count() == Post.objects.count()
    title = Post.objects.filter(status="approved").select_related("thread").first().thread.title
    assert search_page(user=AnonymousUser(), query=title).paginator.count >= 1
