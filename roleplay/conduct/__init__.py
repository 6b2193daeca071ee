"""How a rep turn treats the client, beyond what the turn model labels: read once, the same way,
by the prospect engine and by the grader.

The turn model (`roleplay.analysis`) says what a turn does: asks, tells, probes, argues with an
objection just raised... This layer adds what it was never trained on, from the rep's words and
the prospect's last words:

- `off_track`: the turn does nothing for the client. Silence, nonsense, off-topic small talk,
  "are you an AI?" or words aimed at the model or the grader (`manipulates`), a language the
  prospect does not speak (`detectors.py`). Nothing else in such a turn counts (`counted`).
- `contradicts`: it disputes, corrects or belittles what the prospect said or how they do things,
  objection or not (`listening.py`), or flatly denies a word the prospect asserted ("it's fine"
  answered with "that isn't fine": `denial.py`, the word in `denied`), or puts words in their
  mouth: a summary calling a problem what they called fine, their figure replaced by the rep's
  guess, "you won't need them all" (`twisting.py`), or says the material they just asked for
  will not do, or that the person they defer to does not matter ("honestly, a PDF won't show
  you half of it", "the board always rubber-stamps it": `deferrals.py`).
  That is arguing, and it creates objections.
- `builds_on`: it engages with what the prospect just said (acknowledges, reflects, follows up,
  answers): the turn model's listening head, or the word-overlap detector in `listening.py` for a
  model without one. A string of probing questions that never does is an interrogation.
- `pressures`: it pushes for a decision: false urgency, scarcity, a demand for an answer, the
  bandwagon (`pressure.py`).
- `presents`: it announces a tour of the product ("let me walk you through our platform first",
  `presenting.py`): a pitch, even in a turn that also says why the rep called.
- `seeks_someone`: a call's first turn says what the rep sells or why they call and asks to
  reach someone else (`introducing.py`): the call's purpose, no close (`counted`).
- `counted(rep, conduct)`: what the turn counts for, for the engine and the grader alike. An
  off-track turn counts for nothing else; a contradiction or pressure is telling, and pressure
  explores no objection; presenting is telling.
- `pushes_back(rep, conduct, after_objection)`: arguing in the engine's and the grader's sense:
  the model's `argues`, a contradiction, or a pitch in answer to an objection.

    read(rep, heard=..., claimed=..., languages=..., own_words=...) -> Conduct
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from dataclasses import dataclass, replace

from roleplay.analysis import RepAnalysis
from roleplay.conduct import (
    deferrals,
    denial,
    detectors,
    introducing,
    listening,
    presenting,
    pressure,
    rivals,
    twisting,
)
from roleplay.conduct.detectors import OddKind


@dataclass(frozen=True, slots=True)
class Conduct:
    off_track: OddKind | None = None
    contradicts: bool = False
    builds_on: bool = False
    pressures: bool = False
    denied: str | None = None
    """The prospect's own word the turn flatly denies ("that isn't fine"): why it contradicts."""
    backs_off: bool = False
    """The turn accepts the prospect's no ("I won't keep you", "no pressure"): no rebuttal."""
    vague_step: bool = False
    """A next step with nothing concrete in it ("let's talk again sometime"): proposes nothing."""
    books_step: bool = False
    """It books a next step in so many words ("let's get your demo booked"): a proposal, even
    where the turn model missed it."""
    calls_back: bool = False
    """Backing off with an offer to call again later ("I don't want to add to the pile today.
    Could I call back next week?"): a courtesy, no next step pushed."""
    presents: bool = False
    """It announces a tour of the product ("let me walk you through our platform") or claims its
    results in numbers ("we cut agency spend by a third"): telling."""
    sends_info: bool = False
    """It offers to send material ("I'll email the guide and pricing today"): what a prospect
    who asked for information wants, not a next step to agree to, and no price pitched."""
    only_offers: bool = False
    """It offers material and asks nothing but the offer's own question ("shall I?", "what's the
    best address?"): it accepts an objection rather than exploring it."""
    asks_about_material: bool = False
    """It offers material and asks what would make it worth sending ("happy to send it; what
    tends to get read by him?", "what would you do with it once you have it?"): with no pitch,
    it takes up a request for material, which explores that objection, not argues with it."""
    knocks_rival: bool = False
    """It runs down their current vendor or a competitor ("your current vendor is honestly
    outdated", "that's where the big vendors fall down"), question mark or not (`rivals`)."""
    signs_off: bool = False
    """It closes the call from the rep's side (thanks for the time, a goodbye)."""
    quotes_price: bool = False
    """It states the offer's price in words ("it's two dollars per patient a month"): price
    talk, as a price in digits is to the turn analysis (`presenting.quotes_price`)."""
    concedes: bool = False
    """It offers a price cut ("I can do thirty percent then, would that help?"): price talk, and
    an answer to a hesitation with the deal, which neither reflects nor explores it
    (`presenting.concedes`)."""
    mirrors: bool = False
    """It opens with the prospect's own words said back ("Twice, and both times it cost you.
    What went wrong with those two?"): with a question and no pitch, it explores, not argues."""
    reflects: bool = False
    """It opens by saying back what the prospect feels or means ("sounds like I caught you in
    the middle of a fire"): with an objection on the table, that explores it (the engine)."""
    bridges: bool = False
    """It says only that the prospect's need is what the rep works on and goes straight into a
    question ("That's right in our patch. Who looks at scheduling before it reaches him?"): a
    brief relevance, like a purpose, not a pitch."""
    asks_for_someone: bool = False
    """It asks for someone by name or role and gives no reason ("Hi, it's Leo from ShiftWell,
    calling for Dr. Whitcombe."): who is calling, no purpose and no referral (`counted`)."""
    asks_better_time: bool = False
    """It asks when would suit them better right after they said they are busy now ("sounds mad
    in there. When's a calmer time to catch you?"): the prospect engine hears the objection taken
    up, not moved past (`pressure.asks_better_time`). The corpus's writers label such turns a
    proposal, exploring, or neither, so what the turn counts for is left to the turn model."""
    seeks_someone: bool = False
    """As a call's first words, it says what the rep sells or why they call and asks to reach
    someone else ("I sell scheduling software and I'd like fifteen minutes with Dr. Whitcombe"):
    the call's purpose, not a close (`introducing.py`)."""


def read(
    rep: RepAnalysis,
    *,
    heard: str | None = None,
    claimed: Iterable[str] = (),
    languages: Container[str] = ("en",),
    own_words: Iterable[str] = (),
    opens_call: bool = False,
    troubled: bool = False,
    acknowledgement_fits: bool = False,
    deferred_to: Container[str] | None = None,
) -> Conduct:
    """How one analysed rep turn treats the client. `heard`: the prospect's last words (None at
    the start of a call, or when the caller does not know them: nothing to build on);
    `claimed`: the words the prospect asserted so far (`denial.claims` of what they said);
    `languages`: those the prospect speaks; `own_words`: names and words of the prospect's world
    (never nonsense); `opens_call`: the turn is the first of a call the rep made; `troubled`:
    the prospect has named a trouble of their own (`twisting.troubled`), so a summary that names
    one may reflect it; `acknowledgement_fits`: a bare "okay" is in place here (it answers what
    the prospect just asked of the rep, a question or a step they offered, or the rep goes on in
    the next turn). Otherwise a turn that only acknowledges (`detectors.bare_acknowledgement`)
    carries the call nowhere: dead air (`silence`). `deferred_to`: what the prospect has deferred
    to so far in the call (`deferrals.defers`: material, someone else; None: what `heard`
    defers to)."""
    norm = listening.plain(rep.text)
    business = rep.tells or rep.earns_right or rep.proposes_next_step
    off = "ai_question" if rep.manipulates else detectors.odd_turn(
        rep.text, languages=languages, own_words=own_words, does_business=business)
    if off is None and not acknowledgement_fits and detectors.bare_acknowledgement(rep.text):
        off = "silence"
    if off is not None:
        return Conduct(off_track=off)
    claimed = frozenset(claimed)
    said = None if heard is None else listening.plain(heard)
    contradicts = listening.contradicts(norm, asks=rep.asks) or twisting.twists(
        norm, claimed, troubled=troubled) or deferrals.brushes_aside(
        norm, deferrals.defers(said or "") if deferred_to is None else deferred_to)
    denied = denial.denied(rep, norm, claimed, contradicts=contradicts)
    contradicts = contradicts or denied is not None
    builds = not contradicts and said is not None and _listens(rep, norm, said)
    backs_off = pressure.backs_off(norm)
    sends_info = pressure.sends_info(norm)
    concedes = presenting.concedes(rep.text)
    pressures = pressure.pressures(norm) or (concedes and pressure.by_deadline(norm))
    return Conduct(contradicts=contradicts, builds_on=builds, pressures=pressures,
                   denied=denied, backs_off=backs_off,
                   reflects=not contradicts and not concedes and listening.reflects(norm),
                   mirrors=not concedes and said is not None and listening.mirrors(norm, said),
                   calls_back=backs_off and pressure.calls_back(norm),
                   sends_info=sends_info, signs_off=pressure.signs_off(norm),
                   only_offers=sends_info and not pressure.asks_beyond_sending(norm),
                   asks_about_material=pressure.asks_about_material(norm, sends_info),
                   knocks_rival=rivals.knocks(norm, said),
                   seeks_someone=opens_call and introducing.seeks_someone(norm),
                   asks_for_someone=rep.earns_right and introducing.asks_for_someone_only(norm),
                   quotes_price=presenting.quotes_price(norm), concedes=concedes,
                   vague_step=rep.proposes_next_step and detectors.vague_step(norm),
                   books_step=detectors.books_step(norm),
                   presents=not rep.proposes_next_step and (
                       presenting.presents(norm) or presenting.claims_results(rep.text)),
                   bridges=presenting.bridges(norm),
                   asks_better_time=pressure.asks_better_time(norm, said))


def _listens(rep: RepAnalysis, norm: str, said: str) -> bool:
    """The turn builds on the prospect's last words (`said`, `plain`): the turn model's
    listening head where it has one (learned from labelled turns), else the word-overlap
    detector (`listening.builds_on`), which on writers the head never read calls far more good
    follow-ups "ignoring" (docs/grading.md, "Conduct")."""
    if rep.ignores_answer is not None:
        return not rep.ignores_answer
    return listening.builds_on(norm, said)


def _asks_about_their_future(rep: RepAnalysis) -> bool:
    """A turn that ends on a "what" or "how" question with nothing of a next step in it ("what
    would you want to be different by September?"): discovery, not a proposal. Voice-to-text
    with no full stop is read as one sentence, so a statement before the question keeps it out."""
    if not rep.proposes_next_step:
        return False
    sentences = [part for part in re.split(r"[.!?;]+", rep.text) if part.strip()]
    last = listening.plain(sentences[-1]) if sentences else ""
    return detectors.discovery_not_step(last, listening.plain(rep.text))


def _says_goodbye(rep: RepAnalysis, conduct: Conduct) -> bool:
    """A sign-off that asks nothing and books nothing ("thanks, I'll send it today and maybe
    follow up next week, have a good one!"): a promise on the way out, not a step for the
    prospect to agree to."""
    return conduct.signs_off and not rep.asks and not conduct.books_step


def counted(rep: RepAnalysis, conduct: Conduct) -> RepAnalysis:
    """What a turn counts for. An off-track turn counts for nothing else (no question, no probe,
    no purpose, no proposal, no answer to an objection), as the engine reacts to it; what it
    costs stays. A contradiction (a claim about the prospect), pressure (a claim about the
    deal) and running down a rival (a claim about their vendor) tell, as a lecture does,
    whatever the question mark says; none explores an objection ("everyone is switching,
    Tuesday or Wednesday?" pushes through it). Announcing a tour
    of the product tells. A call's first words that say what the rep sells and ask for someone
    else state its purpose and propose nothing (`seeks_someone`); asking for someone with no
    reason ("it's Leo from ShiftWell, calling for Dr. Whitcombe") earns no right, whatever the
    turn model hears in it (`asks_for_someone`). A next step
    with nothing concrete in it ("let's talk again sometime") proposes nothing, nor does backing
    off with an offer to call again later, a goodbye that asks and books nothing, a "what" or
    "how" question about their future with no meeting, call or time in it ("what would you want
    to be different by September?"), or an offer to send material (nor does sending the
    pricing pitch a price); booking one in so many words proposes it, and moves past an
    objection rather than exploring it, as a contradiction does. Saying their own words back
    before a question, with no pitch, explores what they said and argues nothing (the turn
    model hears "both times it cost you" as a rebuttal), unless all the turn does is offer to
    send what they asked for ("sure, I'll email it over, what's the best address?"): their
    words said back to take the brush-off do not ask about it. Backing off or offering
    material with no question ("I'll leave you to it, thanks Greg") accepts an objection: it
    does not explore it. A one-clause relevance straight into a question ("that's right in our
    patch. Who looks at scheduling?") asks and tells nothing (`bridges`). A price cut offered
    ("I can do thirty percent then, would that help?") talks price and explores nothing."""
    if conduct.off_track is None:
        if conduct.vague_step or conduct.calls_back or _says_goodbye(rep, conduct) \
                or _asks_about_their_future(rep):
            rep = replace(rep, proposes_next_step=False)
        elif conduct.books_step:
            rep = replace(rep, proposes_next_step=True, explores_objection=False)
        if conduct.seeks_someone:
            rep = replace(rep, earns_right=True, earned_how=rep.earned_how or "purpose",
                          proposes_next_step=False)
        elif conduct.asks_for_someone and not rep.asks_permission and "referral" not in rep.cues:
            rep = replace(rep, earns_right=False, earned_how=None)
        if conduct.quotes_price:
            rep = replace(rep, mentions_price=True)
        if conduct.sends_info:
            rep = replace(rep, proposes_next_step=False, mentions_price=False,
                          tells=rep.tells and _probability(rep, "tells") >= SENDS_INFO_TELLS)
        if (conduct.backs_off or conduct.sends_info) and not rep.asks:
            rep = replace(rep, explores_objection=False)  # accepts the objection, asks nothing
        elif conduct.only_offers:
            rep = replace(rep, explores_objection=False)  # "shall I email you a brochure?"
        if conduct.bridges and rep.asks:
            rep = replace(rep, tells=False)  # a relevance into a question, as a purpose is
        if conduct.pressures or conduct.contradicts or conduct.knocks_rival:
            rep = replace(rep, tells=True, explores_objection=False)
        elif conduct.mirrors and rep.asks and not rep.tells and not conduct.only_offers:
            rep = replace(rep, argues=False, explores_objection=True)
        elif conduct.presents:
            rep = replace(rep, tells=True)
        elif conduct.asks_about_material and rep.asks and not rep.tells:
            rep = replace(rep, argues=False, explores_objection=True)
        if conduct.concedes:
            rep = replace(rep, mentions_price=True, explores_objection=False)
        return _one_answer(rep)
    return replace(rep, asks=False, probes=False, earns_right=False, earned_how=None,
                   asks_permission=False, premature=False, argues=False,
                   explores_objection=False, proposes_next_step=False, topics=frozenset(),
                   questions=0)


SENDS_INFO_TELLS = 0.7
"""An offer to send material tells only when the model is this sure of it: "so I'll email you
the guide and pricing" names the product's papers, which reads a little like a pitch."""


def _probability(rep: RepAnalysis, label: str) -> float:
    return dict(rep.probabilities).get(label, 1.0)


def pushes_back(rep: RepAnalysis, conduct: Conduct, *, after_objection: bool) -> bool:
    """Arguing: the model's `argues`, a contradiction, or, right after an objection, a pitch
    that does not explore it (a rebuttal; a turn labelled both is the one the model is surer of:
    "don't you think it's about time you had something built for schools?" pitches). A turn
    that backs off ("no pressure, I'll email it", "I'd never suggest switching mid-year") argues
    nothing, whatever it tells them."""
    if conduct.off_track is not None:
        return False
    if conduct.backs_off:
        return conduct.contradicts
    rebuts = after_objection and rep.tells and (
        not rep.explores_objection
        or _probability(rep, "tells") > _probability(rep, "explores_objection"))
    return rep.argues or conduct.contradicts or rebuts


def _one_answer(rep: RepAnalysis) -> RepAnalysis:
    """A turn labelled both exploring the objection and proposing a next step is read as the
    one the model is surer of: "Of course I can send it. So I send the right thing, what will
    you use it for?" asks about the objection; "Fair enough. Tuesday or Wednesday?" closes."""
    if not (rep.explores_objection and rep.proposes_next_step):
        return rep
    found = dict(rep.probabilities)
    if found.get("explores_objection", 0.0) > found.get("proposes_next_step", 0.0):
        return replace(rep, proposes_next_step=False)
    return replace(rep, explores_objection=False)


__all__ = ["Conduct", "OddKind", "counted", "pushes_back", "read"]
