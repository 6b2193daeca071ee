"""Check corpus files against the labelling guide: python data/turns/validate.py FILE..."""

from __future__ import annotations

import json
import re
import sys

REP = {"asks", "tells", "probing", "earns_right", "premature", "argues", "explores_objection",
       "proposes_next_step"}
PROSPECT = {"objection", "agrees_next_step", "grants_right", "pain"}
KINDS = {"no_need", "no_time", "no_budget", "has_vendor", "send_info", "distrust",
         "not_interested", "other"}
TOPICS = {"situation", "pain", "budget", "process", "timeline", "motive", "competitor", "price",
          "decision"}
HOWS = {"purpose", "referral", "permission", "curiosity", "acknowledges_inbound"}
FIELDS = {
    "market": {"b2b", "b2c", "other"},
    "call_type": {"cold", "referral", "inbound", "discovery", "follow_up", "counselling",
                  "persuasion", "conversation", "service"},
    "rep_style": {"textbook", "pitcher", "interrogator", "question_pitcher", "arguer",
                  "pressure_closer", "vague", "empathic_reflector", "rambler", "mixed"},
    "prospect_type": {"gatekeeper", "skeptic", "merely_interested", "ready_buyer", "hostile",
                      "chatty"},
    "register": {"typed", "voice"},
}


def problems(call: dict) -> list[str]:  # type: ignore[type-arg]
    out: list[str] = []
    for name, allowed in FIELDS.items():
        if call.get(name) not in allowed:
            out.append(f"{name}: {call.get(name)!r} not in {sorted(allowed)}")
    if not call.get("industry"):
        out.append("industry missing")
    turns = call.get("turns") or []
    if len(turns) < 4:
        out.append("fewer than 4 turns")
    previous_objection = False
    for index, turn in enumerate(turns):
        where = f"turn {index}"
        labels = set(turn.get("labels", []))
        speaker = turn.get("speaker")
        text = turn.get("text", "")
        if not text.strip():
            out.append(f"{where}: empty text")
        if call.get("register") == "voice" and re.search(r"[?.,!;:A-Z\"]", text):
            out.append(f"{where}: punctuation or capitals in a voice turn")
        if speaker == "rep":
            bad = labels - REP
            if bad:
                out.append(f"{where}: not rep labels {sorted(bad)}")
            if "probing" in labels and turn.get("topic") not in TOPICS:
                out.append(f"{where}: probing needs topic in {sorted(TOPICS)}")
            if "premature" in labels and "probing" not in labels:
                out.append(f"{where}: premature without probing")
            if "earns_right" in labels and turn.get("earns_how") not in HOWS:
                out.append(f"{where}: earns_right needs earns_how in {sorted(HOWS)}")
            if labels & {"argues", "explores_objection"} and not previous_objection:
                out.append(f"{where}: argues/explores_objection without an objection just before")
        elif speaker == "prospect":
            bad = labels - PROSPECT
            if bad:
                out.append(f"{where}: not prospect labels {sorted(bad)}")
            if "objection" in labels and turn.get("kind") not in KINDS:
                out.append(f"{where}: objection needs kind in {sorted(KINDS)}")
            previous_objection = "objection" in labels
        else:
            out.append(f"{where}: speaker must be rep or prospect")
    return out


def main(paths: list[str]) -> int:
    failed = 0
    ids: set[str] = set()
    calls = turns = 0
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for line_no, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    call = json.loads(line)
                except json.JSONDecodeError as error:
                    print(f"{path}:{line_no}: not JSON: {error}")
                    failed += 1
                    continue
                if call.get("id") in ids:
                    print(f"{path}:{line_no}: duplicate id {call.get('id')}")
                    failed += 1
                ids.add(call.get("id"))
                calls += 1
                turns += len(call.get("turns", []))
                for problem in problems(call):
                    print(f"{path}:{line_no}: {call.get('id')}: {problem}")
                    failed += 1
    print(f"{calls} calls, {turns} turns, {failed} problems")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
