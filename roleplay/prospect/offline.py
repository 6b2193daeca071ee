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
    "warming": ["Okay, that's a fair point.", "Go on, I'm listening.", "Alright, keep going."],
    "open": ["Honestly? Sure.", "Now we're getting somewhere.", "Okay, I'm with you."],
    "annoyed": ["Look, I'm busy.", "Get to the point.", "You're not really listening, are you?",
                "I don't have time for this."],
    "ending": ["Right."],
}
ASKED_LINES: dict[str, list[str]] = {
    "guarded": ["Why do you ask?", "Depends what you mean.", "Hm. In what way?"],
    "neutral": ["Depends what you mean.", "Hm, how do you mean?", "In what sense?"],
    "warming": ["That's a reasonable question. How do you mean, exactly?",
                "Hm, depends what you're asking, really.", "In what way, exactly?"],
    "open": ["Yeah, that's the right question. What do you want to know?",
             "How do you mean, exactly?"],
    "annoyed": ["Look, I'm busy.", "Get to the point."],
}
"""After a question the engine gave nothing to answer with (a light or a vague one): a reply
that takes it as a question, commits to nothing and gives nothing away."""
QUESTION_WORDS = re.compile(r"\b(?:question|ask|asked|asking)\b", re.IGNORECASE)
STATEMENT_WORDS = re.compile(r"\b(?:true|point|agree|fair enough|right)\b", re.IGNORECASE)
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
INFO_LINES: dict[str, list[str]] = {
    "guarded": ["Fine, send it. I'll look when I can.", "Send it over. No promises."],
    "neutral": ["Sure, send it over.", "Okay, email it across and I'll have a look."],
    "warming": ["Yeah, send it through, that'd be great.", "Sure, pop it in an email."],
    "open": ["Great, send it over and I'll go through it.", "Perfect, email it to me."],
    "annoyed": ["Fine. Send it.", "Email it. Whatever."],
}
"""Replies to an offer to send material ("I'll email the guide today")."""
GOODBYE_LINES: dict[str, list[str]] = {
    "guarded": ["Okay. Bye.", "Right. Goodbye."],
    "neutral": ["No problem. Bye now.", "Okay, thanks. Bye."],
    "warming": ["Thanks for calling. Bye now.", "No worries at all. Take care."],
    "open": ["Thanks, you too. Speak soon.", "Lovely, thanks. Bye for now."],
    "annoyed": ["Fine. Bye.", "Goodbye."],
}
"""Replies to the rep's own goodbye."""
PURPOSE_LINES: dict[str, list[str]] = {
    "guarded": ["Okay. I'm listening.", "Alright. Why me?", "Hm. Go on."],
    "neutral": ["Okay, that makes sense. Go on.", "Alright. What did you want to know?"],
    "warming": ["Okay, that's fair. Go on.", "Right, that's useful context."],
    "open": ["That's good timing, actually.", "Okay, glad you called then."],
    "annoyed": ["Fine. Get to it."],
}
NOTHING_BY_TOPIC: dict[str, list[str]] = {
    "situation": ["Not much more to say about how we do things.", "That's really all there is."],
    "pain": ["Nothing else I'd call a problem, no.", "That's the main thing, really."],
    "budget": ["Nothing more to say on money.", "That's where money stands."],
    "price": ["Nothing more to say on money.", "I've no number for you beyond that."],
    "process": ["That's how it works here, nothing more to it.", "No more to it than that."],
    "timeline": ["No other dates I know of.", "Nothing else on the calendar for it."],
    "motive": ["That's about the size of it.", "No other reason, really."],
    "competitor": ["Nothing more to say about who we use.", "That's all on that front."],
}
"""Nothing (left) to tell on the topic: true whatever the persona hides, since it hides nothing
more there."""
NOT_YET_TRUST = ["I don't know you well enough to get into that.",
                 "Let's see where this goes before I answer that.",
                 "That's not something I'd get into just yet."]
VAGUE_ASK_BACK: dict[str, list[str]] = {
    "situation": ["Which part of it do you mean?"],
    "pain": ["What kind of problem do you mean, exactly?"],
    "budget": ["Budget for what, exactly?"],
    "price": ["Cost of what, exactly?"],
    "process": ["Which process? Be specific."],
    "timeline": ["Timing for what, exactly?"],
    "motive": ["Why what, exactly?"],
    "competitor": ["Which part of what we use?"],
}
VAGUE_ASK_ANY = ["What exactly do you want to know?", "Be more specific.",
                 "That's a broad question. What do you mean?"]
IGNORED_ANY = ["You skipped right past what I said.", "You didn't answer what I just said.",
               "Hang on, you haven't dealt with what I said."]
IGNORED_LINES: dict[str, list[str]] = {
    "no_time": ["I told you I'm short on time.", "I'm still short on time, you know."],
    "no_budget": ["You heard me on the money, right?"],
    "has_vendor": ["We still have a vendor. You went right past that."],
    "send_info": ["I still think you should just send something over."],
    "distrust": ["That doesn't change what I said about vendors."],
    "not_interested": ["I did say I'm not looking for anything."],
    "no_need": ["I said we don't need it."],
}
DECLINE_LINES: dict[str, list[str]] = {
    "never": ["Oh, I don't think we're at the point of meetings or anything.",
              "I'm not really the one to set anything up, honestly."],
    "trust": ["Bit early for that. I barely know what you do.",
              "Not yet. I don't know enough about you to put time in the diary."],
    "needs": ["Slow down. You don't know how things work here yet.",
              "Not yet. You haven't really asked about us."],
    "objection": ["Not while that's hanging there, no."],
    "pressure": ["I don't make decisions on a deadline somebody else sets.",
                 "No. I won't be rushed into this."],
}
ODD_BY_KIND: dict[str, list[str]] = {
    "silence": ["Hello? Are you still there?", "Hello? I can't hear you.",
                "Did I lose you?"],
    "nonsense": ["Sorry, what? That didn't make any sense.", "I'm sorry, I didn't catch that.",
                 "What was that? You're breaking up, or something."],
    "off_topic": ["Sorry, what's that got to do with anything?",
                  "I'm at work. What is it you're calling about?",
                  "Can we stick to why you called?"],
    "rude": ["Excuse me? Don't talk to me like that.", "There's no need for that tone.",
             "Wow. Okay. I don't appreciate that.", "I'm not going to be spoken to like that."],
    "ai_question": ["What? Of course I'm a person. Are you?", "That's a strange thing to ask.",
                    "Is this some kind of joke?", "What kind of question is that?"],
}
OWN_LINES = {"ai_question": "odd", "rude": "annoyed"}
"""Which of the persona's own line groups answers an odd turn first (else `confused`)."""
LANGUAGE_LINES = ["Sorry, I only speak English. Can we do this in English?",
                  "I'm sorry, I don't speak that. English, please?",
                  "Sorry, could you say that in English?"]
PRESS_LEADS = ["Maybe. But still.", "Mm. Even so.", "That's one way to put it. But look.",
               "Okay, but."]
AGAIN_LEADS = ["Again,", "Like I keep saying,", "Same answer:", "I'll repeat myself:"]
HARSH = frozenset({
    "Get to the point.", "You're not really listening, are you?", "I don't have time for this.",
    "You're pitching me.", "I didn't ask for a sales pitch.",
    "Stop. You don't even know what we do.", "Look, I'm busy.", "No.",
    "That's exactly what the last one said.", "Okay, but that's a pitch.",
    "Right. Is that a sales pitch?", "Make it fast.", "Fine. Get to it.",
    "Sorry, what? That didn't make any sense.",
})
"""Curt generic lines a warm, polite or cheerful persona would not say."""
GENTLE_WORDS = ("warm", "polite", "courteous", "cheerful", "friendly", "easygoing", "chatty")
ARGUED_LINES = ["No, hang on.", "Look, I've told you.", "You're not hearing me.", "No.",
                "That's exactly what the last one said."]
HARDEN_LEADS = ["Look.", "No, listen.", "Hold on."]
HARDEN_AGAIN = ["I said it already.", "I'll say it again."]
"""Leads for an objection dug into that was already voiced (never for one that was not)."""
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
RECALL_LEADS = ["Like I said.", "As I said.", "I told you.", "Same as I said before."]
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
    """Picks lines for one reply: seeded by the conversation, the persona's own lines first,
    never a line already said when another fits, no generic line against the personality."""

    def __init__(self, prompt: Prompt, seed: int | None, salt: int = 0) -> None:
        self.prompt = prompt
        self.rng = random.Random(_seed_of(prompt, seed) + salt)
        self.gentle = _gentle(prompt)

    def pick(self, options: Sequence[str]) -> str:
        company = self.prompt.who.get("company", "us")
        usable = [o.replace("{company}", company) for o in options if o]
        if self.gentle:
            usable = [o for o in usable if o not in HARSH] or usable
        if not usable:
            return ""
        fresh = [o for o in usable if not self.said(o)]
        return self.rng.choice(fresh or usable)

    def own_first(self, own: Sequence[str], generic: Sequence[str]) -> str:
        """One of the persona's own lines not said yet, else a generic one."""
        fresh = [o for o in own if o and not self.said(o)]
        return self.rng.choice(fresh) if fresh else self.pick([*generic, *own])

    def said(self, line: str) -> bool:
        return any(line in earlier for earlier in self.prompt.said)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p


def voice(messages: list[dict[str, str]], seed: int | None) -> str:
    """The prospect's next line, from the prompt alone. Deterministic per seed and conversation,
    never word for word a reply already given in this call."""
    prompt = read_prompt(messages)
    said = {_plain(line) for line in prompt.said}
    reply = ""
    for salt in range(8):
        composer = Composer(prompt, seed, salt)
        reply = _join(_compose(prompt, composer)) or composer.pick(MOOD_LINES["neutral"])
        if _plain(reply) not in said:
            return reply
    return _join([Composer(prompt, seed).pick(AGAIN_LEADS), reply])


def _plain(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))


def _compose(prompt: Prompt, c: Composer) -> list[str]:
    end = prompt.one("end")
    if end and end.lower() != "no":
        pushback = [prompt.one("harden"), prompt.one("raise")]
        return [*pushback, *_sharing(prompt, c, lead=False), end]
    odd = prompt.one("odd")
    if odd:
        return [_odd_line(prompt, c, odd)]
    parts: list[str] = []
    if prompt.one("harden"):
        parts += _harden(prompt, c)
    if prompt.one("ignored"):
        parts.append(c.pick(IGNORED_LINES.get(prompt.one("ignored"), []) + IGNORED_ANY))
    if prompt.one("press"):
        parts += [c.pick(PRESS_LEADS), prompt.one("press")]
    if prompt.one("soften"):
        soften = prompt.one("soften")
        lead = "" if _starts_spoken(soften) else c.pick(SOFTEN_LEADS)
        parts += [lead, soften]
    if prompt.one("raise"):
        if not parts:
            parts.append(_reaction_to_move(prompt, c, short=True))
        parts.append(prompt.one("raise"))
    parts += _answer(prompt, c, lead=not parts)
    if not (prompt.one("raise") or prompt.one("harden")):
        parts += _next_step(prompt, c)
    if not any(p.strip() for p in parts):
        parts.append(_reaction_to_move(prompt, c, short=False))
    return parts


def _harden(prompt: Prompt, c: Composer) -> list[str]:
    """Dig in: 'I said it already' only when it was said."""
    line = prompt.one("harden")
    leads = HARDEN_LEADS + (HARDEN_AGAIN if c.said(line) else [])
    return [c.pick(leads), line]


def _answer(prompt: Prompt, c: Composer, *, lead: bool) -> list[str]:
    """The fact shared, the earlier answer again, or a non-answer that fits the question."""
    if prompt.direction.get("share"):
        return [*_sharing(prompt, c, lead=lead), *(_tail(prompt, c) if lead else [])]
    if prompt.one("recall"):
        return [c.pick(RECALL_LEADS), prompt.one("recall")]
    withheld = prompt.one("withheld")
    if withheld == "objection" and (prompt.one("press") or prompt.one("ignored")):
        return []  # the objection was just voiced: pressed after a question about it, or ignored
    if withheld:
        return [_non_answer(prompt, c, withheld)]
    return []


def _non_answer(prompt: Prompt, c: Composer, why: str) -> str:
    topics = [t for t in prompt.listed("topic") if t in NOTHING_BY_TOPIC]
    topic = topics[0] if topics else "situation"
    if why == "trust":
        return c.own_first(prompt.examples.get("deflect", []), NOT_YET_TRUST)
    if why == "vague":
        return c.pick(VAGUE_ASK_BACK.get(topic, []) + VAGUE_ASK_ANY)
    if why == "objection":
        return c.pick(IGNORED_ANY)
    return c.pick(NOTHING_BY_TOPIC[topic])


def _next_step(prompt: Prompt, c: Composer) -> list[str]:
    reason = prompt.one("decline")
    if reason:
        return [c.own_first(prompt.examples.get("not_yet", []), DECLINE_LINES.get(reason, []))]
    if prompt.one("offer"):
        return [prompt.one("offer")]
    return []


def _odd_line(prompt: Prompt, c: Composer, kind: str) -> str:
    if kind == "language":
        return c.pick(LANGUAGE_LINES)
    own = prompt.examples.get(OWN_LINES.get(kind, "confused"), [])
    return c.own_first(own, ODD_BY_KIND.get(kind, ODD_LINES))


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
    """A reply to what the rep just did, when the engine gave nothing else to say."""
    cues = set(prompt.listed("rep"))
    mood = prompt.mood
    own = prompt.examples.get(mood, [])
    if "argued" in cues:
        return c.pick(ARGUED_LINES)
    if "signed_off" in cues:
        return c.pick(_by_mood(GOODBYE_LINES, mood))
    if "offered_info" in cues:
        return c.pick(_by_mood(INFO_LINES, mood))
    if "probed_early" in cues:
        return c.own_first(prompt.examples.get("deflect", []), DEFLECT_LINES)
    if "pitched" in cues:
        return c.own_first(own if mood == "annoyed" else [], _by_mood(PITCH_LINES, mood))
    if short:
        return c.pick(_by_mood(MOOD_LINES, mood)) if c.chance(0.5) else ""
    if "asked_permission" in cues:
        return c.pick(_by_mood(PERMISSION_LINES, mood))
    if "stated_purpose" in cues:
        return c.pick(_by_mood(PURPOSE_LINES, mood))
    if prompt.rep_turns <= 1:
        return c.pick(_by_mood(EARLY_LINES, mood))
    asked = "asked" in cues
    fitting = [line for line in own if _fits_move(line, asked=asked)]
    return c.own_first(fitting, _by_mood(ASKED_LINES if asked else MOOD_LINES, mood))


def _fits_move(line: str, *, asked: bool) -> bool:
    """A persona's own line fits the rep's move: "you're the first one who's asked me that"
    answers a question, "ha, that's true" a statement."""
    if QUESTION_WORDS.search(line):
        return asked
    return not (asked and STATEMENT_WORDS.search(line))


def _by_mood(bank: dict[str, list[str]], mood: str) -> list[str]:
    return bank.get(mood) or bank["guarded"]


def _terse(prompt: Prompt) -> bool:
    style = prompt.who.get("speaking style", "").lower()
    return any(word in style for word in ("clipped", "terse", "blunt", "few words"))


def _chatty(prompt: Prompt) -> bool:
    style = prompt.who.get("speaking style", "").lower()
    return any(word in style for word in ("chatty", "talkative", "rambl", "warm", "friendly",
                                          "easygoing"))


def _gentle(prompt: Prompt) -> bool:
    """A warm, polite or cheerful persona: no curt generic lines put in their mouth."""
    who = f"{prompt.who.get('personality', '')} {prompt.who.get('speaking style', '')}".lower()
    return any(word in who for word in GENTLE_WORDS)


def _join(parts: Sequence[str]) -> str:
    return " ".join(part.strip() for part in parts if part and part.strip())


def _seed_of(prompt: Prompt, seed: int | None) -> int:
    basis = "\x1f".join([str(seed or 0), prompt.rep_text, *prompt.said, str(prompt.rep_turns)])
    return int.from_bytes(hashlib.sha256(basis.encode()).digest()[:8], "big")
