"""The dashboard's and the report's figures against the hand-built consultation of
conftest.py, counted by hand: totals, weeks, every breakdown with its hidden cells, the
units' decisions and the chapters' balance."""

from datetime import date, timedelta

import pytest

from forum.models import Post
from participation.selectors import dashboard_figures, report_figures
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def cells(breakdown) -> dict:
    return {c.key: (c.people, c.contributions) for c in breakdown.cells}


def test_headline_figures_count_every_contribution_and_its_authors(consultation):
    figures = dashboard_figures()
    assert (figures.contributions, figures.people, figures.countries) == (23, 16, 3)


def test_contributions_and_active_participants_by_week(consultation):
    weeks = [(w.starts, w.contributions, w.people) for w in dashboard_figures().weeks]
    assert weeks == [(date(2012, 3, 5), 16, 16), (date(2012, 3, 12), 7, 7)]


def test_weeks_nobody_wrote_in_are_shown_as_empty(consultation):
    PostFactory(
        thread=consultation.first_posts[0].thread,
        author=consultation.women[0],
        created_at=consultation.first_posts[0].created_at + timedelta(days=21),
    )
    weeks = [(w.starts, w.contributions) for w in dashboard_figures().weeks]
    assert weeks[2:] == [(date(2012, 3, 19), 0), (date(2012, 3, 26), 1)]


def test_stakeholder_groups_are_shown_in_full(consultation):
    figure = dashboard_figures().breakdowns["stakeholder"]
    assert cells(figure) == {"civil_society": (10, 14), "government": (6, 9)}
    assert not figure.has_hidden_cells


def test_a_single_small_gender_cell_hides_the_next_smallest_too(consultation):
    # "Another gender" has 3 people; shown alone as hidden, 16 - 7 - 6 would give it back.
    figure = dashboard_figures().breakdowns["gender"]
    assert cells(figure) == {"man": (7, 14), "woman": (None, None), "another": (None, None)}
    assert (figure.totals.people, figure.totals.contributions) == (16, 23)


def test_countries_of_fewer_than_five_people_are_hidden(consultation):
    figure = dashboard_figures().breakdowns["country"]
    # Georgia (3) and Egypt (4) are both small: two hidden cells need no third.
    assert cells(figure) == {"AT": (9, 12), "GE": (None, None), "EG": (None, None)}
    labels = [c.label for c in figure.cells]
    assert labels == ["Austria", "Egypt", "Georgia"]


def test_a_small_region_takes_the_only_other_region_with_it(consultation):
    figure = dashboard_figures().breakdowns["region"]
    assert cells(figure) == {
        "participating_state": (None, None),
        "mediterranean_partner": (None, None),
    }
    assert figure.totals.people == 16


def test_themes_and_kinds(consultation, themes):
    breakdowns = dashboard_figures().breakdowns
    assert cells(breakdowns["theme"]) == {
        str(themes["atu"].pk): (16, 16),
        str(themes["spmu"].pk): (7, 7),
    }
    assert [c.label for c in breakdowns["theme"].cells] == ["Key concepts", "Building trust"]
    assert cells(breakdowns["kind"]) == {"comment": (16, 16), "case_study": (7, 7)}


def test_acceptance_rate_and_median_time_to_first_decision_by_unit(consultation):
    units = {u.code: u for u in dashboard_figures().units}
    atu = units["atu"]
    assert (atu.decided, atu.approved, atu.changes_requested, atu.rejected) == (5, 4, 1, 1)
    assert atu.acceptance_rate == pytest.approx(0.8)
    assert atu.median_wait == timedelta(hours=4)
    assert units["odihr"].decided == 0
    assert units["odihr"].median_wait is None
    assert units["odihr"].acceptance_rate is None


def test_the_median_of_an_even_number_of_waits_is_the_mean_of_the_middle_two(consultation):
    from moderation.models import Decision

    Decision.objects.filter(action=Decision.Action.REQUEST_CHANGES).delete()
    # First waits left: 2, 4, 6 and 10 hours, and the approval a day after submission.
    assert {u.code: u for u in dashboard_figures().units}["atu"].median_wait == timedelta(hours=6)


def test_a_chapter_balance_compares_its_links_with_its_themes(consultation, themes):
    chapter = dashboard_figures().chapters[0]
    assert (chapter.number, chapter.linked, chapter.themes) == (1, 3, ["Key concepts"])
    balances = {b.dimension: b for b in chapter.balances}
    assert cells(balances["stakeholder"].cited) == {"civil_society": (3, 3)}
    assert cells(balances["stakeholder"].submitted) == {
        "civil_society": (10, 10),
        "government": (6, 6),
    }
    # Two women and one man linked: every cell, and the total of 3 people, hidden.
    assert cells(balances["gender"].cited) == {"woman": (None, None), "man": (None, None)}
    assert balances["gender"].cited.totals.hidden
    assert cells(balances["gender"].submitted) == {
        "man": (7, 7),
        "woman": (None, None),
        "another": (None, None),
    }
    assert cells(balances["kind"].cited) == {"comment": (3, 3)}
    shares = {
        row.key: (row.cited_share, row.submitted_share) for row in balances["stakeholder"].rows
    }
    assert shares == {"civil_society": (1.0, 10 / 16), "government": (0.0, 6 / 16)}


def test_a_chapter_without_links_has_no_balance_to_show(consultation):
    chapter = dashboard_figures().chapters[1]
    assert (chapter.number, chapter.linked, chapter.themes) == (2, 0, [])


def test_the_public_report_counts_published_contributions_only(consultation):
    Post.objects.filter(pk=consultation.first_posts[-1].pk).update(status=Post.Status.PENDING)
    figures = report_figures()
    # The last "another gender" author's only contribution now waits: 22 and 15 people.
    assert (figures.contributions, figures.people, figures.countries) == (22, 15, 3)
    assert cells(figures.breakdowns["gender"]) == {
        "man": (7, 14),
        "woman": (None, None),
        "another": (None, None),
    }
    assert cells(figures.breakdowns["stakeholder"]) == {
        "civil_society": (10, 14),
        "government": (5, 8),
    }


def test_each_chapter_is_compared_with_its_own_themes(
    consultation, chapters, other_drafter, themes
):
    from guidebook.services import link_contribution

    case_study = Post.objects.filter(thread__theme=themes["spmu"]).first()
    Post.objects.filter(pk=case_study.pk).update(accepted_for_guidebook=True)
    link_contribution(actor=other_drafter, post=case_study, chapter=chapters["two"], note="")
    one, two = dashboard_figures().chapters
    assert (two.linked, two.themes) == (1, ["Building trust"])
    kinds = {b.dimension: b for b in two.balances}["kind"]
    assert cells(kinds.submitted) == {"case_study": (7, 7)}
    assert cells({b.dimension: b for b in one.balances}["kind"].submitted) == {"comment": (16, 16)}


def test_chapters_drawing_on_the_same_themes_each_get_their_balance(
    consultation, chapters, other_drafter
):
    from guidebook.services import link_contribution

    post = consultation.first_posts[8]
    Post.objects.filter(pk=post.pk).update(accepted_for_guidebook=True)
    link_contribution(actor=other_drafter, post=post, chapter=chapters["two"], note="")
    one, two = dashboard_figures().chapters
    assert two.themes == one.themes == ["Key concepts"]
    for chapter in (one, two):
        kinds = {b.dimension: b for b in chapter.balances}["kind"]
        assert cells(kinds.submitted) == {"comment": (16, 16)}
    assert {b.dimension: b for b in two.balances}["kind"].cited.totals.contributions == 1
