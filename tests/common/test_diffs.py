"""The one diff module: lines for revisions and resubmissions, words for drafts."""

from common.diffs import DiffLine, line_diff, word_diff


def test_line_diff_marks_added_removed_and_context_lines():
    lines = line_diff("one\ntwo\nthree\n", "one\n2\nthree\n", context=1)
    assert [line.kind for line in lines] == ["hunk", "context", "remove", "add", "context"]
    assert DiffLine("remove", "two") in lines and DiffLine("add", "2") in lines


def test_identical_texts_have_no_line_diff():
    assert line_diff("same\n", "same\n") == []


def test_word_diff_escapes_every_piece():
    html = word_diff("a <b> c", "a <i> c")
    assert html == "a <del>&lt;b&gt;</del><ins>&lt;i&gt;</ins> c"
