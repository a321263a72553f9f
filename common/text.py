"""Characters a name or title may not hold, and how names are compared.

Names and titles are shown beside other people's words, so what they hold must look like
what it is: no control characters, no bidirectional overrides or isolates (U+202E turns
"txt.exe" into "exe.txt"), no zero-width characters (two names that look the same would be
different), nothing private-use or unassigned. Text is NFKC-normalised first, so the full-
width "Ａｄａ" and the ligature "ﬁ" are stored as the letters they show.
"""

import functools
import unicodedata

from confusable_homoglyphs.confusables import confusables_data

# Unicode categories never allowed in a one-line name or title: controls, format characters
# (bidi controls, zero-width space and joiners, the byte-order mark), surrogates, private
# use, unassigned, and the line and paragraph separators.
_REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def normalise_name(value: str) -> str:
    """NFKC, with runs of white space collapsed to one space."""
    return " ".join(unicodedata.normalize("NFKC", value or "").split())


def first_refused_character(value: str) -> str | None:
    """The first character of `value` a name or title may not hold, or None."""
    for char in value:
        if unicodedata.category(char) in _REFUSED_CATEGORIES:
            return char
    return None


def describe(char: str) -> str:
    """ "U+202E (RIGHT-TO-LEFT OVERRIDE)": how a refusal names an invisible character."""
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'control character')})"


@functools.cache
def _prototypes() -> dict[str, str]:
    """Each character in Unicode's confusables table → one character standing for all that
    look like it (the lowest code point of its class, so ASCII letters and digits win).
    The table lists pairs; joining them into classes makes "o", "ο" and "0" one class."""
    parent: dict[str, str] = {}

    def root(char: str) -> str:
        while parent.get(char, char) != char:
            parent[char] = parent.get(parent[char], parent[char])
            char = parent[char]
        return char

    for char, homoglyphs in confusables_data.items():
        for other in (h["c"] for h in homoglyphs if len(h["c"]) == 1):
            a, b = root(char), root(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {char: root(char) for char in parent}


def skeletons(value: str) -> set[str]:
    """The name reduced so that names that look alike reduce alike (after Unicode TR39's
    skeleton): NFKC, each character replaced by its confusables prototype, spaces and marks
    dropped, case folded. "Ana ATU", "Аna АTU" (Cyrillic А) and "ana  atu" share one. Two
    are given, mapped before and after folding case, because the table says "0" looks like
    "O" but not like "o": two names look alike when their skeletons meet."""
    prototypes = _prototypes()

    def mapped(text: str) -> str:
        text = unicodedata.normalize("NFKD", text)
        kept = (c for c in text if not unicodedata.combining(c) and not c.isspace())
        return "".join(prototypes.get(c, c) for c in kept)

    name = normalise_name(value)
    return {mapped(mapped(name).casefold()), mapped(name.casefold())}


def look_alike(one: str, other: str) -> bool:
    return bool(skeletons(one) & skeletons(other))
