"""Cutting a draft into paragraphs and keeping each paragraph's id across edits.

Review comments and version diffs are anchored to paragraph ids, so an id must follow its
paragraph when the text is edited, moved or split, and a paragraph that is really new must
get an id never used before in the chapter. The text itself carries no ids (drafters type
plain Markdown); on every save the new paragraphs are matched to the old ones:

1. identical text (whitespace aside) keeps its id, whatever its position;
2. a paragraph split into consecutive pieces: the first piece keeps the id;
3. the remaining pairs, most similar first (difflib ratio of at least 0.5), keep the id;
4. everything else is new.
"""

import re
from collections import defaultdict, deque
from difflib import SequenceMatcher

SIMILAR = 0.5
# Joined pieces must match the old paragraph this well, and better than any piece alone.
SPLIT = 0.8
MAX_SPLIT_PIECES = 6

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_SPACE = re.compile(r"\s+")


def split_paragraphs(text: str) -> list[str]:
    """Blocks separated by blank lines; a fenced code block stays one block."""
    blocks: list[str] = []
    current: list[str] = []
    fence = None
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
        elif fence is not None and match and match.group(1) == fence:
            fence = None
        if fence is None and not line.strip():
            if current:
                blocks.append("\n".join(current).strip("\n"))
                current = []
            continue
        current.append(line.rstrip())
    if current:
        blocks.append("\n".join(current).strip("\n"))
    return [block for block in blocks if block.strip()]


def join_paragraphs(paragraphs: list[dict]) -> str:
    return "\n\n".join(p["text"] for p in paragraphs)


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _ratio(a: str, b: str) -> float:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    # The cheap upper bounds skip the full comparison for clearly different paragraphs.
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return 0.0
    return matcher.ratio()


def assign_ids(old: list[dict], new_texts: list[str], next_id: int) -> tuple[list[dict], int]:
    """Returns the new paragraphs as `{"id", "text"}` dicts and the next unused id."""
    ids: list[int | None] = [None] * len(new_texts)
    used: set[int] = set()  # indexes into `old`
    new_norm = [_norm(t) for t in new_texts]
    old_norm = [_norm(p["text"]) for p in old]

    by_text: dict[str, deque[int]] = defaultdict(deque)
    for j, text in enumerate(old_norm):
        by_text[text].append(j)
    for i, text in enumerate(new_norm):
        if by_text[text]:
            j = by_text[text].popleft()
            ids[i] = old[j]["id"]
            used.add(j)

    _match_splits(old_norm, new_norm, ids, used, old)
    _match_similar(old_norm, new_norm, ids, used, old)

    paragraphs = []
    for i, text in enumerate(new_texts):
        if ids[i] is None:
            ids[i] = next_id
            next_id += 1
        paragraphs.append({"id": ids[i], "text": text})
    return paragraphs, next_id


def _match_splits(old_norm, new_norm, ids, used, old) -> None:
    """An old paragraph now found as a run of consecutive new ones gives its id to the first."""
    for j, old_text in enumerate(old_norm):
        if j in used:
            continue
        best = None  # (ratio, start, end)
        for start in range(len(new_norm)):
            if ids[start] is not None:
                continue
            single_best = _ratio(old_text, new_norm[start])
            end = start + 1
            while end < len(new_norm) and ids[end] is None and end - start < MAX_SPLIT_PIECES:
                single_best = max(single_best, _ratio(old_text, new_norm[end]))
                joined = _ratio(old_text, " ".join(new_norm[start : end + 1]))
                if joined >= SPLIT and joined > single_best and (best is None or joined > best[0]):
                    best = (joined, start, end)
                end += 1
        if best is not None:
            _, start, end = best
            ids[start] = old[j]["id"]
            used.add(j)
            # The other pieces are new paragraphs; keep them out of the similarity pass.
            for k in range(start + 1, end + 1):
                ids[k] = -1
    for k, value in enumerate(ids):
        if value == -1:
            ids[k] = None
            new_norm[k] = None  # type: ignore[call-overload]


def _match_similar(old_norm, new_norm, ids, used, old) -> None:
    candidates = []
    for i, new_text in enumerate(new_norm):
        if ids[i] is not None or new_text is None:
            continue
        for j, old_text in enumerate(old_norm):
            if j in used:
                continue
            ratio = _ratio(old_text, new_text)
            if ratio >= SIMILAR:
                candidates.append((-ratio, i, j))
    taken_new: set[int] = set()
    for _, i, j in sorted(candidates):
        if i in taken_new or j in used:
            continue
        ids[i] = old[j]["id"]
        used.add(j)
        taken_new.add(i)
