"""How often each conduct detector calls a corpus rep turn odd: a check that the detectors (rude,
another language, nonsense, small talk...) stay quiet on ordinary calls; and how many rep turns
the grader reads as contradicting the prospect, and how many of those only because they flatly
deny a word the prospect asserted earlier in the call (`roleplay.conduct.denial`).

Usage: .venv/bin/python bench/conduct_corpus.py [-v]     (-v: print every turn found odd, and
                                                          every denial with its labels)
       .venv/bin/python bench/conduct_corpus.py --misheard  (only the spread of unknown words)

Reads every rep turn of `data/turns/calls` with `roleplay.conduct.detectors.odd_turn` (the turn
alone, English as the only language, no persona words), and prints the count per kind. Then
grades each call's turns as written (`analyse_transcript`, `call_facts`: the grader's reading)
and counts the turns it reads as off track (with the call around them: small talk about the
prospect's own subject is no small talk) and the contradictions, with the corpus labels of the
turns found denying.

`--misheard`: how many voice-to-text rep turns reach each share of words unknown to the turn
model (`detectors.unknown_share`, what `detectors.MISHEARD_SHARE` reads another language
misheard as English by), in the calls written as voice and in the typed calls put into
voice-to-text form, the writers nobody has read left out; the highest are printed.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from roleplay.analysis import analyse_transcript  # noqa: E402
from roleplay.analysis.corpus import Call, load_calls, unread  # noqa: E402
from roleplay.conduct.detectors import odd_turn, unknown_share, words  # noqa: E402
from roleplay.grading.metrics import call_facts  # noqa: E402
from roleplay.transcript import Turn  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--misheard", action="store_true")
    args = parser.parse_args()
    calls = load_calls(ROOT / "data" / "turns" / "calls")
    if args.misheard:
        misheard([c for c in calls if not unread(c.id)])
        return
    kinds: Counter[str] = Counter()
    total = 0
    for call in calls:
        for turn in call.turns:
            if turn.speaker != "rep":
                continue
            total += 1
            kind = odd_turn(turn.text)
            if kind is not None:
                kinds[kind] += 1
                if args.verbose:
                    print(f"{kind:12} {call.id:14} {turn.text[:100]}")
    print(f"{total} rep turns; odd: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    contradictions(calls, verbose=args.verbose)


SHARES = (0.3, 0.35, 0.4, 0.45, 0.5)


def misheard(calls: list[Call]) -> None:
    """The spread of `unknown_share` over voice-to-text rep turns, as written and as converted."""
    forms = {"written as voice": [c for c in calls if c.register == "voice"],
             "typed, in voice form": [c.as_voice() for c in calls if c.register == "typed"]}
    for name, group in forms.items():
        found = [(share, turn.text) for call in group for turn in call.turns
                 if turn.speaker == "rep"
                 and (share := unknown_share(words(turn.text))) is not None]
        print(f"{name}: {len(found)} rep turns long enough; reaching "
              + ", ".join(f"{t}: {sum(s >= t for s, _ in found)}" for t in SHARES))
        for share, text in sorted(found, reverse=True)[:3]:
            print(f"  {share:.2f} {text[:100]}")


def contradictions(calls: list[Call], *, verbose: bool) -> None:
    """Rep turns the grader reads as contradicting, and those only by a denial, with the corpus
    labels (argues, tells) and styles of the denials."""
    found = denials = 0
    labels: Counter[str] = Counter()
    styles: Counter[str] = Counter()
    graded: Counter[str] = Counter()
    for call in calls:
        turns = [Turn(speaker=t.speaker, text=t.text) for t in call.turns]
        facts = call_facts(analyse_transcript(turns, inbound=call.inbound), inbound=call.inbound)
        rep = [t for t in call.turns if t.speaker == "rep"]
        for turn, read in zip(rep, facts.conduct, strict=True):
            found += int(read.contradicts)
            if read.off_track is not None:
                graded[read.off_track] += 1
                if verbose:
                    print(f"graded {read.off_track:12} {call.id:14} {turn.text[:100]}")
            if read.denied is None:
                continue
            denials += 1
            labelled = "argues" if "argues" in turn.labels else \
                "tells" if "tells" in turn.labels else "neither"
            labels[labelled] += 1
            style = str(call.meta.get("rep_style", "?"))
            styles[style] += 1
            if verbose:
                print(f"denies {read.denied!r:14} {call.id:14} {labelled:8} {style:16} "
                      f"{turn.text[:110]}")
    print("off track as the grader reads them (in the call, with the prospect's words): "
          + ", ".join(f"{k} {n}" for k, n in graded.most_common()))
    print(f"contradicting: {found} rep turns, {denials} of them only by denying the prospect's "
          f"own words ({found - denials} without them)")
    print("  denials labelled: " + ", ".join(f"{k} {n}" for k, n in labels.most_common()))
    print("  denials by style: " + ", ".join(f"{k} {n}" for k, n in styles.most_common()))


if __name__ == "__main__":
    main()
