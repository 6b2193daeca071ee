"""The grader: rubrics, metrics, the scorecard, coaching and the optional LLM judge."""

from roleplay.grading.grader import grade

__all__ = ["grade"]
