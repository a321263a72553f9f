import datetime

import pytest
from django.utils import timezone

from accounts.models import StakeholderGroup
from common.diffs import word_diff
from forum.models import Post, PostTag, Tag
from guidebook.diffs import compare_versions
from guidebook.models import ChapterVersion
from guidebook.selectors import PoolFilters, chapters_overview, pool
from guidebook.services import get_draft, link_contribution, publish_version, save_draft
from tests.factories import UserFactory


@pytest.fixture
def tags(db):
    return {
        slug: Tag.objects.create(facet=Tag.Facet.TOPIC, name=slug.title(), slug=slug)
        for slug in ("youth", "trust", "gender")
    }


def tag(post, *tag_list, by):
    for t in tag_list:
        PostTag.objects.create(post=post, tag=t, applied_by=by)


def ids(page):
    return {post.pk for post in page.object_list}


def test_pool_holds_only_accepted_approved_public_posts(drafter, accepted_post):
    accepted = accepted_post()
    accepted_post(accepted_for_guidebook=False)
    accepted_post(status=Post.Status.PENDING)
    accepted_post(status=Post.Status.HIDDEN)
    assert ids(pool(drafter, PoolFilters())) == {accepted.pk}


def test_pool_is_empty_for_people_who_draft_nothing(participant, accepted_post):
    accepted_post()
    assert ids(pool(participant, PoolFilters())) == set()


def test_tags_filter_needs_all_tags(drafter, accepted_post, tags, administrator):
    both, youth_only = accepted_post(), accepted_post()
    tag(both, tags["youth"], tags["trust"], by=administrator)
    tag(youth_only, tags["youth"], by=administrator)
    assert ids(pool(drafter, PoolFilters(tags=["youth"]))) == {both.pk, youth_only.pk}
    assert ids(pool(drafter, PoolFilters(tags=["youth", "trust"]))) == {both.pk}
    assert ids(pool(drafter, PoolFilters(tags=["youth", "gender"]))) == set()


def test_kind_theme_and_stakeholder_filters(drafter, accepted_post, themes):
    case = accepted_post(kind=Post.Kind.CASE_STUDY)
    youth = accepted_post(theme=themes["odihr"])
    gov = accepted_post(author=UserFactory(stakeholder_group=StakeholderGroup.GOVERNMENT))
    assert ids(pool(drafter, PoolFilters(kind="case_study"))) == {case.pk}
    assert ids(pool(drafter, PoolFilters(theme="youth"))) == {youth.pk}
    assert ids(pool(drafter, PoolFilters(stakeholder_group="government"))) == {gov.pk}


def test_country_and_region_filters(drafter, accepted_post):
    austria = accepted_post(author=UserFactory(country="AT"))
    france = accepted_post(author=UserFactory(country="FR"))
    egypt = accepted_post(author=UserFactory(country="EG"))
    japan = accepted_post(author=UserFactory(country="JP"))
    assert ids(pool(drafter, PoolFilters(region="FR"))) == {france.pk}
    assert ids(pool(drafter, PoolFilters(region="mediterranean"))) == {egypt.pk}
    assert ids(pool(drafter, PoolFilters(region="asian"))) == {japan.pk}
    assert ids(pool(drafter, PoolFilters(region="participating"))) == {austria.pk, france.pk}


def test_date_range_filter_includes_both_ends(drafter, accepted_post):
    def on(day):
        return accepted_post(created_at=timezone.make_aware(datetime.datetime(2012, 3, day, 12)))

    early, middle, late = on(8), on(15), on(30)
    filters = PoolFilters(date_from=datetime.date(2012, 3, 8), date_to=datetime.date(2012, 3, 15))
    assert ids(pool(drafter, filters)) == {early.pk, middle.pk}
    assert ids(pool(drafter, PoolFilters(date_from=datetime.date(2012, 3, 16)))) == {late.pk}


def test_linked_filter_and_where_linked(drafter, chapters, accepted_post):
    linked, unlinked = accepted_post(), accepted_post()
    link_contribution(actor=drafter, post=linked, chapter=chapters["one"])
    assert ids(pool(drafter, PoolFilters(linked="yes"))) == {linked.pk}
    assert ids(pool(drafter, PoolFilters(linked="no"))) == {unlinked.pk}
    item = next(p for p in pool(drafter, PoolFilters()).object_list if p.pk == linked.pk)
    assert [link.chapter.number for link in item.guidebook_links.all()] == [1]


def test_filters_combine(drafter, accepted_post, tags, administrator, chapters):
    target = accepted_post(kind=Post.Kind.GOOD_PRACTICE, author=UserFactory(country="EG"))
    tag(target, tags["youth"], by=administrator)
    wrong_kind = accepted_post(author=UserFactory(country="EG"))
    tag(wrong_kind, tags["youth"], by=administrator)
    wrong_region = accepted_post(kind=Post.Kind.GOOD_PRACTICE)
    tag(wrong_region, tags["youth"], by=administrator)
    filters = PoolFilters(tags=["youth"], kind="good_practice", region="mediterranean", linked="no")
    assert ids(pool(drafter, filters)) == {target.pk}
    link_contribution(actor=drafter, post=target, chapter=chapters["one"])
    assert ids(pool(drafter, filters)) == set()


def test_pool_pages_hold_25(drafter, accepted_post):
    for _ in range(26):
        accepted_post()
    first = pool(drafter, PoolFilters())
    assert len(first.object_list) == 25
    assert len(pool(drafter, PoolFilters(), page=2).object_list) == 1


def test_chapters_overview(chapters, drafter, accepted_post):
    link_contribution(actor=drafter, post=accepted_post(), chapter=chapters["one"])
    save_draft(actor=drafter, chapter=chapters["one"], text="Text.", base_version=0)
    publish_version(actor=drafter, chapter=chapters["one"])
    one, two = chapters_overview()
    assert (one.latest_version, one.link_count, one.drafter_list) == (1, 1, [drafter])
    assert (two.latest_version, two.link_count, two.drafter_list) == (None, 0, [])


# Comparing versions -------------------------------------------------------------------------


def test_word_diff_marks_words_and_escapes():
    html = word_diff("the <b>old</b> text", "the new text")
    assert html == "the <del>&lt;b&gt;old&lt;/b&gt;</del><ins>new</ins> text"


def test_compare_versions_by_paragraph_id(chapters, drafter):
    chapter = chapters["one"]

    def publish(text):
        draft = get_draft(chapter)
        save_draft(actor=drafter, chapter=chapter, text=text, base_version=draft.version)
        return publish_version(actor=drafter, chapter=chapter)

    keep = "This paragraph stays exactly as it was in both versions."
    edit = "Community policing builds trust between the police and the public."
    move = "Training matters for every officer tasked with outreach work."
    gone = "A paragraph about something else that will be deleted entirely."
    v1 = publish("\n\n".join([keep, edit, gone, move]))
    new = "A brand new closing paragraph on oversight and accountability."
    v2 = publish("\n\n".join([move, keep, edit.replace("builds", "strengthens"), new]))
    changes = compare_versions(v1, v2)
    by_id = {c.para_id: c for c in changes}
    ids1 = {p["text"]: p["id"] for p in v1.paragraphs}

    assert [c.kind for c in changes] == ["unchanged", "unchanged", "changed", "removed", "added"]
    assert by_id[ids1[move]].moved
    assert not by_id[ids1[keep]].moved
    assert by_id[ids1[edit]].diff.count("<del>builds</del><ins>strengthens</ins>") == 1
    assert by_id[ids1[gone]].kind == "removed"
    assert changes[-1].new_text == new
    assert ChapterVersion.objects.filter(chapter=chapter).count() == 2
