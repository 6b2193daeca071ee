"""Is a reply still the prospect talking? Pure checks on the words, no model.

Real models break character in a handful of recognisable ways: they remember they are an AI,
talk about their instructions, switch sides and sell, offer help like an assistant, label the
speakers as in a script, act out stage directions, or format the reply as a document.
`problems` names each one found; `repair` fixes the replies where stripping a label, a stage
direction or wrapping quotes is enough.

The patterns stay narrow on purpose: a prospect may say "our product team", "how can I help
you" (a receptionist), "we tried ChatGPT" or "good question" and still be in character.
"""

from __future__ import annotations

import re
from typing import Final

MAX_REPLY_CHARS: Final = 1200
"""A phone answer longer than this is a monologue (or a model writing an essay)."""

_I: Final = re.IGNORECASE
_MACHINE: Final = (
    r"ai|a\.i\.|artificial intelligence|(?:large )?language model|llm|chatbot|bot|"
    r"virtual assistant|ai assistant|ai model|computer program"
)

_BREAKS: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    ("mentions being an AI", re.compile(
        rf"\bas an? (?:{_MACHINE})\b|\bi(?:'m| am) (?:just |only |actually |really )?an? "
        rf"(?:{_MACHINE})\b|\blanguage model\b|\bmy (?:training data|knowledge cut-?off)\b|"
        r"\bi (?:don't|do not|can't|cannot) (?:have|experience) (?:personal opinions|"
        r"(?:personal )?feelings|emotions|a (?:physical )?body)\b", _I)),
    ("talks about instructions or the roleplay", re.compile(
        r"\b(?:system prompt|my (?:instructions|prompt|guidelines|programming|character)|"
        r"(?:the|these|your|previous|above) instructions|"
        r"i(?:'ve| have) been (?:instructed|told|asked) to (?:play|act|pretend|role-?play)|"
        r"(?:this|the) (?:role-?play|simulation|training exercise)|"
        r"(?:stay|staying|break|breaking|broke) (?:in )?character|out of character|"
        r"role-?play(?:ing)? as|"
        r"pretend(?:ing)? to be (?:a|an|the) (?:prospect|customer|buyer|character)|"
        r"(?:the|my) persona|(?:as|playing) (?:the|a) prospect|"
        r"here(?:'s| is) (?:a|my|the) (?:response|reply)(?: as)?)\b", _I)),
    ("speaks as the rep", re.compile(
        r"\b(?:our (?:product|platform|solution|software|tool|offering|service)s? "
        r"(?:can|will|would|helps?|lets?|gives?|saves?|offers?|integrates|is designed)|"
        r"i(?:'d| would) love to (?:show|walk) you|let me (?:show you how|walk you through)|"
        r"(?:schedule|book|set up) a (?:quick |short )?demo|thanks? (?:you )?for taking my call|"
        r"the reason (?:i'm|i am) calling|the reason for my call|"
        r"(?:a few|some) (?:quick )?questions about your (?:business|team|company|needs))\b", _I)),
    ("offers help like an assistant", re.compile(
        r"\b(?:how (?:can|may) i assist you|anything else i can (?:help|assist) you with|"
        r"i(?:'m| am) here to (?:help|assist)|happy to assist|i hope (?:this|that) helps|"
        r"feel free to ask|let me know if you have any (?:other |more |further )?questions|"
        r"(?:certainly|absolutely|of course)! here(?:'s| is))\b", _I)),
)

_ROLE_LABEL: Final = re.compile(
    r"^\s*[*_]{0,2}(?:prospect|rep|sales ?rep|sales ?person|salesperson|seller|buyer|customer|"
    r"client|assistant|user|ai|bot|system|narrator)[*_]{0,2}\s*:[*_]{0,2}\s*",
    _I | re.MULTILINE,
)
_NAME_LABEL: Final = re.compile(
    r"^\s*[*_]{0,2}([A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,2})[*_]{0,2}:[*_]{0,2}\s+"
)
_STAGE_DIRECTION: Final = re.compile(
    r"^\s*(?:\*[^*\n]{1,60}\*|\[[^\]\n]{1,60}\]|\([^)\n]{1,60}\))\s*"
)
_ACTION: Final = re.compile(
    r"(?:^|\s)\*[a-z][^*\n]{0,60}\*(?:\s|$)|^\s*[\[(][a-z][^\])\n]{0,60}[\])]"
)
_LIST_LINE: Final = re.compile(r"^\s*(?:[-*•]\s+|\d+[.)]\s+)\S", re.MULTILINE)
_DOCUMENT: Final = re.compile(r"^\s*(?:#{1,6}\s+\S|```|\|.*\|\s*$)", re.MULTILINE)
_QUOTES: Final = ('"', "“", "”", "«", "»")


def problems(reply: str, persona_name: str) -> list[str]:
    """Each way the reply breaks character, as a short phrase; empty when it is fine."""
    text = reply.strip()
    if not text:
        return ["empty reply"]
    found = [name for name, pattern in _BREAKS if pattern.search(text)]
    if _labelled(text, persona_name):
        found.append("labels the speaker like a script")
    if _ACTION.search(text):
        found.append("acts out stage directions")
    if len(_LIST_LINE.findall(text)) >= 2 or _DOCUMENT.search(text):
        found.append("formats the reply as a list or document")
    if len(text) > MAX_REPLY_CHARS:
        found.append(f"far too long for a phone answer ({len(text)} characters)")
    return found


def repair(reply: str, persona_name: str = "") -> str | None:
    """The reply without a leading role label, stage direction or wrapping quotes, when that
    is enough to put it back in character; None when the words themselves break it."""
    text = _strip_label(reply.strip(), persona_name)
    text = _STAGE_DIRECTION.sub("", text, count=1).strip()
    text = _unquote(text)
    return text if text and not problems(text, persona_name) else None


def _labelled(text: str, persona_name: str) -> bool:
    if _ROLE_LABEL.search(text):
        return True
    lines = text.splitlines()
    return any(_persona_label(line, persona_name) is not None for line in lines)


def _persona_label(line: str, persona_name: str) -> re.Match[str] | None:
    match = _NAME_LABEL.match(line)
    if match is None:
        return None
    names = {persona_name.lower(), *persona_name.lower().split()} - {""}
    return match if match.group(1).lower() in names else None


def _strip_label(text: str, persona_name: str) -> str:
    first, newline, rest = text.partition("\n")
    label = _ROLE_LABEL.match(first) or _persona_label(first, persona_name)
    if label is not None:
        first = first[label.end():]
    return f"{first}{newline}{rest}".strip()


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        inner = text[1:-1].strip()
        if not any(mark in inner for mark in _QUOTES):
            return inner
    return text


_COMMITS = re.compile(
    r"\b(?:i|we)(?:'ll| will| agree to) (?:buy|sign|purchase|take it)\b"
    r"|\bagree to buy\b|\bsend (?:me |us |over )?the contract\b|\bwhere do i sign\b"
    r"|\byou(?:'ve| have)? got (?:yourself )?a deal\b",
    re.IGNORECASE,
)


def commits_to_buy(reply: str) -> bool:
    """The reply buys or signs: only the engine decides that (an agreed next step)."""
    return _COMMITS.search(reply.replace("’", "'")) is not None

