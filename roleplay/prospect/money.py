"""Which words of a rep's question talk money: the persona's budget facts against its needs.

A question talks about their budget in the budget fact's own keywords, not in words a need shares
("how does pay get done each week?" uses "pay", a keyword of the baker's payroll too) nor in
words the prospect said first ("hidden fees, no wonder you're wary"). The engine (`engine.py`)
asks these when it decides whether a question is price talk and what a probe is about.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from roleplay.analysis import RepAnalysis
from roleplay.prospect import answers
from roleplay.prospect.persona import Persona

MONEY_TOPICS: frozenset[str] = frozenset({"budget", "price"})
"""A probing question on these topics talks money."""


def budget_words(persona: Persona, said: Sequence[str], question: str
                 ) -> set[tuple[str, ...]]:
    """The keywords of the persona's budget facts the question uses that no other fact has and
    the prospect has not said (`said`: their lines so far): "how does pay get done each
    week?" uses "pay", which their payroll fact shares; "hidden fees, no wonder you're wary"
    echoes their own words."""
    used: set[tuple[str, ...]] = set()
    shared: set[tuple[str, ...]] = set()
    for fact in persona.facts:
        if fact.kind == "budget":
            used.update(answers.keywords_used(fact, question))
            shared.update(k for line in said for k in answers.keywords_used(fact, line))
        else:
            shared.update(answers.keywords_used(fact, question))
    return used - shared


def need_not_money(rep: RepAnalysis, persona: Persona, said: Sequence[str]) -> RepAnalysis:
    """A probe the model filed under money whose words name one of their needs and none of
    their budget's own ("how do you handle paying staff right now?" of the payroll fact) asks
    about that need: its money topics go (the process is what it asks about, when nothing else
    is left)."""
    if not rep.topics & MONEY_TOPICS:
        return rep
    needs = any(answers.keywords_used(f, rep.text) for f in persona.facts if f.kind != "budget")
    if not needs or budget_words(persona, said, rep.text):
        return rep
    return replace(rep, topics=(rep.topics - MONEY_TOPICS) or frozenset({"process"}))
