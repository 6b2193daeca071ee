"""CPU a turn of grading real calls, in one process: the figure a shared machine's load moves
least after instruction counts.

Usage: .venv/bin/python bench/grade_cpu.py [--calls 600] [--rubric default]

Grades the first `--calls` calls of the turn corpus (`grade_speed.corpus_calls`) once, after
one warm-up call, and prints the process's CPU time (`time.process_time`) per turn. For
instructions, which the load does not touch, run it under callgrind and subtract a run over no
calls (start-up alone):

    valgrind --tool=callgrind --callgrind-out-file=/dev/null .venv/bin/python \\
        bench/grade_cpu.py --calls 200          # then --calls 0

or count the timed grading alone, in one run: it is called through `eval`, which nothing else
in the process calls (imports go through `exec`), so callgrind can collect inside it only:

    valgrind --tool=callgrind --collect-atstart=no --toggle-collect=builtin_eval \\
        --callgrind-out-file=/dev/null .venv/bin/python bench/grade_cpu.py --calls 200
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from grade_speed import corpus_calls  # noqa: E402

from roleplay.grading import grade  # noqa: E402
from roleplay.grading.rubrics import load_rubrics  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=600)
    parser.add_argument("--rubric", default="default")
    args = parser.parse_args()
    rubric = load_rubrics(ROOT / "rubrics")[args.rubric]
    calls = corpus_calls(args.calls + 1)
    if not args.calls:
        print("no calls graded: start-up only")
        return
    grade(calls[0], rubric)  # warm-up: the model's first load
    timed = calls[1:]
    turns = sum(len(call.turns) for call in timed)

    def grade_each() -> None:
        for call in timed:
            grade(call, rubric)

    start = time.process_time()
    eval("grade_each()", {"grade_each": grade_each})
    spent = time.process_time() - start
    print(f"{len(timed)} calls, {turns} turns: {1e6 * spent / turns:.0f} µs CPU a turn")


if __name__ == "__main__":
    main()
