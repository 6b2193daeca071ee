"""Rubric and Criterion: what a trainer writes in `rubrics/*.yaml` (the id is the file stem).

A rubric is a list of weighted criteria. A criterion is a list of yes/no checks, each naming a
metric from `roleplay.grading.metrics.METRICS` and a threshold (`at_least` or `at_most`), plus
good/fair/poor descriptions shown to the rep. A check that passes earns full credit; one that
fails earns partial credit, falling linearly to zero at `zero_at`. A `critical` criterion at poor
holds the whole call down: the total is pulled halfway down to its score and kept below `fair`,
so a call that fails a basic is a poor call. Everything is data: a new rubric needs no code.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from roleplay.errors import NotFound
from roleplay.files import Loc, known_ids, load_directory
from roleplay.grading.metrics import METRICS

Level = Literal["good", "fair", "poor", "n/a"]
_ID = r"^[a-z][a-z0-9_]*$"


class Check(BaseModel):
    """One yes/no check: `metric` is at least / at most a threshold."""

    model_config = ConfigDict(extra="forbid")

    metric: str
    at_least: float | None = None
    at_most: float | None = None
    zero_at: float | None = Field(default=None, description="value that earns no credit")
    weight: float = Field(default=1.0, gt=0)
    description: str = Field(min_length=1)

    @model_validator(mode="after")
    def _one_threshold(self) -> Check:
        if (self.at_least is None) == (self.at_most is None):
            raise ValueError("give exactly one of at_least or at_most")
        if self.zero_at is not None and not self._beyond(self.zero_at):
            side = "below at_least" if self.at_least is not None else "above at_most"
            raise ValueError(f"zero_at must be {side}")
        return self

    @property
    def threshold(self) -> float:
        return self.at_least if self.at_least is not None else self.at_most  # type: ignore[return-value]

    def passes(self, value: float) -> bool:
        if self.at_least is not None:
            return value >= self.at_least
        return value <= self.threshold

    def credit(self, value: float) -> float:
        """1.0 when the check passes, falling linearly to 0.0 at `zero_at`."""
        if self.passes(value):
            return 1.0
        zero = self._zero()
        fraction = (value - zero) / (self.threshold - zero)
        return min(1.0, max(0.0, fraction))

    def _zero(self) -> float:
        if self.zero_at is not None:
            return self.zero_at
        if self.at_least is not None:
            return 0.0 if self.at_least > 0 else self.at_least - 1.0
        span = METRICS[self.metric].span if self.metric in METRICS else 1.0
        return self.threshold + span

    def _beyond(self, value: float) -> bool:
        if self.at_least is not None:
            return value < self.at_least
        return value > self.threshold


class LevelTexts(BaseModel):
    """What each level means for this criterion, in words a rep understands."""

    model_config = ConfigDict(extra="forbid")

    good: str = Field(min_length=1)
    fair: str = Field(min_length=1)
    poor: str = Field(min_length=1)


class Criterion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=_ID)
    name: str = Field(min_length=1)
    weight: float = Field(gt=0)
    description: str = ""
    critical: bool = Field(
        default=False,
        description="at a poor level, this criterion pulls the call's total halfway down to "
        "its own score and below `fair`: a call that fails a basic is a poor call",
    )
    checks: list[Check] = Field(min_length=1)
    levels: LevelTexts


class LevelThresholds(BaseModel):
    """A criterion score at or above `good` is good, at or above `fair` is fair, else poor."""

    model_config = ConfigDict(extra="forbid")

    good: int = Field(default=80, ge=0, le=100)
    fair: int = Field(default=50, ge=0, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> LevelThresholds:
        if self.fair > self.good:
            raise ValueError("fair must not be above good")
        return self

    def level(self, score: int) -> Level:
        if score >= self.good:
            return "good"
        return "fair" if score >= self.fair else "poor"

    @property
    def poor_cap(self) -> int:
        """One below `fair`: the highest total a call may keep while a critical criterion is
        poor, so the call is poor too."""
        return max(0, self.fair - 1)


class ShortOfGood(BaseModel):
    """A call short of good on `criteria` or more criteria keeps a total of at most `cap`: a
    call with faults in two basics is not a good call, however well the rest went."""

    model_config = ConfigDict(extra="forbid")

    criteria: int = Field(default=2, ge=2, description="how many criteria below good")
    cap: int = Field(default=59, ge=0, le=100, description="the highest total such a call keeps")


class Rubric(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=_ID)
    name: str = Field(min_length=1)
    description: str = ""
    thresholds: LevelThresholds = Field(default_factory=LevelThresholds)
    short_of_good: ShortOfGood | None = Field(
        default=None, description="optional: cap the total of a call short of good on several "
        "criteria (absent: no such cap)")
    criteria: list[Criterion] = Field(min_length=1)

    @classmethod
    def document_problems(cls, data: Mapping[str, Any]) -> list[tuple[Loc, str]]:
        """Unknown metrics (with a did-you-mean), duplicate criterion ids and a `short_of_good`
        count above the number of criteria, read from the raw file data so they are reported
        together with any schema errors."""
        problems: list[tuple[Loc, str]] = []
        seen: set[str] = set()
        for c_index, criterion in _items(data.get("criteria")):
            ident = criterion.get("id")
            if isinstance(ident, str) and ident in seen:
                problems.append((("criteria", c_index, "id"), f"duplicate criterion id {ident!r}"))
            seen.add(str(ident))
            for k_index, check in _items(criterion.get("checks")):
                metric = check.get("metric")
                if isinstance(metric, str) and metric not in METRICS:
                    loc: Loc = ("criteria", c_index, "checks", k_index, "metric")
                    problems.append((loc, _unknown_metric(metric)))
        short = data.get("short_of_good")
        count = short.get("criteria") if isinstance(short, dict) else None
        criteria = len(_items(data.get("criteria")))
        if isinstance(count, int) and criteria and count > criteria:
            problems.append((("short_of_good", "criteria"), f"{count} criteria short of good can "
                             f"never happen in a rubric of {criteria}: the cap would never apply"))
        return problems


def _items(value: Any) -> list[tuple[int, dict[str, Any]]]:
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _unknown_metric(name: str) -> str:
    close = difflib.get_close_matches(name, list(METRICS), n=1, cutoff=0.6)
    if close:
        return f"unknown metric {name!r}; did you mean {close[0]!r}?"
    return f"unknown metric {name!r}; expected one of: {', '.join(sorted(METRICS))}"


def load_rubrics(directory: Path) -> dict[str, Rubric]:
    """Every rubric file of a folder, keyed by id; all problems of all files at once."""
    return load_directory(directory, Rubric)


def pick_rubric(rubrics: dict[str, Rubric], rubric_id: str) -> Rubric:
    """The rubric with this id, or NotFound naming the ones there are."""
    try:
        return rubrics[rubric_id]
    except KeyError:
        raise NotFound(
            f"unknown rubric {rubric_id!r} ({known_ids(rubrics, rubric_id)})"
        ) from None
