"""What the turn model does not label, read from the rep's words: small, named, pure detectors.

The turn model (`roleplay.analysis`) is the one truth for what a turn *does* (asks, tells, probes,
earns the right, argues, explores an objection, proposes a next step). These detectors answer the
questions it was never trained on; the prospect engine and the grader read them alike, through
`roleplay.conduct.read`:

    odd_turn(text, persona)   silence | nonsense | ai_question | rude | off_topic | language | None
    language_of(text)         the language a turn is in, when clearly not English
    content_words(text)       the words that carry meaning, endings folded ("tickets" ~ "ticket")
    refers_back(text, said)   the rep follows up on something the prospect already said
    accepts(text)             the rep says yes to what the prospect just offered

Typed and voice-to-text alike: everything works on lowercase words, never on punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterable, Sequence
from functools import lru_cache
from typing import Literal

from roleplay.analysis import scanning
from roleplay.analysis.features import FUNCTION_WORDS, TurnText
from roleplay.conduct import chatting

OddKind = Literal["silence", "nonsense", "ai_question", "off_topic", "language", "rude"]


def word_set(text: str) -> frozenset[str]:
    """A word list written as one string (easier to read and extend)."""
    return frozenset(text.split())


WORD = re.compile(r"[a-zà-öø-ÿ\u0100-\u024f']+")
"""A word: Latin letters with their accents (French, Spanish, German, Polish, Czech, Turkish...)."""
FILLERS = frozenset({"um", "uh", "umm", "uhh", "er", "erm", "hmm", "mm", "hm", "ah", "eh", "oh",
                     "silence", "pause", "inaudible", "crosstalk", "so", "well", "like", "mhm",
                     "mmhm", "uhhuh", "mmhmm"})
"""Words a speech service writes for a pause; a turn of only these (or nothing) is silence."""
HESITATIONS = frozenset({"sorry", "pardon", "oops", "whoops", "hold", "on", "sec", "second",
                         "moment", "wait", "one", "just", "a", "huh"})
"""Words that fill dead air without saying anything to the prospect: with a filler beside them
("um... uh... sorry", "uh hold on one sec") the turn is still silence; alone ("sorry?",
"one moment") it asks them to repeat or to wait, which is not."""
STOPWORDS = FUNCTION_WORDS | {"um", "uh"}
"""Words too common to show what a question is about."""

AI_QUESTION = scanning.Twin(
    r"\b(?:are|r) (?:you|u) (?:an? )?(?:ai|a i|bot|robot|chat ?bot|real person|human|"
    r"real|machine|computer|recording|language model|chat ?gpt)\b|"
    r"\b(?:am i|i'm|im) (?:talking|speaking) (?:to|with) (?:an? )?(?:ai|a i|bot|robot|machine|"
    r"computer|real person|human|recording)\b|"
    r"\b(?:is this|this is) (?:an? )?(?:ai|a i|bot|robot|recording|automated|chat ?bot)\b|"
    # "is this a real person or an AI answering?"
    r"\b(?:is this|is that|is it) (?:a |an )?(?:real|actual|live) (?:person|human)\b|"
    r"\b(?:person|human|people) or (?:like )?(?:an? )?(?:ai|a i|bot|robot|machine|recording)\b|"
    r"\byou (?:sound|talk|seem)(?: a bit| a little| kind of| kinda| sort of| just| exactly)? like "
    r"(?:an? |one of (?:those|them|these) )?(?:ai|a i|bot|robot|machine|"
    r"computer|automated)\b|"
    r"\b(?:are|r) (?:you|u) (?:an? )?(?:actual|real|live) (?:person|human|people)\b|"
    r"\b(?:ignore|forget) (?:your|all|the|previous|prior) (?:instructions|rules|prompt)|"
    r"\bsystem prompt\b|\b(?:pretend|act) (?:to be|as) (?:an?|the|my)\b|\bjailbreak\b"
)
OFF_TOPIC = scanning.Twin(
    r"\b(?:(?:the )?game (?:last night|yesterday|on sunday)|(?:catch|see|watch|watching) the "
    r"(?:[a-z]+ ){0,2}(?:game|match|fight|race|final)|football|soccer|baseball|basketball|"
    # what they watched, their pets, where they eat: "did u watch the bake off final last night",
    # "is that a dog I can hear? what breed?", "any good taco places near the office?"
    r"(?:did|do) (?:you|u) (?:watch|catch) (?:\w+ ){1,4}last night|what breed|"
    r"is that (?:a|your) (?:dog|cat|puppy|kitten|parrot|baby) i (?:can )?hear|"
    r"(?:clinic|office|shop|bakery|practice) (?:cat|dog)|(?:cat|dog)s? (?:name|names)|"
    r"(?:pizza|burger|taco|sushi|curry|ramen|brunch|coffee|bbq) (?:places?|spots?|joints?|"
    r"shops?|toppings)|"
    r"super ?bowl|world cup|favou?rite (?:movie|film|band|song|colou?r|food|team)|"
    r"(?:movie|film|netflix|tv show|series) (?:you|did you|have you)|"
    r"(?:your|the) (?:star sign|horoscope|zodiac)|tell (?:me )?a joke|knock knock|"
    r"(?:dinner|lunch) plans|your (?:weekend|holiday|vacation) plans|"
    r"video games?|what music|"
    r"(?:my|your) (?:cat|dog|goldfish|hamster) (?:is|does|likes)|"
    # the weather where they are, their weekend
    r"(?:the|your) (?:weather|whether) (?:your side|up there|down there|over there|out there|"
    r"where you are|there|been|like|(?:up|down|over|out) (?:your|that) way)|"
    r"(?:and |oh |honestly |god )this weather|weather (?:been )?treating you|"
    r"(?:is it )?still (?:snowing|raining) (?:up|down|over|out|"
    r"there|your)|(?:much|any|plenty of|lots of|all that) "
    r"(?:snow|rain|sunshine) (?:your|up|down|over|out|this|there)|how was your (?:weekend|holiday|"
    r"trip|break|christmas|summer)|"
    # their weekend and the weather they had: "got anything fun planned for the weekend?",
    # "did you guys get that big storm last week?"
    r"(?:anything|something) (?:fun|nice|exciting|good) (?:planned |on |lined up )?(?:for |this |"
    r"at )?(?:the )?weekend|any (?:plans|weekend plans) for (?:the|this) weekend|"
    r"(?:did|do) (?:you|u|ya)(?: guys| lot| all)? (?:get|catch|have) (?:that|the|all that|much of "
    r"that|any of that) (?:big |bad |crazy |massive |huge )?(?:storm|snow|snowstorm|heatwave|"
    r"heat wave|downpour|thunderstorm))\b"
)
"""Small talk that has nothing to do with the call (only when the turn does nothing else)."""
RUDE = scanning.Twin(
    # name-calling and contempt aimed at the prospect or people like them
    r"\b(?<!not )(?:you(?:'?re| are| re)|you guys are|such an?|what an?|bunch of|"
    r"people like you(?:rs)?) (?:(?:being|so|really|just|totally|completely|clearly|bloody|a|an|"
    r"such) ){0,2}"
    r"(?:idiots?|morons?|stupid|dumb|clueless|pathetic|incompetent|dinosaurs?|rude|"
    r"unprofessional|difficult|thick|useless|hopeless)\b|"
    # the same as a question: "are you deliberately being useless?"
    r"\bare (?:you|u) (?:(?:deliberately|just|really|always|actually|seriously) )?(?:being )?"
    r"(?:an? )?(?:idiot|moron|stupid|dumb|clueless|useless|hopeless|incompetent|thick|deaf)\b|"
    # contempt for people like them: "it's people like you who keep finance stuck in 1998"
    r"\b(?:it'?s|it is|the problem is|the trouble is) people like you(?: who| that)?\b|"
    # swearing
    r"\b(?:fuck\w*|shit\w*|bullshit|piss off|screw you|damn you|arsehole|asshole|bastard|"
    r"bitch\w*)\b|"
    # brushing the prospect off or talking down to them
    r"\b(?:no need to be|don'?t (?:be|get)) (?:so |that )?(?:short|rude|snippy|snappy|defensive|"
    r"touchy|negative|smart|funny)\b|"
    r"\b(?:get over (?:it|yourself)|grow up|shut up|give me a break|(?<!for )your loss|"
    r"suit yourself|take it or leave it|wasting my time|waste of my time|"
    r"just answer the (?:\w+ )?question|are you (?:deaf|stupid|thick|even listening)|"
    r"i (?:do not|don'?t) care (?:what|if|about)|living in the (?:past|stone age|dark ages)|"
    r"stuck in the (?:past|stone age|dark ages)|(?<!you )(?<!they )(?<!we )(?<!i )do your job|"
    r"are you seriously|"
    r"(?:that'?s|that is|it'?s|it is) (?:a bit of |kind of |sort of |frankly |honestly |just )?"
    r"a joke|(?:you'?re|you are) (?:just |only )?(?:an?|the) (?:assistant|receptionist|secretary|"
    r"gatekeeper|temp)(?! (?:to|for|at|who|that|here)\b))\b|"
    # talking down to them by what they are called
    r"(?<!hello )(?<!hi )(?<!hey )(?<!morning )(?<!night )(?<!thanks )(?<!my )(?<!you )"
    r"\b(?:sweetheart|sweetie|darling|princess|little lady)\b|"
    # exasperation at them
    r"^(?:oh |well |look )?(?:unbelievable|un believable|this is ridiculous|give me strength)\b|"
    r"\b(?:do (?:you|u)|you|u) want (?:it|this|that|one|the \w+|a \w+) or not\b|"
    r"^(?:oh |well |ok |okay )?whatever(?:$| (?:then|man|mate|dude|fine|do you|you want|i'?ll))"
)
"""Rudeness to the prospect: insults, swearing, contempt. A top producer never does it, and no
prospect keeps listening to it."""
REFERENCE = scanning.Twin(
    r"\b(?:you (?:mentioned|said|told me|brought up|were saying)|earlier you|going back to|"
    r"back to what you|you just said|when you say|you said earlier|that (?:eleven|four|six|"
    r"forty|twelve)|on that point)\b"
)
ACCEPTS = scanning.Twin(
    r"^(?:(?:oh|um|uh|well|okay|ok|yeah|great|perfect|brilliant)[\s,.!]+)*"
    r"(?:yes|yeah|yep|sure|absolutely|definitely|of course|sounds (?:good|great|perfect)|"
    r"that (?:works|sounds|would be)|perfect|great|let's do (?:it|that)|i can do that|"
    r"i'd (?:like|love) that|deal|done)\b"
)
BARE_OKAY = scanning.Twin(r"^(?:(?:oh|um|uh|well|yeah|great|right)[\s,.!]+)*(?:okay|ok|alright)\b")
OKAY_TO_IT = scanning.Twin(
    r"^\W*(?:(?:um|uh|er|erm|so|then|yeah|well|right) )*(?:$|(?:i'?ll|i will|we'?ll|we will|"
    r"let'?s|lets|i can|i'?m on it|send|book|that works|sounds|tomorrow|today|tonight|talk|"
    r"speak|will do|no problem|perfect|great|thanks|thank you)\b)"
)
"""A bare "okay" is a yes when nothing follows, or what follows takes the offer up ("okay, I'll
send it today"); "okay, we do a lot of things for clinics" only clears the throat."""

LANGUAGE_WORDS: dict[str, frozenset[str]] = {
    "es": word_set("el la los las de que y en un una es por con para como está estoy usted "
                    "hola buenos días señor señora necesito hablar quiero tiene su muy pero "
                    "gracias qué cómo porque sí empresa "
                    # everyday words of a call: sorry, repeat, understand, now, time, when...
                    "perdón disculpe lo siento puede repetir entiendo ahora tiempo cuándo dónde "
                    "quién cuánto mañana hoy semana llamar llamo momento favor bien vale claro "
                    "también nosotros ustedes ellos eso esto aquí creo sabe tengo hay "
                    # an opener as voice-to-text spells it, accents gone ("ola" for "hola")
                    "soy tienes minuto minutito mi nombre llamo estás tal ola oye mira pues "
                    "bueno podemos puedo quisiera llamando sobre negocio"),
    "fr": word_set("le la les de des et est un une je vous nous pour avec bonjour merci "
                    "madame monsieur votre notre pas que qui suis êtes parler entreprise "
                    "très mais oui "
                    "désolé pardon pouvez répéter comprends maintenant temps quand où combien "
                    "demain aujourd'hui semaine appeler moment bien aussi ils elles cela ici "
                    "crois savez j'ai il y a"),
    "de": word_set("der die das und ist ich sie wir nicht mit ein eine für guten tag hallo "
                    "danke ihr ihre unser sprechen firma sehr aber ja wie haben "
                    "entschuldigung bitte können wiederholen verstehe jetzt zeit wann wo wer "
                    "wieviel morgen heute woche anrufen moment gut auch sind hier glaube wissen "
                    "habe gibt es noch"),
    "pt": word_set("o a os as de que e em um uma é você não com para olá bom dia obrigado "
                    "senhor senhora empresa falar muito mas sim como está "
                    "desculpa desculpe pode repetir entendo agora tempo quando onde quem quanto "
                    "amanhã hoje semana ligar momento favor bem também nós vocês eles isso isto "
                    "aqui acho sabe tenho tem ouvi obrigada "
                    "tudo meu nome chamo posso minutinho estou ligando sobre"),
    "it": word_set("il la le di che e è un una per con sono buongiorno grazie lei non "
                    "signore signora azienda parlare molto ma sì come sta "
                    "scusi scusa può ripetere capisco adesso ora tempo quando dove chi quanto "
                    "domani oggi settimana chiamare momento favore bene anche noi voi loro "
                    "questo qui credo sa ho c'è"),
}


def _plain(word: str) -> str:
    """The word without accents ("está" -> "esta"): voice-to-text often drops them."""
    if word.isascii():
        return word
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode("ascii")


PLAIN_LANGUAGE_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(_plain(w) for w in known) for lang, known in LANGUAGE_WORDS.items()}
FOREIGN_SHARE = 0.8
"""A turn is in some other language when this share of its longer words (four letters or more,
at least four of them) is no English word the turn model knows and no name of the prospect's,
and at most one of its words is among the commonest English ones (ENGLISH_WORDS)."""
ENGLISH_WORDS: frozenset[str] = word_set(
    "the and is are you your we our i to of for with this that what how have do can "
    "hi hello my it in on about would could "
    "let let's one just get please thanks yeah sure all but if they she them there here from by "
    "up out now when who why where which know think like want need got see good great time day "
    "week it's i'm don't grab quick sorry hold wait call back talk")
"""Common English words that are no word of the languages in LANGUAGE_WORDS: with none of them,
"one moment, let me grab a pen" read as French ("moment", "a")."""


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


ENDINGS = (("iest", "y"), ("ies", "y"), ("ied", "y"), ("ings", ""), ("ing", ""), ("ed", ""),
           ("es", ""), ("s", ""))
"""What `fold` takes off a word's end (first match), and what it puts back."""


@lru_cache(maxsize=16384)
def fold(word: str) -> str:
    """A word with common English endings removed, so 'tickets', 'ticketing' and 'ticket' meet,
    and every form of a word folds the same way: 'focus', 'focused' and 'focusing' (an "s" after
    s, u or i is the word's own: 'process', 'status', 'analysis'), 'rate', 'rates' and 'rated'
    (a final "e" goes, and "es" is an ending only after s, x, z, ch or sh), 'plan' and
    'planning' (a doubled consonant left by an ending is halved), 'busy' and 'busiest'."""
    stem = word
    for ending, back in ENDINGS:
        if not word.endswith(ending) or len(word) - len(ending) < 3:
            continue
        if ending == "es" and not word[:-2].endswith(("s", "x", "z", "ch", "sh")):
            continue  # "rates": the "s" alone
        if ending == "s" and word.endswith(("ss", "us", "is")):
            break  # "process", "focus", "analysis"
        stem = word[: -len(ending)] + back
        if ending in ("ing", "ings", "ed") and len(stem) >= 4 and stem[-1] == stem[-2] \
                and stem[-1] not in "lsfz":
            stem = stem[:-1]  # "planning" -> "plan", not "staffing" -> "staf"
        break
    return stem[:-1] if stem.endswith("e") and len(stem) >= 4 else stem


@lru_cache(maxsize=4096)
def content_words(text: str) -> frozenset[str]:
    """The folded words of `text` that carry meaning (no stopwords, no fillers, 3+ letters).
    Remembered: the engine reads a persona's facts and the call's earlier questions again on
    every turn, and the words depend on the text alone."""
    return frozenset(fold(w) for w in words(text)
                     if len(w) >= 3 and w not in STOPWORDS and w not in FILLERS)


def is_silence(text: str) -> bool:
    return _silent(words(text))


BACKCHANNEL = frozenset({"yeah", "yes", "okay", "ok", "right", "alright"})
"""One of these among two or more fillers says nothing either ("um so uh yeah")."""


def _silent(found: list[str]) -> bool:
    if all(w in FILLERS for w in found):
        return True
    fillers = sum(w in FILLERS for w in found)
    rest = [w for w in found if w not in FILLERS and w not in HESITATIONS]
    return fillers > 0 and (
        not rest or (fillers >= 2 and len(rest) == 1 and rest[0] in BACKCHANNEL))


ACKNOWLEDGEMENTS = FILLERS | BACKCHANNEL | frozenset({
    "yep", "yup", "sure", "cool", "great", "fine", "good", "nice", "lovely", "perfect",
    "brilliant", "i", "see", "got", "it", "gotcha", "huh", "aha", "and", "fair", "enough",
    "sounds", "understood"})
"""Words a rep says to show they heard, and nothing else ("okay", "mm, right", "I see"): the
fillers and backchannels of silence, and a few more."""


def bare_acknowledgement(text: str) -> bool:
    """The turn only acknowledges (at most four words, each an ACKNOWLEDGEMENT, no question
    mark): it carries the call nowhere. Once is listening; said again straight after, it is dead
    air ("ok ... ok ... mm okay")."""
    found = words(text)
    return bool(found) and len(found) <= 4 and "?" not in text \
        and all(w in ACKNOWLEDGEMENTS for w in found)


def language_of(text: str) -> str | None:
    """A language other than English the turn is clearly in (ISO 639-1), else None."""
    return _language(words(text))


def _language(found: list[str]) -> str | None:
    """`language_of` over the turn's words."""
    if len(found) < 2:
        return None
    plain = [_plain(w) for w in found]
    english = sum(map(ENGLISH_WORDS.__contains__, plain))
    # distinct words, no filler ("um" is Portuguese too; "a a a" is one word), and no letter left
    # alone by a speech service that dropped an accented one ("c mo" for "cómo")
    distinct = {w for w in plain if w not in FILLERS}
    longer = sum(len(w) > 1 for w in distinct)
    best, hits = max(((lang, sum(map(known.__contains__, distinct)))
                      for lang, known in PLAIN_LANGUAGE_WORDS.items()), key=lambda pair: pair[1])
    return best if hits >= 2 and hits > 2 * english and hits >= longer / 3 else None


def is_nonsense(text: str, own_words: Iterable[str] = ()) -> bool:
    """Mostly words no sales call uses (keyboard mashing, lorem ipsum); names the persona knows
    (`own_words`: its name, company, industry...) count as words."""
    return _nonsense(words(text), own_words)


VOWEL = re.compile(r"[aeiouy]")


def _nonsense(said: list[str], own_words: Iterable[str]) -> bool:
    """`is_nonsense` over the turn's words; a turn that is at least half sounds with no vowel
    ("shh krr brr fff the the mm hmm sss", fillers and repeats not counted) is nonsense too."""
    found = [w for w in said if len(w) >= 2]
    if len(found) < 2:
        return bool(found) and _mashed(found[0])
    own = _as_set(own_words)
    vocabulary = _vocabulary()
    distinct = [w for w in dict.fromkeys(found) if w not in FILLERS]
    sounds = sum(not VOWEL.search(w) and not _known(w, own, vocabulary) for w in distinct)
    if len(distinct) >= 3 and sounds >= len(distinct) / 2:  # not "hr crm or sms": known words
        return True
    # nonsense when at least 70% are unknown: stop once too few are left to be unknown
    needed = 0.7 * len(found)
    unknown_at_most = len(found)
    for word in found:
        if _known(word, own, vocabulary):
            unknown_at_most -= 1
            if unknown_at_most < needed:
                return False
    return unknown_at_most >= needed


def _vocabulary() -> Container[str]:
    from roleplay.analysis.model import turn_model

    return turn_model().vocabulary


def _known(word: str, own: Container[str], vocabulary: Container[str] | None = None) -> bool:
    """An English word the turn model read in its corpus (its one-word feature `w1:WORD`, not a
    set of its own: copying one cost 0.025-0.045 s of the 1 s grading budget), or a name of the
    prospect's world."""
    vocabulary = _vocabulary() if vocabulary is None else vocabulary
    if "w1:" + word in vocabulary:  # the common case, first (the same verdict as below)
        return True
    bare = word.replace("'", "")  # the model's words have no apostrophes ("youre", "thats")
    return any(f"w1:{form}" in vocabulary or form in own
               for form in (word, bare, bare.rstrip("s"), bare.removesuffix("s")))


def _foreign(found: list[str], own_words: Iterable[str]) -> bool:
    """Most of the turn's longer words are no English word: a language the word lists of
    LANGUAGE_WORDS do not cover (Irish, Polish, Tagalog...)."""
    longer = [w for w in found if len(w) >= 4]
    if len(longer) < 4 or sum(map(ENGLISH_WORDS.__contains__, found)) > 1:
        return False
    own, vocabulary = _as_set(own_words), _vocabulary()
    return sum(not _known(w, own, vocabulary) for w in longer) >= FOREIGN_SHARE * len(longer)


MISHEARD_SHARE = 0.45
"""Voice-to-text of another language comes out as English look-alikes mixed with words no
English speaker says ("ag sorry ek bedoel who are many tech nicky het julle", 0.47): at least
this share of a voice turn's words (MISHEARD_WORDS or more of two letters or more, fillers not
counted) unknown to the turn model and to the prospect's world. Chosen from the corpus's
distribution (`bench/conduct_corpus.py --misheard`, the writers read so far): of its 10,163
voice-to-text rep turns of eight such words or more, none reaches 0.45, 2 reach 0.4 ("you want
the char kway teow or the satay tonight"), 7 reach 0.3 (names, dishes, trade words); of its
10,220 typed ones put into voice-to-text form, 1 reaches 0.45 ("passenger assist rhiannon
speaking are you booking assistance for a journey")."""
MISHEARD_WORDS = 8
"""A shorter turn is too often a greeting full of names ("um hello uh bluewave cruises um this
is delphine": three of six words unknown)."""


def _misheard(found: list[str], own_words: Iterable[str]) -> bool:
    """A voice turn that is mostly words English does not have (MISHEARD_SHARE)."""
    share = unknown_share(found, own_words)
    return share is not None and share >= MISHEARD_SHARE


def unknown_share(found: Sequence[str], own_words: Iterable[str] = ()) -> float | None:
    """The share of a turn's words (two letters or more, no fillers) unknown to the turn model
    and to the prospect's world; None under MISHEARD_WORDS of them. `bench/conduct_corpus.py
    --misheard` prints its spread over the corpus."""
    said = [w for w in found if len(w) >= 2 and w not in FILLERS]
    if len(said) < MISHEARD_WORDS:
        return None
    own, vocabulary = _as_set(own_words), _vocabulary()
    return sum(not _known(w, own, vocabulary) for w in said) / len(said)


def _as_set(own_words: Iterable[str]) -> Container[str]:
    """The prospect's own words as a set (looked up once per word of a turn)."""
    return own_words if isinstance(own_words, (set, frozenset)) else frozenset(own_words)


def _mashed(word: str) -> bool:
    return len(word) >= 5 and (not re.search(r"[aeiouy]", word) or re.search(r"(.)\1\1", word)
                               is not None)


def odd_turn(text: str, *, languages: Container[str] = ("en",), own_words: Iterable[str] = (),
             does_business: bool = False) -> OddKind | None:
    """What is odd about a rep turn, if anything. `languages`: those the prospect speaks (only
    asked about a turn that is not in English); `does_business`: the turn model found it asks,
    tells, earns the right or proposes something (small talk is then rapport, not off-topic)."""
    found = words(text)  # read once: every test below looks at the same words
    if _silent(found):
        return "silence"
    lowered = " ".join(found)
    if AI_QUESTION.search(lowered):
        return "ai_question"
    if RUDE.search(lowered):
        return "rude"
    language = _language(found)
    if language is not None and language not in languages:
        return "language"
    if language is None:
        unknown = _unknown_kind(found, own_words, spoken=not TurnText.of(text).typed)
        if unknown is not None:
            return unknown
    if not does_business:
        chat = OFF_TOPIC.search(lowered)
        if chat is not None and not _their_subject(chat.group(0), own_words):
            return "off_topic"
        if chatting.chit_chat(found, own_words):
            return "off_topic"
    return None


_NOT_SUBJECT = frozenset({"catch", "watch", "watching", "your", "favourite", "favorite", "tell",
                          "plans", "last", "night", "yesterday", "sunday", "have", "what"})


def _their_subject(chat: str, own_words: Iterable[str]) -> bool:
    """The small talk is about something the prospect's world holds (a youth soccer league's
    sponsor call, a sports shop, a cinema): then it is the call's subject, not small talk."""
    subject = {w for w in chat.split() if len(w) >= 4 and w not in _NOT_SUBJECT}
    return not subject.isdisjoint(own_words)


def _unknown_kind(found: list[str], own_words: Iterable[str], *,
                  spoken: bool = False) -> OddKind | None:
    """Words the model never read: another language when they look like one (accented letters,
    or most longer words unknown with hardly any common English; a language the word lists
    cannot name, so one no persona is known to speak; `spoken`, voice-to-text: `_misheard`),
    else nonsense when most words are unknown."""
    foreign = _foreign(found, own_words) or (spoken and _misheard(found, own_words))
    if foreign and not all(map(str.isascii, found)):
        return "language"
    if _nonsense(found, own_words):
        return "nonsense"
    return "language" if foreign else None


def refers_back(text: str, said: Iterable[str]) -> bool:
    """The rep picks up something the prospect said: 'you mentioned...', or its telling words."""
    lowered = " ".join(words(text))
    if REFERENCE.search(lowered):
        return True
    asked = content_words(text)
    return any(len(asked & content_words(line)) >= 1 for line in said)


VAGUE_TIME = scanning.Twin(
    r"\b(?:some ?time|whenever(?: (?:it suits|suits|you like|works|you want|you're free|youre "
    r"free))?|at some point|one of these days|some day|down the (?:road|line|track)|in the "
    r"future|(?:again|back) (?:soon|later)|another time|keep in touch|stay in touch|touch base)\b")
CONCRETE_STEP = scanning.Twin(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|today|"
    # "next week sometime", "sometime next week or so": a week waved at is no day
    r"(?<!\bsometime )(?<!\bsome time )(?:next|this) (?:week|month)(?! (?:some ?time|or so|or two|"
    r"or three|at some point))|this (?:afternoon|morning|evening)|(?:at|by) \d|o'?clock|am|pm|noon|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"week of|first week|second week|end of the (?:week|month)|(?:take|have) a look|price|"
    r"demo|meeting|visit|trial|pilot|quote|proposal|contract|invite|calendar|diary|"
    r"(?:your|my|his|her|the) dairy|minutes|"
    r"half an hour|an hour|walkthrough|walk through|come by|pop by|swing by|drop by)\b")


ASKS_WHAT_OR_HOW = scanning.Twin(
    r"^(?:(?:so|and|okay|ok|right|well|um|uh|then) )*(?:what|how|why)(?: exactly| else)? "
    r"(?:would|will|do|does|did|need|needs|has|have|should|could|is|are|was|were|kind of|sort "
    r"of)\b")
"""A question that opens with "what", "how" or "why" and a verb ("what would you want...",
"how do you..."), not a suggestion ("what about Friday?", "how about I come round?", "what if
we...")."""
STEP_WORDS = scanning.Twin(
    r"\b(?:meet|meeting|call|demo|visit|trial|pilot|chat|session|quote|proposal|walkthrough|"
    r"walk through|catch up|coffee|time|times|slot|diary|dairy|calendar|book|booked|come by|"
    r"pop by|drop by|swing by|come over|come in|get together|sit down|show you|next step|"
    r"next steps|minutes|mins|half an hour|an hour|free|available|suit|suits|work for you|"
    r"works for you|prefer|monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|"
    r"tonight|weekend|morning|afternoon|evening|noon|am|pm|oclock|\d+)\b")
"""What a next step is made of: a meeting, a call, a time, a visit, a thing to try."""


def discovery_not_step(question: str, norm: str) -> bool:
    """The turn (`norm`, `listening.plain` words) ends on a "what" or "how" question
    (`question`, its last sentence in the same form) and has nothing of a next step in it ("Six
    hundred tickets. What would you want to be different by next September?"): it asks about
    their future and proposes nothing to agree to (a month is not a meeting)."""
    return ASKS_WHAT_OR_HOW.search(question) is not None and STEP_WORDS.search(norm) is None


def vague_step(norm: str) -> bool:
    """A next step (`listening.plain` words) with no day, time or thing in it ("maybe we talk
    again sometime, whenever it suits?", "let's keep in touch", "I'll follow up with you next
    week sometime"): nothing concrete to agree to."""
    return VAGUE_TIME.search(norm) is not None and CONCRETE_STEP.search(norm) is None


SLOT = (r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|"
        r"(?:the |this |tomorrow )?(?:mornings?|afternoons?|evenings?)|next week|this week|"
        r"(?:at )?(?:one|two|three|four|five|ten|eleven|twelve|noon|\d+)"
        r"(?: ?(?:am|pm|oclock|thirty))?)")
"""A day or time a meeting could go in."""
BOOKS_STEP = scanning.Twin(
    r"\b(?:let us|lets|let me|ill|i will|i can|can i|could i|shall i|shall we|can we|could we|"
    r"should we|why dont we|why dont i|i could|we could|i want to|id like to|id love to) "
    r"(?:just |quickly |go ahead and |get )?(?:book|get|set up|setup|schedule|lock in|pencil in|"
    r"put|grab|arrange) (?:you in for |you |your |a |the |in |us )?(?:\w+ ){0,3}?(?:demo|meeting|"
    r"call|trial|visit|appointment|walkthrough|session|slot|consultation|assessment|survey|quote|"
    r"proposal)\b"
    # the sale itself: "shall we get you booked in for onboarding on Monday?", "can we get the
    # contract signed today?"
    r"|\b(?:let us|lets|shall we|should we|can we|could we|why dont we|can i|shall i|could i|"
    r"ill|i will|i can) (?:just |quickly |go ahead and )?get (?:you|your \w+|the \w+|this|that|it|"
    r"everything|things) (?:\w+ )?(?:booked|signed|set up|setup|started|onboarded|registered|"
    r"enrolled|switched over|up and running)\b"
    # time asked for outright: "can I get fifteen minutes to show you a demo?", "what would it
    # take to get 30 mins in your diary this week?" (voice-to-text: "dairy")
    r"|\b(?:can i|could i|may i|let me|id like to|what would it take to) (?:get|grab|have|borrow|"
    r"book) (?:\w+ ){0,2}?(?:minutes|mins) (?:in (?:your|the) (?:diary|dairy|calendar)|"
    r"(?:\w+ ){1,4}?(?:demo|walkthrough|meeting))\b"
    r"|\bwhat would it take to (?:get|have|book) you (?:on|in for) "
    r"(?:a |an )?(?:\w+ ){0,2}?(?:demo|meeting|call|trial|visit|walkthrough|session|pilot)\b"
    # "I was sort of wondering if maybe you'd be up for a quick demo sometime next week?"
    r"|\b(?:would you be|youd be|you would be|are you|would you) (?:\w+ )?(?:up for|open to|"
    r"interested in|free for|keen on|game for) (?:a |an |doing a |having a |booking a )?"
    r"(?:quick |short |brief |free |proper )?(?:\w+ )?(?:demo|meeting|call|trial|visit|chat|"
    r"walkthrough|session|consultation|pilot)\b"
    # someone's free time asked for: "is he free this afternoon at all?", "are you around monday"
    r"|\b(?:is (?:he|she)|are you|would (?:you|he|she) be|will (?:you|he|she) be|is (?:dr|mr|mrs|"
    r"ms|doctor) \w+) (?:free|around|available) (?:at all )?(?:this|on|tomorrow|today|later|"
    rf"next|at|any|for a|for ten|for fifteen|for half|{SLOT})\b")


TIME_CHOICE = scanning.Twin(rf"\b{SLOT} (?:\w+ ){{0,3}}or (?:\w+ )?{SLOT}\b"
                         # "one or two (quick) things": a count, not two times
                         r"(?! (?:(?:quick|short|small|more|little|other|big|simple|brief) )?"
                         r"(?:things|questions|qs|minutes|mins|points|items|bits|areas|people|"
                         r"ideas|issues|examples|options|locations|sites|days|weeks|times|more)\b)")
SUITS = scanning.Twin(r"\b(?:better|works?|suits?|good(?! (?:morning|afternoon|evening|day)\b)|"
                      r"best|easier|prefer|free|okay|ok)\b")


def books_step(norm: str) -> bool:
    """The rep (`listening.plain` words) books a next step in so many words ("let's get your
    demo booked", "shall we book a call to go through it?", "let me book the survey for
    Monday", "would you be up for a quick demo next week?"): a proposal, whatever else the turn
    does. Outside the training split the corpus
    labels all 21 such turns proposals."""
    return BOOKS_STEP.search(norm) is not None or ONE_SLOT.search(norm) is not None or (
        TIME_CHOICE.search(norm) is not None and SUITS.search(norm) is not None)


ONE_SLOT = scanning.Twin(rf"\b(?:does|would|will|could|is|can) {SLOT}(?: \w+){{0,2}}? (?:work|suit|"
                      r"(?:be )?(?:good|ok|okay|better|easier|free|any good))(?: for)? (?:you|him|"
                      r"her|them|both of you|you both|everyone|the team)\b")
"""One day or time put to them: "so does Thursday at ten work for you?"."""


def accepts(text: str) -> bool:
    """The rep says yes (typed or spoken: 'yes that works', 'um sure thursday is good', 'okay
    I'll send it over today'), not an "okay" that moves on to something else."""
    said = " ".join(words(text))
    if ACCEPTS.search(said) is not None:
        return True
    okay = BARE_OKAY.search(said)
    return okay is not None and OKAY_TO_IT.match(said[okay.end():]) is not None
