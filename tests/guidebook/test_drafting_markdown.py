"""Drafts are one Markdown document: paragraphs are the parser's top-level blocks, and a
draft renders exactly as the same text would in a post."""

import re

import pytest
from django.core.exceptions import ValidationError

from forum.markup import render_markdown
from guidebook import paragraphs as para
from guidebook.services import get_draft, save_draft

CONSTRUCTS = {
    "reference link defined in another paragraph": (
        "See [the report][osce] for details.\n\nMore text.\n\n[osce]: https://www.osce.org/",
        2,
    ),
    "loose list": ("- one\n\n- two\n\n- three", 1),
    "indented code": ("Intro:\n\n    code line\n\n    more code\n\nAfter.", 3),
    "fenced code with blank lines": ("```\ncode\n\n\nmore code\n```\n\nAfter.", 2),
    "table": ("| a | b |\n| - | - |\n| 1 | 2 |\n\nAfter.", 2),
    "block quote": ("> quoted\n>\n> still quoted\n\nAfter.", 2),
    "headings": ("# Title\n\nText.\n\n## Part\n\nMore.", 2),
    "reference definitions only": ("[a]: https://example.org/\n\nText with [a].", 1),
}


def _without_paragraph_marks(html: str) -> str:
    """The HTML without what a chapter adds to a post's: paragraph marks, and the levels
    of headings (a chapter places them under its title, see test_heading_levels)."""
    html = re.sub(r' (id="p-\d+"|data-para="\d+"|class="para")', "", html)
    return re.sub(r"<(/?)h[1-6]>", r"<\1h>", html)


def save(drafter, chapter, text):
    draft = get_draft(chapter)
    return save_draft(actor=drafter, chapter=chapter, text=text, base_version=draft.version)


@pytest.mark.parametrize("name", list(CONSTRUCTS))
def test_each_construct_renders_as_in_a_post_with_the_right_paragraph_ids(chapters, drafter, name):
    text, expected = CONSTRUCTS[name]
    draft = save(drafter, chapters["one"], text)
    assert len(draft.paragraphs) == expected
    assert len(re.findall(r'data-para="\d+"', draft.html)) == expected
    assert _without_paragraph_marks(draft.html) == _without_paragraph_marks(render_markdown(text))


def test_a_reference_link_resolves_across_paragraphs(chapters, drafter):
    draft = save(
        drafter, chapters["one"], CONSTRUCTS["reference link defined in another paragraph"][0]
    )
    assert 'href="https://www.osce.org/"' in draft.html
    assert "[osce]" not in draft.html


def test_headings_and_reference_definitions_get_no_paragraph(chapters, drafter):
    draft = save(drafter, chapters["one"], "## Part\n\n[a]: /x\n\nText [a].")
    assert [p["text"] for p in draft.paragraphs] == ["Text [a]."]
    assert "<h2>Part</h2>" in draft.html


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        # Under the chapter's title (the page's h1): `#` and `##` give h2 and h3.
        ("# Title\n\nText.\n\n## Part\n\nMore.", [2, 3]),
        # Whichever level the author starts from, the shallowest is an h2 ...
        ("## Part\n\nText.\n\n### Detail\n\nMore.", [2, 3]),
        ("Part\n----\n\nText.\n\n#### Detail\n\nMore.", [2, 3]),
        # ... and no heading goes more than one level below the one before it.
        ("### Deep first\n\nA.\n\n# Top\n\nB.\n\n#### Deeper\n\nC.", [2, 2, 3]),
        ("# A\n\nx\n\n### C\n\ny\n\n###### F\n\nz", [2, 3, 4]),
    ],
)
def test_heading_levels_sit_under_the_chapter_title_without_skipping(
    chapters, drafter, text, levels
):
    draft = save(drafter, chapters["one"], text)
    assert [int(level) for level in re.findall(r"<h(\d)>", draft.html)] == levels


@pytest.mark.parametrize(
    "text",
    ["[see [[post:4]]](https://example.org/)", "[see [[post:4]]][ref]\n\n[ref]: /x"],
)
def test_a_citation_inside_link_text_is_refused(chapters, drafter, text):
    with pytest.raises(ValidationError, match="inside a link's text"):
        save(drafter, chapters["one"], text)


def test_a_citation_can_stand_in_a_list_a_table_and_a_quote(chapters, drafter, accepted_post):
    from guidebook.services import link_contribution

    post = accepted_post(body="Words.")
    link_contribution(actor=drafter, post=post, chapter=chapters["one"])
    text = (
        f"- item [[post:{post.pk}]]\n\n| a |\n| - |\n| [[post:{post.pk}]] |\n\n> [[post:{post.pk}]]"
    )
    draft = save(drafter, chapters["one"], text)
    assert draft.html.count('class="cite"') == 3
    assert "[[post:" not in draft.html.split('<section class="notes"')[0]


def test_unchanged_and_lightly_changed_paragraphs_keep_their_ids_in_a_long_draft():
    texts = [
        f"Paragraph {n} talks about community policing and trust, case {n}." for n in range(300)
    ]
    old, next_id = para.assign_ids([], texts, 1)
    edited = [t.replace("trust", "confidence") if n % 2 else t for n, t in enumerate(texts)]
    edited.insert(150, "A brand new paragraph about youth outreach in schools.")
    new, _ = para.assign_ids(old, edited, next_id)
    kept = [p["id"] for p in new[:150] + new[151:]]
    assert kept == [p["id"] for p in old]
    assert new[150]["id"] == next_id


def test_past_the_cap_unmatched_paragraphs_get_new_ids():
    texts = [f"Paragraph {n} talks about community policing and trust." for n in range(50)]
    old, next_id = para.assign_ids([], texts, 1)
    edited = [t.replace("trust", "confidence") for t in texts]
    new, _ = para.assign_ids(old, edited, next_id, max_compared=0)
    assert all(p["id"] >= next_id for p in new)
    new, _ = para.assign_ids(old, edited, next_id)
    assert [p["id"] for p in new] == [p["id"] for p in old]
