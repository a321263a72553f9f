from guidebook.paragraphs import assign_ids, split_paragraphs

FIRST = "Community policing builds trust between the police and the public it serves."
SECOND = "Trust takes years to build and moments to lose, as several participants noted."
THIRD = "Officers need training in human rights before they are tasked with outreach."


def ids_after(old_texts, new_texts):
    old, next_id = assign_ids([], old_texts, 1)
    new, _ = assign_ids(old, new_texts, next_id)
    return [p["id"] for p in old], [p["id"] for p in new]


def test_split_paragraphs_on_blank_lines_keeps_fenced_code_whole():
    text = "One\nstill one\n\n\nTwo\n\n```\ncode\n\nmore code\n```\n\nThree\r\n\r\nFour"
    assert split_paragraphs(text) == [
        "One\nstill one",
        "Two",
        "```\ncode\n\nmore code\n```",
        "Three",
        "Four",
    ]


def test_new_paragraphs_get_fresh_ids_in_order():
    paragraphs, next_id = assign_ids([], [FIRST, SECOND], 7)
    assert [p["id"] for p in paragraphs] == [7, 8]
    assert next_id == 9


def test_editing_a_paragraph_keeps_its_id():
    old, new = ids_after([FIRST, SECOND], [FIRST.replace("builds", "strengthens"), SECOND])
    assert new == old


def test_reordering_keeps_ids():
    old, new = ids_after([FIRST, SECOND, THIRD], [THIRD, FIRST, SECOND])
    assert new == [old[2], old[0], old[1]]


def test_reordering_and_editing_together_keeps_ids():
    old, new = ids_after([FIRST, SECOND, THIRD], [THIRD + " Always.", FIRST, SECOND[:-1] + "!"])
    assert new == [old[2], old[0], old[1]]


def test_split_first_piece_keeps_id_second_gets_new_one():
    joined = f"{FIRST} {SECOND}"
    old, new = ids_after([joined, THIRD], [FIRST, SECOND, THIRD])
    assert new[0] == old[0]
    assert new[1] not in old
    assert new[2] == old[1]


def test_split_where_second_piece_is_longer_still_gives_id_to_first_piece():
    short = "In short:"
    old, new = ids_after([f"{short} {SECOND} {THIRD}"], [short, f"{SECOND} {THIRD}"])
    assert new[0] == old[0]
    assert new[1] != old[0]


def test_inserted_paragraph_gets_new_id_and_neighbours_keep_theirs():
    old, new = ids_after([FIRST, THIRD], [FIRST, SECOND, THIRD])
    assert new[0] == old[0] and new[2] == old[1]
    assert new[1] not in old


def test_deleted_paragraph_ids_are_never_reused():
    old, next_id = assign_ids([], [FIRST, SECOND], 1)
    shorter, next_id = assign_ids(old, [FIRST], next_id)
    again, _ = assign_ids(shorter, [FIRST, "Entirely different words about youth work."], next_id)
    assert again[1]["id"] not in {p["id"] for p in old}


def test_rewritten_paragraph_is_new():
    old, new = ids_after([FIRST], ["Xylophones quietly zigzag."])
    assert new[0] != old[0]


def test_duplicate_texts_keep_their_own_ids():
    old, new = ids_after([FIRST, FIRST], [FIRST, FIRST])
    assert new == old
