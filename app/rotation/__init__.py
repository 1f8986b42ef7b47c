"""Rotation engine of the World Café: who sits at which table in each round.

Pure standard library. See docs/rotation.md for the method and SPEC.md for the formats.
"""
from .figures import score_plan
from .planner import plan_rotation
from .scenario import ScenarioError

__all__ = ["ScenarioError", "plan_rotation", "score_plan"]
