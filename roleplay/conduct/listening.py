"""How a rep turn treats what the prospect just said: builds on it, or contradicts it.

The turn model labels arguing only right after an objection (`RepAnalysis.argues`): it learned
arguing as the answer to pushback. A rep who tells the prospect they are wrong about their own
business ("that doesn't sound right", "you're wasting a lot of time doing it that way") argues
whether or not the prospect's last words were an objection, and creates one. And a string of
probing questions that never acknowledges, reflects or picks up the answers is an interrogation,
not a conversation, however many questions it asks.

    plain(text)               the words every detector here reads (read them once per turn)
    contradicts(norm, asks)   disputes, corrects or belittles what the prospect said or does
    builds_on(norm, heard)    acknowledges, reflects or picks up what the prospect just said
    says_something(norm)      the prospect said something to build on ("okay, go ahead" did not)

Typed and voice-to-text alike: lowercase words without apostrophes, never punctuation.
"""

from __future__ import annotations

from functools import lru_cache

from roleplay.analysis import scanning
from roleplay.analysis.cues import CHAT_SHORTHAND
from roleplay.conduct.detectors import FILLERS, REFERENCE, STOPWORDS, fold, word_set, words

HESITATIONS = word_set("um umm uh uhh er erm hm hmm mm")
"""Sounds speech-to-text writes mid-phrase ("get you uh started"): dropped, so phrases meet."""


@lru_cache(maxsize=4096)
def plain(text: str) -> str:
    """Lowercase words without apostrophes ("doesn't" and "doesnt" meet) or hesitations, one
    space apart; chat shorthand spelt out ("u" is "you", "@" is "at"); a word said twice in a
    row kept once. Remembered for a while: a turn is read so by its conduct, as the next turn's
    prospect words, for denials and for the call's facts (about five times a rep turn)."""
    found = (w.replace("'", "") for w in words(text.replace("\u2019", "'").replace("@", " at ")))
    kept = [CHAT_SHORTHAND.get(w, w) for w in found if w not in HESITATIONS]
    # a word said twice in a row once ("you're losing a a week"), as the turn model reads it
    return " ".join(w for i, w in enumerate(kept) if not i or w != kept[i - 1])


def _any(*patterns: str) -> scanning.Twin:
    return scanning.Twin("|".join(f"(?:{p})" for p in patterns))


_NOT_IF = r"(?<!\bif )(?<!\bunless )(?<!\bwhether )(?<!\bwhen )"
CONTRADICTS = _any(
    # disputing what they said
    _NOT_IF + r"\b(?:thats|that is|its|it is|this is) (?:just |simply |really |actually |"
    r"definitely )?(?:not (?:true|right|correct|accurate|the case|how (?:it|that|this) works)|"
    r"wrong|false|untrue|a myth|a misconception|nonsense|ridiculous|crazy|silly|outdated|"
    r"old fashioned|a mistake|the wrong way)\b",
    r"\b(?:would be|is|was) a (?:big |huge |real )?mistake\b",
    _NOT_IF + r"\b(?:that|it|this) (?:doesnt|does not|dont|do not|isnt|is not) (?:sound|seem|"
    r"look) (?:right|true|correct|accurate|smart|sensible|like a good idea)\b",
    r"\bnot true\b",
    r"\b(?:i|id|ill|we|wed) (?:completely |totally |strongly |really |have to |must )?"
    r"disagree\b",
    r"\bwith all due respect\b",
    r"\bno offen[cs]e but\b",
    r"\b(?:no|nope) (?:no |honestly |seriously |really |actually )*(?:youre|you are) "
    r"(?:wrong|mistaken|not)\b",
    r"\b(?:no|nope) (?:no |honestly |seriously |really |actually )*(?:thats|that is|its|it is) "
    r"(?:not|wrong)\b",
    r"\bactually (?:no|youre wrong|you are wrong|thats not|that isnt|its not)\b",
    # correcting or belittling how they run things
    _NOT_IF + r"\b(?:thats|that is|its|it is) (?:honestly |frankly |just |really )?(?:way |far |"
    r"much |a lot |miles )too (?:long|slow|many|much|high|expensive|manual)\b"
    r"(?! (?:about|from|of) (?:me|us|myself|ourselves)\b)",  # not "that's way too much about me"
    # "a spreadsheet is honestly the worst way to do it": their way of working, run down
    # ("a spreadsheets honestly the worst way": voice-to-text glues the "'s" on)
    _NOT_IF + r"\b(?:is|thats|its|are|theyre|\w{3,}s) (?:honestly |frankly |really |just |"
    r"probably |"
    r"literally )?(?:the worst|the slowest|the hardest|the dumbest|the riskiest|a terrible|"
    r"an awful|a bad|a dumb|a silly) (?:possible )?way (?:to|of) (?:do|doing|run|running|handle|"
    r"handling|manage|managing|go about|going about|keep|keeping)\b",
    r"\b(?:somethings|something is|something has) (?:clearly |obviously |really )?"
    r"(?:broken|wrong) (?:in|with) (?:your|the way you|how you)\b",
    r"\b(?:your|the) (?:process|system|setup|set up|way of doing it) is (?:clearly |obviously |"
    r"just |really )?(?:broken|outdated|wrong|a mess)\b",
    r"\byou(?:re| are) (?:just |really |clearly |basically )?(?:leaving money on the table|"
    r"throwing money away|behind the times)\b",
    r"\b(?:clearly|obviously) (?:werent|wasnt|didnt|were not|was not|did not) (?:set up|done|"
    r"implemented|configured|run) (?:right|properly|correctly)\b",
    r"\bwith respect (?:thats|that is|its|it is|you|no|nobody|none|not)\b",
    # running down the people they chose ("those guys are dinosaurs")
    r"\b(?:those|these|the big|the other|your current|your) (?:guys|people|lot|folks|outfits|"
    r"companies|firms|vendors?|providers?|suppliers?|agencies|cowboys) (?:are|re|is) (?:just |all |"
    r"honestly |frankly |total |complete |basically )?(?:dinosaurs|useless|terrible|awful|rubbish|"
    r"cowboys|a joke|clueless|hopeless|a nightmare|crooks|a rip ?off|ripping you off)\b",
    r"\b(?:theyre|they are) (?:just |all |honestly |frankly |a total |a complete |basically )?"
    r"(?:an? )?(?:dinosaurs?|useless|rubbish|cowboys|joke|clueless|hopeless|crooks|rip ?off|"
    r"ripping you off)\b",
    r"\b(?:everyone|everybody|people|customers|clients|\w+s) (?:are|is) "
    r"(?:leaving|dumping|ditching) them\b",
    # making light of their problem
    _NOT_IF + r"\b(?:thats|that is|its|it is|(?:that|it|this) (?:is|s)) (?:honestly |really |"
    r"actually |just |probably )?not (?:such |that |really |even |a )?(?:a big deal|big deal|that "
    r"bad|so bad|as bad as (?:you think|it sounds|all that)|as hard as (?:you think|it sounds)|"
    r"a real problem|much of a problem)\b",
    _NOT_IF + r"\b(?:is not|isnt|are not|arent) (?:honestly |really |actually |even |such |that )*"
    r"(?:a )?big deal\b",
    # whatever they dread: "honestly, retyping isn't that bad, most clinics get a temp in"
    _NOT_IF + r"\b(?:is not|isnt|are not|arent) (?:honestly |really |actually |even )?(?:that|so|"
    r"as) (?:bad|hard|difficult|painful|complicated|scary|tricky|time consuming)\b"
    r"(?! (?:for|to|on) (?:us|me|our)\b)",
    r"\b(?:youre|you are) (?:just |really |probably |honestly )?over ?thinking (?:it|this|that)\b",
    r"\b(?:honestly |really )?(?:thats|its|that is|it is) nothing (?:really|to worry about)\b",
    r"\byou(?:re| are) (?:just |simply |totally |completely |really |so |clearly )?"
    r"(?:wrong|mistaken|incorrect|confused|missing the point|kidding yourself|fooling yourself|"
    r"making a (?:big )?mistake|doing it (?:all )?wrong|going about (?:it|this|that) wrong|"
    # "honestly, you're doing it the hard way": their way of working, run down
    r"doing (?:it|this|that|things|payroll|the \w+) (?:the|in the) (?:hard|long|old|slow|"
    r"old fashioned|wrong) way)\b",
    r"\byou(?:re| are) (?:just |really |clearly |obviously )?(?:wasting|losing|throwing away|"
    r"burning) (?:a lot of |so much |all (?:that|this) |your |hours of |)(?:time|money|hours|"
    r"effort|days)\b",
    # a stretch of their time: "you're losing a week every month doing it that way", "you're
    # wasting your weekends doing it like that"
    r"\byou(?:re| are) (?:just |really |clearly |obviously )?(?:wasting|losing|throwing away|"
    r"burning) (?:a |an |half a |one |two |three |four |five |\d+ |a whole |an entire |whole |"
    r"your |all your |your whole )"
    r"(?:days?|weeks?|months?|hours?|mornings?|afternoons?|evenings?|weekends?)\b",
    r"\byou (?:really |honestly |simply |just )?(?:cant|cannot|can not) afford not to\b",
    r"\byou (?:dont|do not|clearly dont|obviously dont) (?:really )?(?:understand|get it|know what "
    r"youre)\b",
    r"\byou (?:shouldnt|should not|shouldnt still|really shouldnt) (?:be )?(?:doing|do|use|using|"
    r"run|running|handle|handling)\b",
)
"""Disputing or correcting the prospect ("that's not true", "you're wrong", "you're wasting a lot
of time doing it that way", "you can't afford not to"); a conditional ("if that's not the case")
is not a dispute."""
CONTRADICTS_WORDS = word_set("""
true right correct accurate case works wrong false untrue myth misconception nonsense ridiculous
crazy silly outdated fashioned mistake sound seem look disagree respect offense offence no nope
actually mistaken incorrect confused missing kidding fooling doing going wasting losing throwing
burning afford understand get know shouldnt should too somethings something process system
setup set leaving clearly obviously deal bad hard problem overthinking over nothing guys
people lot folks outfits companies firms vendor vendors provider providers supplier suppliers
agencies cowboys theyre they ditching dumping worst slowest hardest dumbest riskiest terrible
awful dumb
""")
"""A turn with none of these words cannot match CONTRADICTS (a cheap test before the pattern:
grading reads every turn)."""
MEASURES = _any(
    # measuring them against others: "most teams your size close in four, so something isn't
    # working", "most clinics overestimate how hard a migration is"
    r"\bmost (?:\w+ ){0,3}(?:your size|like yours|like you) (?:\w+ ){0,2}?(?:close|do it|get it "
    r"done|finish|handle it|turn it around|manage it)\b",
    r"\b(?:most|a lot of|many|plenty of) (?:\w+ ){0,3}(?:over ?estimate|under ?estimate|"
    r"over ?think)\b",  # voice-to-text splits the word: "over estimate"
    r"\bsomething (?:isnt|is not|aint) working\b",
    # telling them they need less than they said, by what most others do: "honestly you don't
    # need to move all of those, most clinics just start fresh"
    r"\byou (?:dont|do not) (?:really |even |actually |honestly )?need (?:to )?\w+(?: \w+){0,8}? "
    r"most (?:\w+ ){1,2}(?:just|simply|actually) \w+",
    # feel, felt, found: others felt as they do and found the rep's answer ("lots of clinics felt
    # exactly like you, and what they found was the tour saved them time")
    r"\b(?:felt|feel|thought)(?: \w+){0,2}? (?:the same|that way|like you|like that)\b"
    r"(?: \w+){0,14}? (?<!\byou )(?<!\bdid )(?<!\bhave )(?:found|discovered|realised|realized|"
    r"learned|learnt)\b",
)
"""Measuring the prospect against others, a contradiction too (round fifteen; since round
seventeen also the feel-felt-found rebuttal and "you don't need to..., most X just..."); apart from
CONTRADICTS so that its common words ("most") do not send every turn through the long pattern."""
MEASURES_WORDS = word_set("most overestimate underestimate overthink working felt feel thought")
YES_BUT = scanning.Twin(
    r"\b(?:(?:i )?(?:hear|understand|get|know|see|appreciate)(?: (?:you|that|it|this|where youre "
    r"coming from|what youre saying|your point|why))?(?: a lot)?|fair enough|sure|yes|yeah|okay|"
    r"ok|right|true|granted|agreed|totally|absolutely) but\b"
)
"""'Yes, but...' followed by a claim: a rebuttal (a 'yes, but' that asks is a pivot)."""
REFLECTION = scanning.Twin(
    r"^(?:(?:so|and|okay|ok|alright|right|yeah|mm|mhm|hmm|well|um|uh|now) )*"
    # an apology or an exclamation first, perhaps with their name: "sorry greg, sounds like..."
    r"(?:(?:sorry|oh|ah|ouch|gosh|wow|yikes|blimey|oof) (?:(?:so|and|okay|ok|right|yeah|well) )*"
    r"(?:(?:\w+ )??(?=(?:it )?sounds|it seems|what i|if i|so you|you)|"
    # or a short apology of its own first: "sorry, jumped the gun. sounds like..."
    r"(?:\w+ ){1,4}?(?=(?:it )?sounds like|it seems like|seems like)))?"
    r"(?:(?:it )?sounds like|it seems like|what i(?:m)? hear(?:ing)?|if i (?:understand|heard)|"
    r"(?:so )?you(?:re| are)? (?:kind of |sort of |really |just |still )?(?:feel|feeling|saying|"
    r"worried|concerned|telling me|thinking|wondering))\b"
)
"""Saying back what the prospect feels or means rolls with it, whatever words follow."""


def reflects(norm: str) -> bool:
    """The turn (`plain` words) opens by saying back what the prospect feels or means ("sorry
    Greg, sounds like I caught you in the middle of a fire")."""
    return REFLECTION.search(norm) is not None

ACKNOWLEDGES = _any(
    r"\b(?:got it|gotcha|i see|(?:that )?makes (?:a lot of |total |complete )?sense|understood|"
    r"fair enough|fair point|good point|good to know|no wonder|i hear you|i understand|"
    r"i can (?:understand|imagine|see (?:why|how|that))|i bet|that must|ouch|i appreciate|"
    r"appreciate (?:that|it|you)|that helps|thats helpful|thanks for|thank you for|"
    r"that sounds|sounds like|it seems like|interesting|thats (?:a lot|tough|hard|rough|"
    r"frustrating|a pain|huge|great|good))\b",
    r"^(?:(?:so|and|oh|ah|well|um|uh|okay|ok|right|yeah|yes|great|wow) )*(?:thanks|thank you|"
    r"wow|oh wow|ah|oh)\b",
)
"""Acknowledging or reflecting what was said. A bare "okay" or "right" is a transition, not an
acknowledgement: an interrogation says it before every question."""
ANAPHORA = scanning.Twin(
    r"\b(?:of|about|with|for|like|behind|around|fix|fixing|solve|solving|handle|handling|"
    r"change|changing|affect|affects|affecting|mean|means|cause|causes|causing|costs?|"
    r"feels?|happens?|happened|started|does|did|is|was|would|has|if|when|once|whenever) "
    r"(?:that|this|those|these|it)\b(?! (?:year|month|week|quarter|morning|afternoon|evening|"
    r"time|call|minute|moment|one|kind|sort|way)\b)"
)
"""A question about 'that' or 'this' (what they just described): "what's the hardest part of
that?", "how does that affect the rest of the week?", "why is fixing that important?"."""

CONTRACTIONS = word_set("""
thats its ive dont doesnt didnt isnt arent wasnt werent youre youve youll youd im ill id
theyre theyve weve hes shes whats lets cant wont wouldnt couldnt shouldnt theres heres hows
wheres whos
""")
"""Contractions without their apostrophe (voice-to-text): as empty as the words they join."""
SAID_SOMETHING = 2
"""A prospect turn with at least this many meaningful words said something to build on ("Okay,
go ahead" did not)."""


def contradicts(norm: str, *, asks: bool = False) -> bool:
    """The turn (`plain` words) disputes, corrects or belittles what the prospect said or how
    they do things. `asks`: the turn asks a real question (a 'yes, but' that asks pivots, it does
    not rebut)."""
    said = frozenset(norm.split())
    strong = not said.isdisjoint(CONTRADICTS_WORDS)
    measures = not said.isdisjoint(MEASURES_WORDS)
    yes_but = not asks and "but" in said
    if not (strong or measures or yes_but) or REFLECTION.search(norm):
        return False
    if (strong and CONTRADICTS.search(norm)) or (measures and MEASURES.search(norm)):
        return True
    return yes_but and YES_BUT.search(norm) is not None


def builds_on(norm: str, heard: str | None) -> bool:
    """The turn acknowledges, reflects or picks up what the prospect just said (`heard`; both
    `plain` words): a reference back ("you mentioned"), their own words, or a question about
    "that"."""
    if ACKNOWLEDGES.search(norm) or REFLECTION.search(norm) or REFERENCE.search(norm):
        return True
    if heard is None:
        return False
    if ANAPHORA.search(norm):
        return True
    return bool(meaningful(norm) & meaningful(heard))


MIRROR_WORDS = 2
"""A turn that opens with at least this many of the prospect's own words, and nothing of the
rep's, mirrors them."""
NOT_A_MIRROR = word_set("but though however although actually no nope")


def mirrors(norm: str, heard: str) -> bool:
    """The turn (`plain` words) opens by saying the prospect's own words back to them ("Twice,
    and both times it cost you. What went wrong with those two?" after "I've heard that line
    twice. Both times it cost me hours."): two or more of their words before any of the rep's
    own, with no "but" or "no" among them."""
    theirs = meaningful(heard)
    run = 0
    for word in norm.split():
        if word in NOT_A_MIRROR:
            return False
        if len(word) < 3 or word in STOPWORDS or word in FILLERS or word in CONTRACTIONS:
            continue
        if fold(word) not in theirs:
            break
        run += 1
    return run >= MIRROR_WORDS


def says_something(norm: str) -> bool:
    """The prospect's turn (`plain` words) gave the rep something to build on (not just "okay,
    go ahead")."""
    return len(meaningful(norm)) >= SAID_SOMETHING


def meaningful(norm: str) -> frozenset[str]:
    """The words of a `plain` text that carry meaning, endings folded ("tickets" ~ "ticket")."""
    return frozenset(fold(w) for w in norm.split() if len(w) >= 3 and w not in STOPWORDS
                     and w not in FILLERS and w not in CONTRACTIONS)


__all__ = ["builds_on", "contradicts", "meaningful", "mirrors", "plain", "reflects",
           "says_something"]
