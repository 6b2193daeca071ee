"""The trained turn model: linear heads over named features, loaded with numpy alone.

`model.npz` (written by `make train`, see `data/turns/train.py`) holds one vocabulary of feature
names (UTF-8 bytes, one name a line) with each name's n-gram group (`features.group_number`), one
float16 weight matrix with a column per binary label and per class of each multi-class head, the
biases, for each binary label the threshold chosen on the validation split, and the question-onset
model (`onset.py`: where a question starts in voice-to-text, `turns.ONSET`). Scoring a turn is a
sum of the weight rows of its features (widened to float32): tens of microseconds, deterministic.
"""

from __future__ import annotations

import json
import math
from collections import OrderedDict
from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate, chain, compress, islice, repeat
from pathlib import Path

import numpy as np
import numpy.typing as npt

from roleplay.analysis.features import GROUP_WEIGHTS, Features
from roleplay.analysis.onset import OnsetModel

MODEL_FILE = Path(__file__).with_name("model.npz")
FloatArray = npt.NDArray[np.float32]
WIDEN_AFTER = 2000
"""After this many turns scored, a model widens its whole weight matrix to float32 once (about
0.1 s and 40 MB): widening each turn's rows costs about 40 µs a turn. It then also looks its
features up in a `HashedNames` table (about 30 ms to build, 24 MB)."""
PARTS = 256
"""Groups of features a model keeps looked up (`looked_up`): a turn's words are read again when
its punctuation is restored and as the next turn's context, and a batch's lines recur (about 15
KB each, 400 names at most in a long turn)."""
IntArray = npt.NDArray[np.intp]
PartKey = tuple[Callable[..., Features], tuple[Hashable, ...]]
"""What `TurnModel.looked_up` remembers a part by: the function that builds it and its arguments."""


@dataclass(frozen=True, slots=True)
class Part:
    """Some of a turn's features with their rows in the model's vocabulary (-1: unknown) and
    their values as float32 (read once per part: a remembered part is scored again and again)."""

    features: Features
    rows: IntArray
    values: FloatArray

    @classmethod
    def of(cls, features: Features, rows: IntArray) -> Part:
        return cls(features, rows, np.fromiter(features.values(), dtype=np.float32,
                                               count=len(features)))


@dataclass(frozen=True, slots=True)
class Scores:
    """Probabilities for one turn's binary labels; `best(head)` gives a multi-class head's most
    likely class, `share(head, option)` its probability, and `contributions(label)` what each of
    the turn's features added to a label (for evidence). `phrases` keeps the evidence phrases
    worked out from these scores (`RepAnalysis.words_for`), as a scorecard quotes a turn's label
    under several criteria."""

    binary: dict[str, float]
    logits: FloatArray
    heads: dict[str, tuple[list[str], npt.NDArray[np.intp]]]
    parts: tuple[Features, ...]
    """The turn's features in the parts they were scored in (no name in two of them): merged
    only when asked for (`features`), as few turns are quoted."""
    known: npt.NDArray[np.bool_]
    """Which of `features` the model knows (`names`): listed only when evidence is asked for."""
    values: FloatArray
    block: FloatArray
    columns: dict[str, int]
    phrases: dict[tuple[str, str], str] = field(default_factory=dict, compare=False)

    def best(self, head: str) -> str | None:
        options, columns = self.heads[head]
        return options[int(self.logits[columns].argmax())] if options else None

    def share(self, head: str, option: str) -> float:
        return self.shares(head)[option]

    def shares(self, head: str) -> dict[str, float]:
        """Each option of a multi-class head with its probability."""
        options, columns = self.heads[head]
        picked = self.logits[columns]
        exp = np.exp(picked - picked.max())
        return dict(zip(options, (exp / exp.sum()).tolist(), strict=True))

    @property
    def features(self) -> Features:
        """The turn's features, in the order they were scored."""
        merged: Features = {}
        for part in self.parts:
            merged.update(part)
        return merged

    @property
    def names(self) -> list[str]:
        """The turn's features the model knows, in the order of `values` and `block`."""
        return list(compress(chain.from_iterable(self.parts), self.known.tolist()))

    def contributions(self, label: str) -> list[tuple[str, float]]:
        """Every feature of the turn with its contribution to `label` (weight times value)."""
        return list(zip(*self.contributions_by_name(label), strict=True))

    def contributions_by_name(self, label: str) -> tuple[list[str], list[float]]:
        """`contributions` as two lists: the names, and what each added to `label`."""
        names = self.names
        if not names:
            return [], []
        return names, (self.values * self.block[:, self.columns[label]]).tolist()


class TurnModel:
    """Linear heads over one feature vocabulary (see the module docstring for the file)."""

    def __init__(self, path: Path = MODEL_FILE) -> None:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            names = names_from(data["vocabulary"])
            self.vocabulary: dict[str, int] = dict(zip(names, range(len(names)), strict=True))
            # rows widen when read, and are read one by one: kept row-major (a column-major
            # matrix makes each take a scan of the whole of it)
            self.weights: npt.NDArray[np.float16] = np.ascontiguousarray(data["weights"])
            self.bias: FloatArray = data["bias"].astype(np.float32)
            self._groups: npt.NDArray[np.intp] = data["groups"].astype(np.intp)
            self.onset: OnsetModel | None = OnsetModel.from_arrays(
                names_from(data["onset_vocabulary"]), data["onset_weights"],
                float(data["onset_bias"])) if "onset_vocabulary" in data.files else None
        self._group_weights = np.array(GROUP_WEIGHTS, dtype=np.float32)
        self._wide: FloatArray | None = None
        self._hashed: HashedNames | None = None
        self._scored = 0
        self.binary: list[str] = meta["binary"]
        self.thresholds: dict[str, float] = meta["thresholds"]
        self.lookahead = Lookahead.of(meta.get("lookahead"), self.thresholds.get(LOOKAHEAD))
        self.answered: dict[str, Lookahead] = {
            label: combination for label, column in ANSWERED.items()
            if (combination := Lookahead.of(meta.get("answered", {}).get(label),
                                            self.thresholds.get(column), "own")) is not None}
        self.heads: dict[str, list[str]] = meta["heads"]
        self.columns: dict[str, int] = {name: i for i, name in enumerate(meta["columns"])}
        self._binary_columns = np.array([self.columns[label] for label in self.binary],
                                        dtype=np.intp)
        self._heads = {  # column indices as arrays: a list would be converted every time
            head: (options, np.array([self.columns[f"{head}={o}"] for o in options], dtype=np.intp))
            for head, options in self.heads.items()}
        self._parts: OrderedDict[PartKey, Part] = OrderedDict()  # the last PARTS looked up

    def looked_up(self, build: Callable[..., Features], *args: Hashable) -> Part:
        """The features `build(*args)` gives, with their rows, remembered for the last PARTS
        (`build` and `args`: a pure function and what it reads)."""
        key = (build, args)
        part = self._parts.get(key)
        if part is None:
            features = build(*args)
            part = self._remember(key, Part.of(features, self._rows(features)))
        else:
            self._parts.move_to_end(key)
        return part

    def look_up_all(self, wanted: Iterable[PartKey]) -> None:
        """`looked_up` for many parts at once (a call's turns, before they are read): the names
        of every part not remembered yet are looked up together, in one `_rows` (the same rows:
        a name's row does not depend on the names beside it), so a batch pays numpy's cost per
        call once per transcript rather than once per part. At most PARTS // 2 parts."""
        fresh = [key for key in dict.fromkeys(wanted) if key not in self._parts]
        built = [build(*args) for build, args in islice(fresh, PARTS // 2)]
        if not built:
            return
        rows = self._rows(list(chain.from_iterable(built)))
        ends = list(accumulate(map(len, built)))
        for key, features, start, end in zip(fresh, built, [0, *ends], ends, strict=False):
            self._remember(key, Part.of(features, rows[start:end]))

    def _remember(self, key: PartKey, part: Part) -> Part:
        self._parts[key] = part
        if len(self._parts) > PARTS:
            self._parts.popitem(last=False)
        return part

    def part(self, features: Features) -> Part:
        """A few features with their rows, looked up in the vocabulary dict (a handful of names
        cost less there than in `HashedNames`' array operations)."""
        return Part.of(features, np.fromiter(map(self.vocabulary.get, features, repeat(-1)),
                                             dtype=np.intp, count=len(features)))

    def score_parts(self, parts: Sequence[Part]) -> Scores:
        """`score` of the parts' features together, in order (no name in two of them): their
        rows and values joined as arrays, the names left in their parts."""
        return self.scored(tuple(part.features for part in parts),
                           np.concatenate([part.rows for part in parts]),
                           np.concatenate([part.values for part in parts]))

    def score(self, features: Features, every: IntArray | None = None) -> Scores:
        """Probabilities for every label and head of one turn's features (`every`: their rows,
        when looked up already)."""
        return self.scored((features,), self._rows(features) if every is None else every,
                           np.fromiter(features.values(), dtype=np.float32, count=len(features)))

    def scored(self, parts: tuple[Features, ...], every: IntArray, given: FloatArray) -> Scores:
        """`score` of features given in parts, with their rows and float32 values in order."""
        known = every >= 0
        rows = every[known]
        values: FloatArray = np.multiply(given[known], self._scale(rows), dtype=np.float32)
        block = self._block(rows)
        logits = values @ block + self.bias
        probabilities = (1.0 / (1.0 + np.exp(-logits[self._binary_columns]))).tolist()
        binary = dict(zip(self.binary, probabilities, strict=True))
        return Scores(binary, logits, self._heads, parts, known, values, block, self.columns)

    def _rows(self, features: Collection[str]) -> IntArray:
        """Each feature's row in the vocabulary, -1 for a name the model does not know: from the
        dict for the first turns, then from the hashed table (the same rows)."""
        if self._hashed is not None:
            return self._hashed.rows(features)
        if self._wide is not None:  # widened: a batch, worth the table
            self._hashed = HashedNames.of(self.vocabulary)
            if self._hashed is not None:
                return self._hashed.rows(features)
        return np.fromiter(map(self.vocabulary.get, features, repeat(-1)), dtype=np.intp,
                           count=len(features))

    def _block(self, rows: npt.NDArray[np.intp]) -> FloatArray:
        """The weight rows, widened to float32: row by row for the first turns (a process that
        grades one call never pays for the whole matrix), then from the matrix widened once (the
        same values: widening float16 is exact)."""
        if self._wide is not None:
            return np.take(self._wide, rows, axis=0)
        self._scored += 1
        if self._scored >= WIDEN_AFTER:
            self._wide = self.weights.astype(np.float32)
        return np.take(self.weights, rows, axis=0).astype(np.float32)

    def _scale(self, rows: npt.NDArray[np.intp]) -> FloatArray:
        """`features.unit_length` over the known rows, with numpy: each n-gram group's values
        divided by the square root of how many of its n-grams the model knows."""
        groups = self._groups[rows]
        counts = np.bincount(groups, minlength=len(self._group_weights))
        sizes = np.maximum(counts, 1).astype(np.float32)  # a group with no row is never read
        sizes[0] = 1.0
        # worked out once per group, then read per row: the same float32 operations
        return np.divide(self._group_weights, np.sqrt(sizes), dtype=np.float32)[groups]

    def decide(self, scores: Scores, label: str) -> bool:
        return scores.binary[label] >= self.thresholds[label]


LOOKAHEAD = "replies_to_objection"
"""The look-ahead head: how likely the prospect's last turn was an objection, judging by the rep's
reply alone, its own words and nothing of the call ("fair enough, what went wrong last time?",
"but it pays for itself in a month"). In a whole transcript the reply is weighed with what the
prospect's words said (`turns.analyse_prospect`'s `reply`, `Lookahead`), and an objection the two
reveal is read again with the rep turn after it (`turns.analyse_transcript`): an objection missed
hides the arguing and the exploring after it. Its threshold is the combination's."""


ANSWERED = {"asks": "answered_a_question", "proposes_next_step": "answered_a_proposal"}
"""The answer look-ahead heads: for a rep label, the column that reads a prospect turn's own
words, nothing of the call, for how likely the rep's turn before it did that ("no, two of them
are with a different lot" answers a question; "Thursday's no good, make it Friday" answers a
proposal). In a whole transcript the answer is weighed with the rep turn's own reading
(`Lookahead`), and what the two reveal is counted (`turns.analyse_transcript`): voice-to-text
loses the question mark, a fact said to check it asks, and a step suggested in passing is still
proposed when the prospect takes it up. Each threshold is its combination's."""


@dataclass(frozen=True, slots=True)
class Lookahead:
    """How a turn's own probability of a label and a look-ahead head's reading of the other
    side's next turn combine: a logistic combination of their log-odds, learned on the
    validation split (`data/turns/train.py`), and its threshold. `own` weighs the turn's own
    reading (the prospect's objection, for LOOKAHEAD; the rep's label, for ANSWERED), `reply`
    the next turn's."""

    own: float
    reply: float
    bias: float
    threshold: float

    @classmethod
    def of(cls, stored: dict[str, float] | None, threshold: float | None,
           own: str = "objection") -> Lookahead | None:
        """The combination a model file holds (`meta["lookahead"]`, or a label's in
        `meta["answered"]`; its threshold with the others), if it has one; `own`: the key of the
        turn's own weight."""
        if stored is None or threshold is None:
            return None
        return cls(float(stored[own]), float(stored["reply"]), float(stored["bias"]),
                   float(threshold))

    def combined(self, own: float, reply: float) -> float:
        """The probability of the label, from both readings."""
        odds = self.own * _log_odds(own) + self.reply * _log_odds(reply) + self.bias
        return 1.0 / (1.0 + math.exp(-odds))


def _log_odds(probability: float) -> float:
    clipped = min(max(probability, 1e-4), 1 - 1e-4)
    return math.log(clipped / (1 - clipped))


class HashedNames:
    """The vocabulary as an open-addressing table of the names' string hashes, looked up with
    numpy: a turn's 100-300 names in a few array operations, where a dict look-up per name
    waits on memory each time (the vocabulary is 290,000 names: about 0.5 µs a name while
    grading, half of scoring a turn). The rows are those of the dict: a name is taken as found
    when its 64-bit hash equals a stored name's, so an unknown name would be misread only if
    it shared its full hash with one of them (odds about 1 in 10^13 over a billion look-ups;
    names that share a hash with each other leave the table unbuilt, `of`). Hashes are
    per-process (`PYTHONHASHSEED`): each process builds its own table."""

    EMPTY = -1
    """A slot with no name: no Python string hashes to -1."""

    def __init__(self, keys: npt.NDArray[np.int64], rows: npt.NDArray[np.int32]) -> None:
        self._keys = keys
        self._table_rows = rows
        self._mask = len(keys) - 1

    @classmethod
    def of(cls, vocabulary: dict[str, int]) -> HashedNames | None:
        """The table of a vocabulary (names to rows), at most a quarter full; None when two
        names share a hash."""
        hashes = np.fromiter(map(hash, vocabulary), dtype=np.int64, count=len(vocabulary))
        rows = np.fromiter(vocabulary.values(), dtype=np.int32, count=len(vocabulary))
        size = 1 << (4 * max(len(hashes), 1)).bit_length()
        mask = size - 1
        keys = np.full(size, cls.EMPTY, dtype=np.int64)
        table_rows = np.full(size, -1, dtype=np.int32)
        slots = hashes & mask
        while hashes.size:  # linear probing, every name not yet placed a step at a time
            free = keys[slots] == cls.EMPTY
            keys[slots[free]] = hashes[free]  # of names after the same free slot, one wins
            placed = free & (keys[slots] == hashes)
            table_rows[slots[placed]] = rows[placed]
            left = ~placed
            hashes, rows, slots = hashes[left], rows[left], (slots[left] + 1) & mask
        if np.count_nonzero(keys != cls.EMPTY) != len(vocabulary):
            return None  # two names share a hash (both "placed" in one slot)
        return cls(keys, table_rows)

    def rows(self, names: Collection[str]) -> npt.NDArray[np.intp]:
        """Each name's row, -1 for a name not in the table."""
        hashes = np.fromiter(map(hash, names), dtype=np.int64, count=len(names))
        slots = hashes & self._mask
        keys = self._keys[slots]
        hit = keys == hashes
        found = np.where(hit, self._table_rows[slots], -1).astype(np.intp)
        going = np.flatnonzero(~hit & (keys != self.EMPTY))  # their slot holds another name
        if going.size:
            hashes, slots = hashes[going], slots[going]
            while going.size:  # the next slot, until found or empty
                slots = (slots + 1) & self._mask
                keys = self._keys[slots]
                hit = keys == hashes
                found[going[hit]] = self._table_rows[slots[hit]]
                keep = ~hit & (keys != self.EMPTY)
                going, slots, hashes = going[keep], slots[keep], hashes[keep]
        return found


def names_from(stored: npt.NDArray[np.generic]) -> list[str]:
    """The feature names of a model file: UTF-8 bytes, one name a line (a numpy string in older
    files)."""
    text = stored.tobytes().decode("utf-8") if stored.dtype == np.uint8 else str(stored)
    return text.split("\n")


def stored_names(names: list[str]) -> npt.NDArray[np.uint8]:
    """Feature names as a model file holds them (read back with `names_from`)."""
    return np.frombuffer("\n".join(names).encode("utf-8"), dtype=np.uint8)


@cache
def turn_model() -> TurnModel:
    """The shipped model, loaded once per process."""
    return TurnModel()
