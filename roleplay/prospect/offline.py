"""The offline voice: the prospect's reply composed from the prompt alone, no model, no network.

`voice(messages, seed)` reads only what `prompts.build_messages` rendered: the `[who]` block,
the `- mood: line` examples, the `[direction]` block and the rep's last words. It can never
reveal a locked fact because a locked fact is never in the prompt. Replies are deterministic for
a given seed and conversation, vary across turns and seeds (never repeating an earlier line in
the prompt's history when another fits), and react visibly to technique: a pitch gets a guarded
one-liner, an unearned probe a deflection, an earned question the fact the engine unlocked, an
argument a firmer objection, and the call ends when the direction says so.

Pure Python; `llm.py` registers it into litellm as the `roleplay/offline` model.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from roleplay.prospect.prompts import (
    DIRECTION_END,
    DIRECTION_START,
    EXAMPLES_HEAD,
    FACTS_HEAD,
    WHO_END,
    WHO_START,
)

Message = dict[str, str]

# --- phrase banks -------------------------------------------------------------------------------

MOOD_LINES: dict[str, list[str]] = {
    "guarded": ["Okay.", "Mm-hm.", "Right.", "And?", "Go on.", "I'm listening."],
    "neutral": ["Okay.", "Fair enough.", "Right, go on.", "Mm, maybe.", "Alright."],
    "warming": ["Okay, that's a fair point.", "Go on, I'm listening.", "Alright, keep going.",
                "That's a reasonable question."],
    "open": ["Yeah, that's the right question.", "Honestly? Sure.", "Now we're getting somewhere.",
             "Okay, I'm with you."],
    "annoyed": ["Look, I'm busy.", "Get to the point.", "You're not really listening, are you?",
                "I don't have time for this."],
    "ending": ["Right."],
}
EARLY_LINES: dict[str, list[str]] = {
    "guarded": ["Yes? Who is this?", "What's this regarding?", "Okay. What do you want?",
                "Who did you say you were with?"],
    "neutral": ["Hi. What can I do for you?", "Okay, what's this about?", "Yes, speaking. Go on."],
    "warming": ["Oh, hi. What's this about?", "Sure, what can I do for you?"],
    "open": ["Hi! Yes, what have you got?", "Good timing, actually. Go ahead."],
    "annoyed": ["I'm in the middle of something. What is it?"],
}
PITCH_LINES: dict[str, list[str]] = {
    "guarded": ["Everyone says that.", "Okay. And?", "Mm. I've heard that before.",
                "That's what they all say.", "And what does that have to do with {company}?",
                "Right. Is that a sales pitch?"],
    "neutral": ["Okay, but that's a pitch.", "Mm. You're telling me, not asking me.",
                "Sure. Every vendor says that.", "Okay. Not sure that's our problem."],
    "warming": ["Maybe. I'd need to see it.", "Okay. Slow down a bit, though."],
    "open": ["Could be. How would that work for us?", "Okay, maybe. What would it look like here?"],
    "annoyed": ["You're pitching me.", "I didn't ask for a sales pitch.",
                "Stop. You don't even know what we do."],
}
ODD_LINES = [
    "Sorry, what? I've no idea what you're on about.",
    "Is this some kind of joke?",
    "What? Are you reading from a script or something?",
    "I'm sorry, who did you say you were?",
    "That's a strange thing to say on a business call.",
]
ODD_WORDS = re.compile(
    r"\b(?:ignore (?:your|all|the|previous)|instructions?|system prompt|prompt|"
    r"are you (?:an? )?(?:ai|a\.i\.|bot|robot|real person|human|language model)|chatgpt|"
    r"language model|pretend (?:to be|you)|role-?play|act as|debug mode|jailbreak)\b",
    re.IGNORECASE,
)
DEFLECT_LINES = [
    "Why do you need to know that?",
    "That's a bit personal for a cold call.",
    "I'm not getting into that with someone I don't know.",
    "Who did you say you were again?",
    "That's internal.",
]
PERMISSION_LINES: dict[str, list[str]] = {
    "guarded": ["Quickly, then. What's this about?", "You've got a minute. Go.",
                "Depends what it is. Go on."],
    "neutral": ["Sure, a couple of minutes.", "Okay, go ahead.", "Alright, ask away."],
    "warming": ["Sure, go ahead.", "Yeah, ask away."],
    "open": ["Of course. Go ahead.", "Sure, what do you want to know?"],
    "annoyed": ["Make it fast.", "One minute."],
}
PURPOSE_LINES: dict[str, list[str]] = {
    "guarded": ["Okay. I'm listening.", "Alright. Why me?", "Hm. Go on."],
    "neutral": ["Okay, that makes sense. Go on.", "Alright. What did you want to know?"],
    "warming": ["Okay, that's fair. Go on.", "Right, that's useful context."],
    "open": ["That's good timing, actually.", "Okay, glad you called then."],
    "annoyed": ["Fine. Get to it."],
}
VAGUE_BY_TOPIC: dict[str, list[str]] = {
    "situation": ["It's fine. We manage.", "Same as everyone, really.", "Nothing special."],
    "pain": ["Nothing I'd call a problem.", "We get by.", "Nothing's on fire."],
    "budget": ["I'm not getting into numbers.", "Budget's budget. Depends.",
               "That's not something I'd share."],
    "price": ["Depends what it is.", "Everything's too expensive until it isn't."],
    "process": ["It depends on the thing.", "There's a process. Like everywhere."],
    "timeline": ["No set timeline.", "When it makes sense."],
    "motive": ["Hard to say.", "Same reasons as anyone."],
    "competitor": ["We have people for that.", "We're covered there."],
}
VAGUE_OPEN = ["Honestly, I've told you the main thing.", "That's about it, really.",
              "Nothing more than what I said."]
ARGUED_LINES = ["No, hang on.", "Look, I've told you.", "You're not hearing me.", "No.",
                "That's exactly what the last one said."]
HARDEN_LEADS = ["Look.", "No, listen.", "I said it already.", "I'll say it again."]
SOFTEN_LEADS = ["Honestly?", "Fair question.", "Okay, since you ask.", "Truthfully?"]
SHARE_LEADS: dict[str, list[str]] = {
    "guarded": ["Well.", "Since you ask.", "Hm."],
    "neutral": ["Well.", "Since you ask.", "Fair question."],
    "warming": ["Okay, honestly?", "Well, since you ask.", "Good question, actually."],
    "open": ["Honestly?", "Truth is?", "Okay, here's the thing.", "Yeah, look."],
    "annoyed": [""],
}
TOPIC_ECHO: dict[str, list[str]] = {
    "budget": ["Budget?", "Money-wise?"],
    "price": ["Cost?"],
    "process": ["How we do it?", "Our process?"],
    "timeline": ["Timing?", "When?"],
    "pain": ["What's hard?", "Problems?"],
    "motive": ["Why now?"],
    "situation": ["Us?", "How things are?"],
}
SPOKEN_STARTS = frozenset({"and", "but", "so", "also", "oh", "well", "honestly", "frankly", "look",
                           "okay", "yeah", "no", "yes", "truth", "between", "like"})
RECALL_LEADS = ["Like I said.", "As I said.", "I mentioned it."]
RECALL_KINDS: dict[str, tuple[str, ...]] = {
    "budget": ("budget",), "price": ("budget",), "timeline": ("timeline",),
    "process": ("process", "decision"), "pain": ("pain",), "motive": ("motive",),
}
CLOSERS_OPEN = ["Why, what would you do about that?", "Does that answer it?", ""]
CHATTY_TAILS = ["Anyway.", "You know how it is.", "But that's by the by."]


# --- reading the prompt -------------------------------------------------------------------------


@dataclass
class Prompt:
    """What the offline voice can know: only what the prompt shows."""

    who: dict[str, str] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)
    facts: dict[str, list[str]] = field(default_factory=dict)
    direction: dict[str, list[str]] = field(default_factory=dict)
    rep_text: str = ""
    rep_turns: int = 0
    said: list[str] = field(default_factory=list)

    def one(self, key: str) -> str:
        values = self.direction.get(key, [])
        return values[0] if values else ""

    def listed(self, key: str) -> list[str]:
        return [v.strip() for v in self.one(key).split(",") if v.strip()]

    @property
    def mood(self) -> str:
        return self.one("mood") or "neutral"


def read_prompt(messages: Sequence[Message]) -> Prompt:
    system = next((m["content"] for m in messages if m.get("role") == "system"), "")
    users = [m["content"] for m in messages if m.get("role") == "user"]
    return Prompt(
        who=_single(_block(system, WHO_START, WHO_END)),
        examples=_examples(system),
        facts=_facts(system),
        direction=_block(system, DIRECTION_START, DIRECTION_END),
        rep_text=users[-1] if users else "",
        rep_turns=len(users),
        said=[m["content"] for m in messages if m.get("role") == "assistant"],
    )


def _block(text: str, start: str, end: str) -> dict[str, list[str]]:
    found = re.search(re.escape(start) + r"\n(.*?)\n" + re.escape(end), text, re.S)
    rows: dict[str, list[str]] = {}
    for line in found.group(1).splitlines() if found else []:
        key, sep, value = line.partition(":")
        if sep:
            rows.setdefault(key.strip(), []).append(value.strip())
    return rows


def _single(rows: dict[str, list[str]]) -> dict[str, str]:
    return {key: values[0] for key, values in rows.items()}


def _examples(text: str) -> dict[str, list[str]]:
    return _rows(_section(text, EXAMPLES_HEAD))


def _facts(text: str) -> dict[str, list[str]]:
    return _rows(_section(text, FACTS_HEAD))


def _section(text: str, head: str) -> str:
    """The lines from `head` to the next blank line."""
    start = text.find(head)
    if start < 0:
        return ""
    end = text.find("\n\n", start)
    return text[start : end if end >= 0 else len(text)]


def _rows(section: str) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for key, line in re.findall(r"^- (\w+): (.+)$", section, re.M):
        rows.setdefault(key, []).append(line.strip())
    return rows


# --- composing the reply ------------------------------------------------------------------------


class Composer:
    """Picks lines for one reply: seeded by the conversation, avoiding lines already said."""

    def __init__(self, prompt: Prompt, seed: int | None) -> None:
        self.prompt = prompt
        self.rng = random.Random(_seed_of(prompt, seed))

    def pick(self, options: Sequence[str]) -> str:
        company = self.prompt.who.get("company", "us")
        usable = [o.replace("{company}", company) for o in options if o]
        if not usable:
            return ""
        fresh = [o for o in usable if not any(o in said for said in self.prompt.said)]
        return self.rng.choice(fresh or usable)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p


def voice(messages: list[dict[str, str]], seed: int | None) -> str:
    """The prospect's next line, from the prompt alone. Deterministic per seed and conversation."""
    prompt = read_prompt(messages)
    composer = Composer(prompt, seed)
    parts = _compose(prompt, composer)
    return _join(parts) or composer.pick(MOOD_LINES["neutral"])


def _compose(prompt: Prompt, c: Composer) -> list[str]:
    end = prompt.one("end")
    if end and end.lower() != "no":
        return [*_sharing(prompt, c, lead=False), end]
    if prompt.one("harden"):
        return [c.pick(HARDEN_LEADS), prompt.one("harden")]
    if prompt.one("soften"):
        soften = prompt.one("soften")
        lead = "" if _starts_spoken(soften) else c.pick(SOFTEN_LEADS)
        return [lead, soften, *_sharing(prompt, c, lead=False)]
    if prompt.one("raise"):
        return [_reaction_to_move(prompt, c, short=True), prompt.one("raise")]
    if prompt.direction.get("share"):
        return [*_sharing(prompt, c, lead=True), *_tail(prompt, c)]
    return [_reaction_to_move(prompt, c, short=False)]


def _sharing(prompt: Prompt, c: Composer, *, lead: bool) -> list[str]:
    facts = prompt.direction.get("share", [])
    if not facts:
        return []
    opener = ""
    if lead and not _terse(prompt) and not _starts_spoken(facts[0]):
        topics = [t for t in prompt.listed("topic") if t in TOPIC_ECHO]
        echo = c.pick(TOPIC_ECHO[topics[0]]) if topics and c.chance(0.4) else ""
        opener = echo or c.pick(SHARE_LEADS.get(prompt.mood, SHARE_LEADS["neutral"]))
    return [opener, *facts]


def _starts_spoken(text: str) -> bool:
    """The line already opens like speech ("Oh,", "Budget?", "And ..."): no lead needed."""
    first = text.split(" ", 1)[0]
    return first[-1:] in {",", "?", "!"} or first.lower() in SPOKEN_STARTS


def _tail(prompt: Prompt, c: Composer) -> list[str]:
    if prompt.mood == "open" and c.chance(0.5):
        return [c.pick(CLOSERS_OPEN)]
    if _chatty(prompt) and c.chance(0.4):
        return [c.pick(CHATTY_TAILS)]
    return []


def _reaction_to_move(prompt: Prompt, c: Composer, *, short: bool) -> str:
    """A reply to what the rep just did, when the engine gave nothing to say."""
    cues = set(prompt.listed("rep"))
    mood = prompt.mood
    if ODD_WORDS.search(prompt.rep_text):
        return c.pick(ODD_LINES)
    if "argued" in cues:
        return c.pick(ARGUED_LINES)
    if "probed_early" in cues:
        return c.pick(prompt.examples.get("deflect", []) + DEFLECT_LINES)
    if "pitched" in cues:
        return c.pick(_by_mood(PITCH_LINES, mood))
    if short:
        return c.pick(_by_mood(MOOD_LINES, mood)) if c.chance(0.5) else ""
    if "asked_permission" in cues:
        return c.pick(_by_mood(PERMISSION_LINES, mood))
    if "stated_purpose" in cues:
        return c.pick(_by_mood(PURPOSE_LINES, mood))
    if cues & {"probed", "asked"}:
        return _vague_answer(prompt, c)
    if prompt.rep_turns <= 1:
        return c.pick(_by_mood(EARLY_LINES, mood))
    return c.pick(_by_mood(MOOD_LINES, mood) + prompt.examples.get(mood, []))


def _vague_answer(prompt: Prompt, c: Composer) -> str:
    topics = [t for t in prompt.listed("topic") if t in VAGUE_BY_TOPIC]
    recalled = _recall(prompt, topics)
    if recalled and prompt.mood in {"warming", "open"}:
        return f"{c.pick(RECALL_LEADS)} {c.pick(recalled)}"
    known = VAGUE_BY_TOPIC[topics[0]] if topics else []
    if prompt.mood == "open":
        return c.pick(VAGUE_OPEN + known)
    if known:
        return c.pick(known)
    return c.pick(_by_mood(MOOD_LINES, prompt.mood) + prompt.examples.get(prompt.mood, []))


def _recall(prompt: Prompt, topics: list[str]) -> list[str]:
    """Facts already shared that answer this topic, not repeated on the previous turn."""
    kinds = [k for t in topics for k in RECALL_KINDS.get(t, ())]
    last = prompt.said[-1] if prompt.said else ""
    return [f for k in kinds for f in prompt.facts.get(k, []) if f not in last]


def _by_mood(bank: dict[str, list[str]], mood: str) -> list[str]:
    return bank.get(mood) or bank["guarded"]


def _terse(prompt: Prompt) -> bool:
    style = prompt.who.get("speaking style", "").lower()
    return any(word in style for word in ("clipped", "terse", "blunt", "few words"))


def _chatty(prompt: Prompt) -> bool:
    style = prompt.who.get("speaking style", "").lower()
    return any(word in style for word in ("chatty", "talkative", "rambl", "warm", "friendly"))


def _join(parts: Sequence[str]) -> str:
    return " ".join(part.strip() for part in parts if part and part.strip())


def _seed_of(prompt: Prompt, seed: int | None) -> int:
    basis = "\x1f".join([str(seed or 0), prompt.rep_text, *prompt.said, str(prompt.rep_turns)])
    return int.from_bytes(hashlib.sha256(basis.encode()).digest()[:8], "big")
