"""A fixed sample of varied Markdown and the HTML it must render to.

Stored HTML is rendered once, at write time, so a markdown-it-py (or nh3) upgrade that
renders the same text differently leaves old posts looking unlike new ones. This test
fails on any such change: review the difference, and if it is wanted, write the new
output to markup_sample.html and ship the release with a note to run
``manage.py rerender_markup`` (README, "Upgrading").
"""

from pathlib import Path

from forum.markup import render_markdown

HERE = Path(__file__).parent


def test_the_sample_renders_exactly_as_recorded():
    text = (HERE / "markup_sample.md").read_text(encoding="utf-8")
    expected = (HERE / "markup_sample.html").read_text(encoding="utf-8")
    assert render_markdown(text) + "\n" == expected
