"""JSON Schemas for persona and rubric files, generated from the pydantic models.

Editors that speak the YAML language server (VS Code's YAML extension, JetBrains, Neovim...)
read the `# yaml-language-server: $schema=...` first line of a shipped file and then complete
field names, show each field's description and underline mistakes as the trainer types.
`roleplay schema persona|rubric` writes them; `schemas/` in the repository holds the current
ones (a test keeps them in step with the models).
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel

from roleplay.grading.metrics import METRICS
from roleplay.grading.rubrics import Rubric
from roleplay.personas import Persona

Kind = Literal["persona", "rubric"]
MODELS: dict[str, type[BaseModel]] = {"persona": Persona, "rubric": Rubric}
GUIDES = {"persona": "docs/personas.md", "rubric": "docs/grading.md"}
DIALECT = "https://json-schema.org/draft/2020-12/schema"
HEADER = "# yaml-language-server: $schema=../schemas/{kind}.schema.json"
"""The first line of a shipped file: the schema beside it in the repository."""


def json_schema(kind: str) -> dict[str, Any]:
    """The schema of one kind of file. `id` is optional: a file's id is its file name."""
    schema = MODELS[kind].model_json_schema()
    if kind == "rubric":
        metric = schema["$defs"]["Check"]["properties"]["metric"]
        metric["enum"] = sorted(METRICS)
        metric["description"] = "a metric of docs/grading.md"
    schema["required"] = [name for name in schema.get("required", []) if name != "id"]
    if "id" in schema.get("properties", {}):
        schema["properties"]["id"]["description"] = "optional: the file name is the id"
    return {
        "$schema": DIALECT,
        "title": f"roleplay {kind} file",
        "description": f"A roleplay {kind} file ({GUIDES[kind]}). Check it with `roleplay check`.",
        **{key: value for key, value in schema.items() if key not in ("title", "description")},
    }


def schema_text(kind: str) -> str:
    return json.dumps(json_schema(kind), indent=2, sort_keys=False) + "\n"
