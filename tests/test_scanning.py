"""Patterns searched only where a match can start (`roleplay.analysis.scanning`) find what the
patterns as written find: the same spans, groups and matches at every position."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import roleplay.conduct  # noqa: F401  (compiles the conduct patterns)
from roleplay.analysis import cues, scanning
from roleplay.analysis.corpus import read_calls, to_voice
from roleplay.conduct import listening


def _original(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(*scanning.WRITTEN[pattern])


def test_rewritten_patterns_find_the_same_matches_on_corpus_text() -> None:
    lines = [turn.text for call in read_calls()[::12] for turn in call.turns]
    lines += [to_voice(line) for line in lines[::3]]
    texts = sorted({form for line in lines
                    for form in (line, cues.normalise(line), listening.plain(line))})
    assert len(scanning.WRITTEN) > 50
    for faster in list(scanning.WRITTEN):
        written = _original(faster)
        for text in texts:
            found = [(m.span(), m.groups()) for m in faster.finditer(text)]
            assert found == [(m.span(), m.groups()) for m in written.finditer(text)], \
                (written.pattern[:80], text)


def test_a_rewritten_pattern_is_what_re_compiles_from_its_source() -> None:
    """`scanning` compiles the rewritten pattern from the parse it already has: the same
    program as `re.compile` of the rewritten source (compiled patterns compare their code)."""
    for faster in list(scanning.WRITTEN):
        assert re.compile(faster.pattern, faster.flags) == faster, faster.pattern[:80]


def test_a_rewritten_pattern_matches_where_the_written_one_does_at_every_position() -> None:
    texts = ["so what do you think about it", "i hear you but thats not true", "", " a b ",
             "we cut agency spend by a third", "lets get your demo booked for tuesday"]
    for faster in list(scanning.WRITTEN):
        written = _original(faster)
        for text in texts:
            for start in range(len(text) + 1):
                first, second = faster.match(text, start), written.match(text, start)
                assert (first and first.span()) == (second and second.span())


def test_a_twin_finds_with_its_ascii_pattern_what_the_pattern_as_written_finds() -> None:
    """`scanning.Twin` searches ASCII text with its ASCII pattern: on corpus text (as written,
    normalised and plain, typed and voice) both find the same matches, spans and groups."""
    lines = [turn.text for call in read_calls()[::12] for turn in call.turns]
    lines += [to_voice(line) for line in lines[::3]]
    texts = sorted({form for line in lines
                    for form in (line, cues.normalise(line), listening.plain(line))
                    if form.isascii()})
    assert len(scanning.TWINS) > 40
    for twin in scanning.TWINS:
        for text in texts:
            found = [(m.span(), m.groups()) for m in twin.ascii.finditer(text)]
            assert found == [(m.span(), m.groups()) for m in twin.unicode.finditer(text)], \
                (twin.pattern[:80], text)


def test_a_twin_searches_other_text_as_written() -> None:
    twin = scanning.Twin(r"\bcafe\s\w+")
    assert twin.ascii is not twin.unicode
    assert twin.search("a cafe\x1cbar").group(0) == "cafe\x1cbar"  # Unicode \s: \x1c
    assert twin.search("un café noir") is None and twin.search("cafe noir")
    assert twin.search("cafe é") is not None  # Unicode \w: é
    accented = scanning.Twin(r"\bcafé\b")
    assert accented.ascii is accented.unicode  # a pattern that is not ASCII: as written
    scanning.TWINS.remove(twin)
    scanning.TWINS.remove(accented)


def test_what_is_put_first() -> None:
    both = scanning.compiled(r"(?<!not )\b(?:that is|its) wrong\b|\bnonsense\b")
    assert both.pattern.startswith(r"\b(?=[int])(?:")
    assert scanning.compiled(r"\bfoo|bar").pattern.startswith("(?=[bf])(?:")  # no \b for bar
    assert scanning.compiled(r"\b\w+ing\b").pattern.startswith(r"\b(?:")  # \w: no lookahead
    optional = scanning.compiled(r"\b(?:the )?(?:deal|offer) ends\b", re.ASCII)
    assert optional.pattern.startswith(r"\b(?=[dot])(?:")  # "the " may be there or not
    for kept in (r"(?:a)?b?", r"(?i)\bfoo", r"x*", r"[^a]b"):
        assert scanning.compiled(kept).pattern == kept
    anchored = scanning.compiled(r"^(?:oh )?you\b|\bthat is wrong\b")
    assert anchored.pattern.startswith(r"(?:^|\b(?=[t]))(?:")
    assert anchored.match("oh you") and not anchored.search("so oh you")
    upper = scanning.compiled(r"\bfoo", re.IGNORECASE)
    assert upper.pattern == r"\b(?:\bfoo)" and upper.search("a FOO")


def test_a_python_without_res_private_parser_compiles_every_pattern_as_written() -> None:
    """`re._parser` and friends are CPython's own: where they are missing, the analysis still
    imports and reads turns, every pattern compiled by `re.compile` as written."""
    script = (
        "import re, sys\n"
        "del re._parser\n"
        "sys.modules['re._parser'] = None\n"
        "from roleplay.analysis import scanning, analyse_rep\n"
        "assert not scanning.PRIVATE_RE\n"
        "assert scanning.compiled(r'\\bfoo|bar').pattern == r'\\bfoo|bar'\n"
        "found = analyse_rep('Could I ask how you handle payroll today?')\n"
        "assert found.asks, found\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False, cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr
