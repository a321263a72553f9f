"""rerender_markup: stored HTML is brought up to date, and only where it changed."""

import dataclasses
from io import StringIO

import pytest
from django.core.management import call_command

from forum.markup import rerender
from forum.models import Post
from tests.factories import PostFactory

STALE = "<p>rendered by older rules</p>"


def run(*args) -> str:
    out = StringIO()
    call_command("rerender_markup", *args, stdout=out)
    return out.getvalue()


def test_dry_run_counts_a_stale_post_and_the_real_run_fixes_it(db):
    fresh = PostFactory(body="Already *current*.")
    stale = PostFactory(body="Rendered *again*.")
    Post.objects.filter(pk=stale.pk).update(body_html=STALE)
    total = Post.objects.count()  # the factories' threads have opening posts too

    assert f"forum.Post.body_html: 1 of {total} would change" in run("--dry-run")
    stale.refresh_from_db()
    assert stale.body_html == STALE

    assert f"forum.Post.body_html: 1 of {total} changed" in run("--batch-size", "1")
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.body_html == "<p>Rendered <em>again</em>.</p>"
    assert fresh.body_html == "<p>Already <em>current</em>.</p>"

    assert f"forum.Post.body_html: 0 of {total} changed" in run()


def test_text_the_current_rules_refuse_is_listed_and_left_alone(db):
    post = PostFactory(body="fine")
    Post.objects.filter(pk=post.pk).update(body="a\n" * 3_000, body_html=STALE)
    assert f"left as they were: {post.pk}" in run()
    post.refresh_from_db()
    assert post.body_html == STALE


def test_a_row_edited_during_the_run_keeps_its_newer_html(db, monkeypatch):
    post = PostFactory(body="old")
    Post.objects.filter(pk=post.pk).update(body_html=STALE)
    (entry,) = [e for e in rerender.registered() if e.model is Post]

    def render_while_someone_edits(row):
        Post.objects.filter(pk=row.pk).update(body="new", body_html="<p>new</p>")
        return "<p>old</p>"

    edited = dataclasses.replace(entry, render=render_while_someone_edits)
    monkeypatch.setattr(rerender, "registered", lambda: [edited])
    outcomes = rerender.rerender_markup()
    assert [o.changed for o in outcomes if o.label == entry.label] == [0]
    post.refresh_from_db()
    assert post.body_html == "<p>new</p>"


def test_register_wants_one_way_to_render():
    with pytest.raises(ValueError):
        rerender.register(Post, html_field="body_html")
