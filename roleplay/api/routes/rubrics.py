"""Rubrics: what the grader checks. Nothing in a rubric is secret."""

from __future__ import annotations

from fastapi import APIRouter

from roleplay.api.auth import CurrentCaller
from roleplay.api.deps import CatalogDep, RubricsDep, TrainerCaller
from roleplay.api.problems import problem_responses
from roleplay.api.routes.personas import file_report
from roleplay.api.routes.trainer_schemas import FileReport
from roleplay.grading.rubrics import Rubric, pick_rubric

router = APIRouter(prefix="/rubrics", tags=["rubrics"], responses=problem_responses(401, 429))


@router.get("", response_model=list[Rubric], summary="List rubrics")
async def list_rubrics(rubrics: RubricsDep, caller: CurrentCaller) -> list[Rubric]:
    return [rubrics[rid] for rid in sorted(rubrics)]


@router.get(
    "/{rubric_id}", response_model=Rubric, summary="One rubric", responses=problem_responses(404)
)
async def get_rubric(rubric_id: str, rubrics: RubricsDep, caller: CurrentCaller) -> Rubric:
    return pick_rubric(rubrics, rubric_id)


@router.get(
    "/{rubric_id}/problems", response_model=FileReport, summary="A rubric file's problems",
    responses=problem_responses(403, 404),
)
async def rubric_problems(rubric_id: str, catalog: CatalogDep, caller: TrainerCaller) -> FileReport:
    """Trainers: whether the file is live, and the problems of its last edit if not loaded."""
    return file_report(catalog, "rubric", rubric_id)
