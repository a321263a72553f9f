"""Adversarial Markdown for timing ``forum.markup.render_markdown`` at the size limit.

Each input aims at a place where a Markdown parser or an HTML sanitiser can go
super-linear: unclosed brackets and parentheses, emphasis and backtick runs, autolink and
bare-URL look-alikes, deep nesting of lists and quotes, long reference chains, wide tables,
entities, and output that grows much larger than its input. Every input is at most
``MAX_LENGTH`` characters, so it is something a person could actually submit.

Some inputs are refused (``ValidationError``, e.g. nesting deeper than the parser allows);
the refusal is the outcome for that input and its time counts like a render, so callers
time them with ``time_render``.

Run ``python -m bench.markup_inputs`` to print the time of each input, slowest first.
"""

import time

from django.core.exceptions import ValidationError

LIMIT = 32_000


def _fill(unit: str, limit: int = LIMIT) -> str:
    """Repeat ``unit`` as often as fits in ``limit`` characters."""
    return unit * (limit // len(unit))


def _until(parts, limit: int = LIMIT) -> str:
    """Join the strings ``parts`` yields until the next one would pass ``limit``."""
    out: list[str] = []
    size = 0
    for part in parts:
        if size + len(part) > limit:
            break
        out.append(part)
        size += len(part)
    return "".join(out)


def _counter(template: str):
    n = 0
    while True:
        yield template.format(n=n)
        n += 1


def _growing_backtick_runs():
    # Runs of 1, 2, 3, ... backticks with no matching closer: the classic quadratic case.
    n = 1
    while True:
        yield "`" * n + "a"
        n += 1


def _indented_list():
    # One list item per line, each indented one level deeper than the last.
    n = 0
    while True:
        yield "  " * n + "- a\n"
        n += 1


def _indented_list_sawtooth():
    # Depth climbs to 30 and falls back, again and again: many nested lists of many lines.
    while True:
        for n in range(30):
            yield "  " * n + "- a\n"


def adversarial_inputs() -> dict[str, str]:
    """Name → Markdown text (each at most 32,000 characters)."""
    defs = _until(_counter("[r{n}]: /target/{n}\n"), LIMIT // 2)
    refs = _until(_counter("[r{n}] "), LIMIT - len(defs))
    chained_defs = _until(_counter("[c{n}]: <[c{n}]>\n"), LIMIT // 2)
    inputs = {
        # Brackets, parentheses and link syntax.
        "open_brackets": _fill("["),
        "close_brackets": _fill("]"),
        "bracket_pairs_unclosed": _fill("[]("),
        "open_parens": _fill("("),
        "link_openers": _fill("[a]("),
        "link_label_nesting": "[" * 16_000 + "a" + "]" * 15_990,
        "link_destination_parens": "[a](" + "(" * 31_990,
        "link_titles_unclosed": _fill('[a](/u "'),
        "image_openers": _fill("!["),
        "image_links_unclosed": _fill("![a]("),
        "images_many": _fill("![a](/i.png) "),
        "images_in_links": _fill("[![a](/i.png)](/l) "),
        "reference_definitions_and_uses": defs + refs,
        "reference_chain": chained_defs + _until(_counter("[c{n}][] "), LIMIT - len(chained_defs)),
        "reference_undefined": _fill("[a][b]"),
        # Emphasis.
        "stars": _fill("*"),
        "underscores": _fill("_"),
        "star_words": _fill("*a"),
        "underscore_words": _fill("_a"),
        "strong_runs": _fill("**a"),
        "mixed_emphasis": _fill("*_a"),
        "emphasis_close_only": _fill("a*"),
        "emphasis_nesting": "*" * 10_000 + "a" + "*" * 10_000,
        "strikethrough_runs": _fill("~~a"),
        "tildes": _fill("~"),
        # Code.
        "backticks": _fill("`"),
        "backtick_growing_runs": _until(_growing_backtick_runs()),
        "backtick_pairs": _fill("`a``"),
        "fences_unclosed": _fill("```\n"),
        "fences_mixed": _fill("```\n~~~\n"),
        "indented_code": _fill("    <script>\n"),
        # Raw HTML and autolink look-alikes (raw HTML is escaped, never passed through).
        "less_than": _fill("<"),
        "tag_openers": _fill("<a"),
        "tag_attributes": "<a " + _fill("b='c' ", LIMIT - 10),
        "html_comments": _fill("<!--"),
        "cdata": _fill("<![CDATA["),
        "autolink_openers": _fill("<http://"),
        "autolinks_many": _fill("<http://a.example/> "),
        "autolink_mailto": _fill("<a@b"),
        "script_tags": _fill("<script>alert(1)</script>"),
        "entities_unfinished": _fill("&#"),
        "entities": _fill("&amp;&#x3c;&lt;"),
        "backslashes": _fill("\\"),
        # Bare URLs and e-mail addresses (linkify).
        "linkify_urls": _fill("http://a.example/x "),
        "linkify_schemes_only": _fill("http://"),
        "linkify_dots": _fill("a."),
        "linkify_www": _fill("www."),
        "linkify_at": _fill("a@"),
        "linkify_long_domain": "http://" + _fill("a.", LIMIT - 10) + "com",
        "linkify_fuzzy_domains": _fill("a.com "),
        "linkify_emails": _fill("a@b.co "),
        "linkify_parens": "http://a.example/" + "(" * 15_000 + ")" * 15_000,
        # Nesting (the parser's recursion guard; past it the text is refused).
        "list_dashes_one_line": _fill("- "),
        "list_indented_staircase": _until(_indented_list()),
        "list_sawtooth": _until(_indented_list_sawtooth()),
        "list_nested_19_levels": _fill("".join("  " * n + "- item\n" for n in range(19))),
        "quotes_one_line": _fill("> "),
        "quotes_tight": _fill(">"),
        "quotes_39_levels": _fill("> " * 39 + "a\n"),
        "quote_list_mix": _fill("> - "),
        "ordered_lists": _fill("1. "),
        # Tables.
        "table_wide": "|"
        + _fill("a|", 10_000)
        + "\n|"
        + _fill("-|", 10_000)
        + "\n"
        + _fill("|", 11_900),
        "table_many_rows": "|a|b|c|\n|-|-|-|\n" + _fill("|x|y|z|\n", LIMIT - 20),
        "table_pipes": _fill("|"),
        "table_empty_rows": "|"
        + _fill("a|", 2_000)
        + "\n|"
        + _fill("-|", 2_000)
        + "\n"
        + _fill("a\n", LIMIT - 4_010),
        # Output much larger than input.
        "hard_breaks": _fill("a  \n"),
        "headings": _fill("# a\n"),
        "setext_headings": _fill("a\n=\n"),
        "rules": _fill("---\n"),
        "paragraphs": _fill("a\n\n"),
        # Ordinary long text, for comparison.
        "prose_latin": _fill("The community policing approach builds trust between people. "),
        "prose_mixed_scripts": _fill("Полиция и общество. الشرطة المجتمعية. 🤝 "),
    }
    return {name: text[:LIMIT] for name, text in inputs.items()}


def time_render(text: str) -> tuple[float, str]:
    """CPU seconds one ``render_markdown`` call takes, and "rendered" or "refused: <code>".

    CPU time (``time.process_time``) does not count the time other processes on the machine
    take the processor away, so the number is about this code, not about the machine's load.
    """
    seconds, _wall, outcome = time_render_both(text)
    return seconds, outcome


def time_render_both(text: str) -> tuple[float, float, str]:
    """CPU seconds, wall-clock seconds and the outcome of one ``render_markdown`` call."""
    from forum.markup import render_markdown

    wall_start, cpu_start = time.perf_counter(), time.process_time()
    try:
        render_markdown(text)
        outcome = "rendered"
    except ValidationError as error:
        outcome = f"refused: {error.code}"
    cpu, wall = time.process_time() - cpu_start, time.perf_counter() - wall_start
    return cpu, wall, outcome


TARGET_SECONDS = 0.25


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    time_render("warm up the parser and the sanitiser")
    rows = []
    for name, text in adversarial_inputs().items():
        # The fastest of three runs: slower ones measure interruptions, not the code.
        runs = [time_render_both(text) for _ in range(3)]
        cpu = min(run[0] for run in runs)
        wall = min(run[1] for run in runs)
        rows.append((cpu, wall, name, len(text), runs[0][2]))
    rows.sort(reverse=True)
    print(f"{'input':34} {'chars':>7} {'cpu ms':>9} {'wall ms':>9}  outcome")
    for cpu, wall, name, size, outcome in rows:
        print(f"{name:34} {size:>7,} {cpu * 1000:>9.1f} {wall * 1000:>9.1f}  {outcome}")
    worst_cpu = rows[0]
    worst_wall = max(rows, key=lambda row: row[1])
    target = TARGET_SECONDS * 1000
    print(f"worst cpu:  {worst_cpu[2]} {worst_cpu[0] * 1000:.1f} ms (target {target:.0f} ms)")
    print(f"worst wall: {worst_wall[2]} {worst_wall[1] * 1000:.1f} ms (target {target:.0f} ms)")
