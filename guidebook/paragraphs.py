"""Cutting a draft into paragraphs and keeping each paragraph's id across edits.

A draft is parsed once, as a whole, by the forum's Markdown parser (so a reference link
defined anywhere, a loose list, indented or fenced code with blank lines, a table or a
block quote behave exactly as in a post), and its paragraphs are the top-level blocks the
parser found, each with the source lines it came from (`token.map`). Headings and thematic
breaks are blocks too but not paragraphs: they get no number and take no comments.
Reference definitions produce no block at all.

Review comments and version diffs are anchored to paragraph ids, so an id must follow its
paragraph when the text is edited, moved or split, and a paragraph that is really new must
get an id never used before in the chapter. The text itself carries no ids (drafters type
plain Markdown); on every save the new paragraphs are matched to the old ones:

1. identical text (whitespace aside) keeps its id, whatever its position;
2. a paragraph split into consecutive pieces: the first piece keeps the id;
3. the remaining pairs, most similar first (difflib ratio of at least 0.5 over their
   words), keep the id;
4. everything else is new.

Steps 2 and 3 compare a paragraph only with candidates: the paragraphs near the place it
is expected at (judged from the identical paragraphs around it) and those closest to it in
length; each comparison first tries difflib's cheap upper bounds. The comparisons of one
save are capped (`MAX_COMPARED_WORDS`): a paragraph not matched when the cap is
reached gets a new id, as if it had been rewritten. An ordinary edit of a long chapter
stays far below the cap.
"""

import bisect
import heapq
import re
from collections import defaultdict, deque
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from forum.markup import parse_markdown

SIMILAR = 0.5
# Joined pieces must match the old paragraph this well, and better than any piece alone.
SPLIT = 0.8
MAX_SPLIT_PIECES = 6
# Candidates of a paragraph: this many positions either side of where it is expected, and
# this many paragraphs either side of it in length.
WINDOW = 8
NEAREST_LENGTHS = 8
# The work of steps 2 and 3 in one save, in words handed to difflib.
MAX_COMPARED_WORDS = 1_000_000

# A chapter may be this many times as long as a post (and have as much more formatting).
DRAFT_SCALE = 4

# Top-level blocks that are paragraphs (numbered, commented on, cited from).
PARAGRAPH_BLOCKS = frozenset(
    {
        "paragraph_open",
        "bullet_list_open",
        "ordered_list_open",
        "blockquote_open",
        "table_open",
        "code_block",
        "fence",
    }
)

CITATION = re.compile(r"\[\[post:(\d{1,12})\]\]")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Block:
    text: str  # the source lines of the block
    token: int  # index of its opening token
    is_paragraph: bool
    line: int  # first line, from 1


@dataclass
class ParsedDraft:
    text: str
    tokens: list = field(default_factory=list)
    env: dict = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[Block]:
        return [block for block in self.blocks if block.is_paragraph]


def parse_draft(text: str) -> ParsedDraft:
    """The draft parsed as one Markdown document, with its top-level blocks; raises
    ValidationError for text the forum's Markdown rules refuse, or a citation inside a
    link's text (the citation is itself a link)."""
    if not text.strip():
        return ParsedDraft(text="")
    text, tokens, env = parse_markdown(text, scale=DRAFT_SCALE)
    lines = text.split("\n")
    blocks = []
    for index, token in enumerate(tokens):
        if token.level != 0 or token.nesting == -1 or token.map is None:
            continue
        start, end = token.map
        blocks.append(
            Block(
                text="\n".join(lines[start:end]).strip("\n"),
                token=index,
                is_paragraph=token.type in PARAGRAPH_BLOCKS,
                line=start + 1,
            )
        )
    _refuse_citations_in_link_text(tokens)
    return ParsedDraft(text=text, tokens=tokens, env=env, blocks=blocks)


def _refuse_citations_in_link_text(tokens) -> None:
    line = 1
    for token in tokens:
        if token.map:
            line = token.map[0] + 1
        if token.type != "inline" or not token.children:
            continue
        depth, inside = 0, []
        for child in token.children:
            if child.type == "link_open":
                depth += 1
            elif child.type == "link_close":
                depth = max(0, depth - 1)
                if depth == 0:
                    match = CITATION.search("".join(inside))
                    if match:
                        raise ValidationError(
                            _(
                                "Line %(line)s: the citation %(citation)s is inside a link's "
                                "text. A citation is a link itself: put it after the link."
                            ),
                            code="citation_in_link",
                            params={"line": line, "citation": match.group()},
                        )
                    inside = []
            elif depth and child.type == "text":
                inside.append(child.content)


def split_paragraphs(text: str) -> list[str]:
    """The source text of each paragraph of the draft, in order."""
    return [block.text for block in parse_draft(text).paragraphs]


# The chapter's title is the page's <h1> (and the export's chapter heading sits above the
# text too), so the draft's shallowest heading is an <h2>.
TOP_HEADING = 2


def _heading_level(token) -> int:
    """The level the author wrote: `##` is 2; a setext heading underlined with `=` is 1,
    with `-` is 2."""
    if token.markup.startswith("#"):
        return len(token.markup)
    return 1 if token.markup.startswith("=") else 2


def place_headings(parsed: ParsedDraft) -> None:
    """Sets the draft's heading levels below the chapter's title, whichever levels its author
    used: the shallowest level written becomes an h2, the next an h3 and so on, and no
    heading goes more than one level below the one before it, so the outline that screen
    readers and the PDF's tags follow never skips a level (a post's headings move two levels
    down instead, see forum.markup.rendering)."""
    headings = [t for t in parsed.tokens if t.type == "heading_open"]
    levels = sorted({_heading_level(t) for t in headings})
    rank = {level: index for index, level in enumerate(levels)}
    previous = TOP_HEADING - 1
    for token in headings:
        level = min(TOP_HEADING + rank[_heading_level(token)], previous + 1, 6)
        token.tag = f"h{level}"
        previous = level
    # Each closing tag follows its opening one, with only the heading's inline token between.
    for index, token in enumerate(parsed.tokens):
        if token.type == "heading_close":
            token.tag = parsed.tokens[index - 2].tag


def mark_paragraphs(parsed: ParsedDraft, ids: list[int]) -> None:
    """Sets each paragraph's id on its opening token (`id="p-<id>"`, `data-para`), so the
    rendered block carries it; `ids` are in paragraph order."""
    for block, para_id in zip(parsed.paragraphs, ids, strict=False):
        token = parsed.tokens[block.token]
        token.attrSet("id", f"p-{para_id}")
        token.attrSet("data-para", str(para_id))
        token.attrSet("class", "para")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split(" ")) if text else ()


class _Comparisons:
    """difflib comparisons of word sequences within the per-save cap; past it every pair
    counts as unlike."""

    def __init__(self, limit: int):
        self.left = limit

    def _matcher(self, a: tuple, b: tuple) -> SequenceMatcher | None:
        self.left -= len(a) + len(b)
        return SequenceMatcher(None, a, b, autojunk=False) if self.left >= 0 else None

    def quick(self, a: tuple, b: tuple) -> float:
        """difflib's quick_ratio: an upper bound of the ratio, in linear time."""
        matcher = self._matcher(a, b)
        return matcher.quick_ratio() if matcher else 0.0

    def exact(self, a: tuple, b: tuple) -> float:
        matcher = self._matcher(a, b)
        return matcher.ratio() if matcher else 0.0

    def ratio(self, a: tuple, b: tuple, floor: float) -> float:
        """The ratio of a and b if it is at least `floor`, else 0.0."""
        if not a or not b or _length_bound(a, b) < floor:
            return 0.0
        matcher = self._matcher(a, b)
        if matcher is None or matcher.quick_ratio() < floor:
            return 0.0
        return matcher.ratio()


def _length_bound(a, b) -> float:
    """difflib's real_quick_ratio: the ratio if the shorter one were all in the longer."""
    return 2 * min(len(a), len(b)) / (len(a) + len(b))


def assign_ids(
    old: list[dict],
    new_texts: list[str],
    next_id: int,
    *,
    max_compared: int = MAX_COMPARED_WORDS,
    pinned: dict[int, int] | None = None,
) -> tuple[list[dict], int]:
    """Returns the new paragraphs as `{"id", "text"}` dicts and the next unused id.

    `pinned` maps new indexes to old ones that are the same paragraph whatever their text
    (a reviewer's rewording applied in place keeps the paragraph and its comments)."""
    ids: list[int | None] = [None] * len(new_texts)
    used: set[int] = set()  # indexes into `old`
    new_norm: list[str | None] = [_norm(t) for t in new_texts]
    old_norm = [_norm(p["text"]) for p in old]
    new_words: list[tuple | None] = [_words(t) for t in new_norm]
    old_words = [_words(t) for t in old_norm]
    anchors: list[tuple[int, int]] = []  # (new index, old index) of identical paragraphs

    for i, j in (pinned or {}).items():
        if 0 <= i < len(new_texts) and 0 <= j < len(old) and j not in used:
            ids[i] = old[j]["id"]
            used.add(j)
            anchors.append((i, j))

    by_text: dict[str, deque[int]] = defaultdict(deque)
    for j, text in enumerate(old_norm):
        if j not in used:
            by_text[text].append(j)
    for i, text in enumerate(new_norm):
        if ids[i] is None and by_text[text]:
            j = by_text[text].popleft()
            ids[i] = old[j]["id"]
            used.add(j)
            anchors.append((i, j))
    anchors.sort()

    work = _Comparisons(max_compared)
    _match_splits(old_words, new_words, ids, used, old, anchors, work)
    _match_similar(old_words, new_words, ids, used, old, anchors, work)

    paragraphs = []
    for i, text in enumerate(new_texts):
        if ids[i] is None:
            ids[i] = next_id
            next_id += 1
        paragraphs.append({"id": ids[i], "text": text})
    return paragraphs, next_id


def _expected(position: int, anchors: list[tuple[int, int]]) -> int:
    """Where a paragraph at `position` of one side should be on the other: as far after
    the closest identical paragraph before it (`anchors` sorted by this side) as it is
    here."""
    k = bisect.bisect_right(anchors, (position, float("inf"))) - 1
    if k < 0:
        return position
    here, there = anchors[k]
    return there + (position - here)


def _match_splits(old_norm, new_norm, ids, used, old, anchors, work) -> None:
    """An old paragraph now found as a run of consecutive new ones gives its id to the first."""
    by_old = sorted((j, i) for i, j in anchors)
    for j, old_text in enumerate(old_norm):
        if j in used:
            continue
        centre = _expected(j, by_old)
        best = None  # (ratio, start, end)
        for start in range(max(0, centre - WINDOW), min(len(new_norm), centre + WINDOW + 1)):
            if ids[start] is not None or new_norm[start] is None:
                continue
            pieces = [new_norm[start]]
            end = start + 1
            while end < len(new_norm) and ids[end] is None and end - start < MAX_SPLIT_PIECES:
                if new_norm[end] is None:
                    break
                pieces.append(new_norm[end])
                joined = _ratio_of_run(work, old_text, pieces)
                if joined >= SPLIT and (best is None or joined > best[0]):
                    single_best = max(work.ratio(old_text, piece, joined) for piece in pieces)
                    if joined > single_best:
                        best = (joined, start, end)
                end += 1
        if best is not None:
            _ratio, start, end = best
            ids[start] = old[j]["id"]
            used.add(j)
            # The other pieces are new paragraphs; keep them out of the similarity pass.
            for k in range(start + 1, end + 1):
                ids[k] = -1
    for k, value in enumerate(ids):
        if value == -1:
            ids[k] = None
            new_norm[k] = None


def _ratio_of_run(work, old_text: tuple, pieces: list[tuple]) -> float:
    length = sum(len(piece) for piece in pieces)
    if 2 * min(len(old_text), length) / (len(old_text) + length) < SPLIT:
        return 0.0
    return work.ratio(old_text, sum(pieces, ()), SPLIT)


def _candidates(i, new_text, old_norm, used, anchors, by_length) -> set[int]:
    centre = _expected(i, anchors)
    near = {
        j
        for j in range(max(0, centre - WINDOW), min(len(old_norm), centre + WINDOW + 1))
        if j not in used
    }
    k = bisect.bisect_left(by_length, (len(new_text), -1))
    near.update(j for _length, j in by_length[max(0, k - NEAREST_LENGTHS) : k + NEAREST_LENGTHS])
    return near


def _match_similar(old_norm, new_norm, ids, used, old, anchors, work) -> None:
    """Most similar pairs first. Each candidate pair enters a heap with an upper bound of
    its ratio, which is replaced by the real ratio when it reaches the top; a pair is
    taken when its real ratio is at the top, so the order is that of the ratios, and the
    full comparison runs only for pairs that could still win."""
    by_length = sorted((len(text), j) for j, text in enumerate(old_norm) if j not in used)
    # (-bound, -stage, new index, old index); stage 0: length bound, 1: quick_ratio, 2: ratio.
    heap = []
    for i, new_text in enumerate(new_norm):
        if ids[i] is not None or not new_text:
            continue
        for j in _candidates(i, new_text, old_norm, used, anchors, by_length):
            if old_norm[j] and (bound := _length_bound(old_norm[j], new_text)) >= SIMILAR:
                heap.append((-bound, 0, i, j))
    heapq.heapify(heap)
    taken_new: set[int] = set()
    while heap:
        _bound, stage, i, j = heapq.heappop(heap)
        if i in taken_new or j in used:
            continue
        if stage == -2:
            ids[i] = old[j]["id"]
            used.add(j)
            taken_new.add(i)
            continue
        measure = work.quick if stage == 0 else work.exact
        value = measure(old_norm[j], new_norm[i])
        if value >= SIMILAR:
            heapq.heappush(heap, (-value, stage - 1, i, j))
