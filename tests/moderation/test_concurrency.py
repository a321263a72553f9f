"""Two moderators deciding on the same post at the same moment: exactly one decision wins.

Runs only on PostgreSQL: SQLite serialises whole-database writes and has no row locks, so
it cannot show the race this guards against.
"""

import pytest
from django.db import connection

from forum.models import Post
from moderation.models import Decision
from moderation.services.decisions import AlreadyDecided, RejectReason, approve_post, reject_post
from tests.moderation.helpers import pending_thread, race

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(5))
def test_concurrent_approve_and_reject_record_exactly_one_decision(
    themes, units, atu_moderator, odihr_moderator, round_
):
    post = pending_thread(themes["shared"])
    # Each thread works on its own instance, as two browsers would.
    first, second = Post.objects.get(pk=post.pk), Post.objects.get(pk=post.pk)

    outcomes = race(
        lambda: approve_post(actor=atu_moderator, post=first),
        lambda: reject_post(
            actor=odihr_moderator, post=second, preset_reason=RejectReason.OFF_TOPIC
        ),
    )

    decisions = list(Decision.objects.filter(post=post))
    assert len(decisions) == 1
    winners = [o for o in outcomes if isinstance(o, Decision)]
    losers = [o for o in outcomes if isinstance(o, AlreadyDecided)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert losers[0].decision.pk == decisions[0].pk
    post.refresh_from_db()
    assert post.status == decisions[0].status_after


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_by_the_same_unit_record_one(themes, units, atu_moderator):
    post = pending_thread(themes["atu"])
    outcomes = race(
        *[lambda: approve_post(actor=atu_moderator, post=Post.objects.get(pk=post.pk))] * 4
    )
    assert Decision.objects.filter(post=post).count() == 1
    assert sum(isinstance(o, AlreadyDecided) for o in outcomes) == 3, outcomes
