"""One spelling for words that British and American English spell differently.

People in this consultation write both ("radicalisation", "radicalization"); search must
find either from either. Both the indexed text and every query pass through `normalise`
before they reach the database, which makes each word one spelling: the OSCE's house style
(Oxford spelling: "-ize", "-ization", but "programme", "behaviour", "centre", "defence",
"analyse"). The table is small and explicit: a general "-ise → -ize" rule would also turn
"exercise", "expertise" or "otherwise" into words nobody wrote.
"""

import re
from functools import cache

# Stems written -is-/-iz-: each takes the endings below ("radicalis" + "ation").
_IZE_STEMS = (
    "radical",
    "organ",
    "real",
    "recogn",
    "mobil",
    "priorit",
    "criminal",
    "stigmat",
    "marginal",
    "util",
    "emphas",
    "minim",
    "character",
    "legit",
    "normal",
    "polar",
    "special",
    "standard",
    "decentral",
    "central",
    "institutional",
    "democrat",
    "capital",
    "author",
    "optim",
    "summar",
    "victim",
    "social",
    "sensit",
    "apolog",
    "harmon",
    "internal",
    "civil",
    "urban",
)
_IZE_ENDINGS = ("e", "ed", "es", "ing", "ation", "ations", "er", "ers", "able")

# Other pairs: the form people also write → the house form.
_WORDS = {
    "program": "programme",
    "programs": "programmes",
    "behavior": "behaviour",
    "behaviors": "behaviours",
    "behavioral": "behavioural",
    "defense": "defence",
    "defenses": "defences",
    "offense": "offence",
    "offenses": "offences",
    "center": "centre",
    "centers": "centres",
    "centered": "centred",
    "analyze": "analyse",
    "analyzed": "analysed",
    "analyzes": "analyses",
    "analyzing": "analysing",
    "neighborhood": "neighbourhood",
    "neighborhoods": "neighbourhoods",
    "neighbor": "neighbour",
    "neighbors": "neighbours",
    "favor": "favour",
    "favorable": "favourable",
    "labor": "labour",
    "honor": "honour",
    "color": "colour",
    "license": "licence",
    "counseling": "counselling",
    "counselor": "counsellor",
    "counselors": "counsellors",
    "modeling": "modelling",
    "traveled": "travelled",
    "traveling": "travelling",
    "judgment": "judgement",
    "aging": "ageing",
    "catalog": "catalogue",
    "dialog": "dialogue",
    "endeavor": "endeavour",
    "rumor": "rumour",
    "rumors": "rumours",
    "enroll": "enrol",
    "fulfill": "fulfil",
    "skeptical": "sceptical",
}

_WORD = re.compile(r"\w+")


@cache
def _table() -> dict[str, str]:
    table = dict(_WORDS)
    for stem in _IZE_STEMS:
        for ending in _IZE_ENDINGS:
            table[f"{stem}is{ending}"] = f"{stem}iz{ending}"
    return table


def _replace(match: re.Match) -> str:
    word = match.group(0)
    house = _table().get(word.lower())
    if house is None:
        return word
    # Keep the writer's capitals where they can be kept: "Programme", "ORGANIZATION".
    if word.isupper():
        return house.upper()
    if word[0].isupper():
        return house.capitalize()
    return house


def normalise(text: str) -> str:
    """`text` with every word of the table in its house spelling; all else as it was."""
    return _WORD.sub(_replace, text)
