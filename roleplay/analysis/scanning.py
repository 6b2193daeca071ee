"""Patterns searched only where a match can start: the same matches, found sooner.

Python's `re` tries a pattern at every position of the text, and a pattern that opens with a
lookbehind or `\\b` and a long alternation (most cue and conduct patterns) gives its engine no
literal to skip ahead by: every alternative is tried at every character. `compiled(source)` puts
what every alternative needs first, once: `\\b` where each opens at a word boundary, and
a lookahead for the characters one can start with. Both are zero-width and required by every
alternative anyway, so the matches (where, which alternative, the groups) are those of the
pattern as written; a pattern this cannot read is returned as it is.

    compiled(source, flags=0) -> re.Pattern[str]   (for re.compile)
    Twin(source, flags=0)                           (the same, searched ASCII on ASCII text)
"""

from __future__ import annotations

import contextlib
import re
import string
import sys
from collections.abc import Callable, Iterator
from typing import Any

try:  # CPython's own regex parser and compiler (3.11+): private, so their absence is no error
    import _sre  # type: ignore[import-not-found]
    from re import _compiler as compiler  # type: ignore[attr-defined]
    from re import _constants as sre  # type: ignore[attr-defined]
    from re import _parser as parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python: every pattern compiled as written
    PRIVATE_RE = False
else:
    PRIVATE_RE = True

_ZERO_WIDTH: tuple[Any, ...] = (sre.AT, sre.ASSERT, sre.ASSERT_NOT) if PRIVATE_RE else ()
_REPEATS: tuple[Any, ...] = (
    sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)
) if PRIVATE_RE else ()
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


def compiled(source: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(source, flags)`, searched only at the positions where one of its alternatives
    can start (see the module docstring): as written when it gives nothing to skip by, or when
    this Python's `re` keeps its parser elsewhere."""
    faster = _faster(source, flags) if PRIVATE_RE else None
    if faster is None:
        return re.compile(source, flags)
    WRITTEN[faster] = (source, flags)
    return faster


def _faster(source: str, flags: int) -> re.Pattern[str] | None:
    flags = int(flags)  # as re.compile does: a RegexFlag's "&" is a Python call, many per parse
    if flags & re.VERBOSE or _GLOBAL_FLAGS.match(source):
        return None  # inline flags must stay first; verbose text cannot be wrapped as is
    try:
        parsed = parser.parse(source, flags)
    except re.error:
        return None
    branches = _branches(list(parsed))
    # a branch anchored at the start ("^...") matches only where its anchor does: the anchor
    # itself is put first as another way in ("(?:^|\\b...)")
    anchors = [_ANCHORS[branch[0][1]] for branch in branches
               if branch and branch[0][0] is sre.AT and branch[0][1] in _ANCHORS]
    rest = [branch for branch in branches
            if not (branch and branch[0][0] is sre.AT and branch[0][1] in _ANCHORS)]
    if not rest:
        return None
    boundary = all(_opens_at_boundary(branch) for branch in rest)
    starts: set[str] | None = set()
    for branch in rest:
        first = _first_characters(branch, ascii=bool(flags & re.ASCII))
        starts = None if first is None or starts is None else starts | first
    if flags & re.IGNORECASE:
        starts = None
    lookahead = f"(?=[{''.join(map(_escaped, sorted(starts)))}])" if starts else ""
    first_needs = f"{BOUNDARY if boundary else ''}{lookahead}"
    if not first_needs:
        return None
    if anchors:
        first_needs = f"(?:{'|'.join(dict.fromkeys(anchors))}|{first_needs})"
    return _assembled(f"{first_needs}(?:{source})", flags, first_needs, parsed)


def _assembled(wrapped: str, flags: int, first_needs: str, parsed: Any) -> re.Pattern[str]:
    """`re.compile(wrapped, flags)` without parsing the pattern a second time (start-up: the
    cue and conduct patterns take about 0.05 s to parse): `re` unpacks the non-capturing group
    around the source into its items, so the parsed pattern is the prefix's items and then the
    source's, compiled as `re` compiles a parsed pattern (a test checks it equals
    `re.compile(wrapped, flags)`, code and all). Any surprise: `re.compile` itself."""
    try:
        tree = parser.SubPattern(parsed.state,
                                 [*parser.parse(first_needs, flags).data, *parsed.data])
        code = compiler._code(tree, flags)
        state = tree.state
        indexgroup: list[str | None] = [None] * state.groups
        for name, index in state.groupdict.items():
            indexgroup[index] = name
        found = _sre.compile(wrapped, flags | state.flags, code, state.groups - 1,
                             state.groupdict, tuple(indexgroup))
    except Exception:  # a private API that moved: compile it the plain way
        return re.compile(wrapped, flags)
    return found if isinstance(found, re.Pattern) else re.compile(wrapped, flags)


_ANCHORS: dict[Any, str] = {sre.AT_BEGINNING: "^", sre.AT_BEGINNING_STRING: "\\A"} \
    if PRIVATE_RE else {}
"""Anchors that open a branch, as written."""
BOUNDARY = "\\b"
WRITTEN: dict[re.Pattern[str], tuple[str, int]] = {}
"""Each pattern rewritten here, with its source and flags as written (the tests check that both
find the same matches)."""


Items = list[tuple[Any, Any]]


def _branches(items: Items) -> list[Items]:
    """The top-level alternatives (through non-capturing groups holding only an alternation)."""
    while len(items) == 1 and items[0][0] is sre.SUBPATTERN and items[0][1][0] is None \
            and not items[0][1][1] and not items[0][1][2]:
        items = list(items[0][1][3])
    if len(items) == 1 and items[0][0] is sre.BRANCH:
        return [found for branch in items[0][1][1] for found in _branches(list(branch))]
    return [items]


def _opens_at_boundary(items: Items) -> bool:
    """Every match of these items starts at a `\\b` (after lookbehinds, which take no room)."""
    for op, av in items:
        if op in (sre.ASSERT, sre.ASSERT_NOT) and av[0] == -1:
            continue
        if op is sre.AT:
            if av is sre.AT_BOUNDARY:
                return True
            continue
        if op is sre.SUBPATTERN and not av[1] and not av[2]:
            return all(_opens_at_boundary(branch) for branch in _branches(list(av[3])))
        return False
    return False


def _first_characters(items: Items, *, ascii: bool) -> set[str] | None:
    """The characters a match of these items can start with; None when unknown or when the
    items can match the empty string."""
    found: set[str] = set()  # of optional items passed so far ("(?:the )?")
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # takes no room: the first character comes after it
        if op in _REPEATS:
            inner = _first_characters(list(av[2]), ascii=ascii)
            if inner is None or av[0] >= 1:
                return None if inner is None else found | inner
            found |= inner  # optional: the first character may come after it
            continue
        first = _first_character(op, av, ascii=ascii)
        return None if first is None else found | first
    return None  # nothing consumed: an empty match


def _first_character(op: Any, av: Any, *, ascii: bool) -> set[str] | None:
    """The characters one item that always consumes can start with (None: unknown)."""
    if op is sre.LITERAL:
        return {chr(av)}
    if op is sre.IN:
        return _set_characters(av, ascii=ascii)
    if op is sre.SUBPATTERN:
        if av[1] or av[2]:
            return None  # flags changed inside the group
        return _union(_first_characters(branch, ascii=ascii)
                      for branch in _branches(list(av[3])))
    if op is sre.BRANCH:
        return _union(_first_characters(list(branch), ascii=ascii) for branch in av[1])
    return None


def _union(found: Any) -> set[str] | None:
    result: set[str] = set()
    for characters in found:
        if characters is None:
            return None
        result |= characters
    return result


def _set_characters(av: Items, *, ascii: bool) -> set[str] | None:
    found: set[str] = set()
    for op, value in av:
        if op is sre.LITERAL:
            found.add(chr(value))
        elif op is sre.RANGE and value[1] - value[0] < 256:
            found.update(map(chr, range(value[0], value[1] + 1)))
        elif op is sre.CATEGORY and ascii and value in _ASCII_CATEGORIES:
            found.update(_ASCII_CATEGORIES[value])
        else:
            return None  # a negation, a Unicode category (\w, \d), a wide range
    return found


_DIGITS = "0123456789"
_ASCII_CATEGORIES: dict[Any, str] = {
    sre.CATEGORY_DIGIT: _DIGITS, sre.CATEGORY_SPACE: " \t\n\r\f\v",
    sre.CATEGORY_WORD: f"{_DIGITS}_{string.ascii_letters}"} if PRIVATE_RE else {}
"""What `\\d`, `\\w` and `\\s` match in an ASCII pattern."""


def _escaped(character: str) -> str:
    return f"\\{character}" if character in "\\]^-[" else character


TWINS: list[Twin] = []
"""Every `Twin` made (the tests check both of each find the same matches on ASCII text)."""
_WIDE_SPACE = re.compile("[\x1c-\x1f]")
"""The ASCII characters a Unicode `\\s` matches and an ASCII one does not."""


class Twin:
    """A pattern compiled twice (`compiled`): as written, and with `re.ASCII`, whose `\\b`,
    `\\w` and `\\d` are table look-ups where Unicode ones ask the character database at every
    position tried (about 40% of a conduct pattern's search). On text that is all ASCII the two
    find the same matches, so such text is searched with the ASCII one: `\\w`, `\\d`, `\\b`
    and case-insensitive letters agree on ASCII, and `\\s` too unless the text holds one of the
    separators \\x1c-\\x1f (checked when the pattern reads `\\s`). Other text, and a pattern
    whose source is not ASCII (whose letters might fold to ASCII ones), is searched as written,
    compiled when first needed (most text is ASCII: start-up compiles each pattern once)."""

    __slots__ = ("_spaces", "_unicode", "ascii", "flags", "pattern")

    def __init__(self, source: str, flags: int = 0) -> None:
        self.pattern = source
        self.flags = int(flags)
        self._unicode: re.Pattern[str] | None = None
        ascii_ = None
        if source.isascii() and not self.flags & re.ASCII:
            with contextlib.suppress(re.error):  # an inline (?u): Unicode only
                ascii_ = compiled(source, self.flags | re.ASCII)
        self.ascii = self.unicode if ascii_ is None else ascii_
        self._spaces = "\\s" in source or "\\S" in source
        TWINS.append(self)

    @property
    def unicode(self) -> re.Pattern[str]:
        """The pattern as written (Unicode)."""
        if self._unicode is None:
            self._unicode = compiled(self.pattern, self.flags)
        return self._unicode

    def _for(self, text: str) -> re.Pattern[str]:
        if text.isascii() and not (self._spaces and _WIDE_SPACE.search(text)):
            return self.ascii
        return self.unicode

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self._for(text).search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self._for(text).match(text, pos, endpos)

    def fullmatch(self, text: str, pos: int = 0,
                  endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self._for(text).fullmatch(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0,
                 endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self._for(text).finditer(text, pos, endpos)

    def findall(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self._for(text).findall(text, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str, count: int = 0) -> str:
        return self._for(text).sub(repl, text, count)

    def split(self, text: str, maxsplit: int = 0) -> list[str | Any]:
        return self._for(text).split(text, maxsplit)
