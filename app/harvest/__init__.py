"""The harvest's pure core: themes per pillar and merge suggestions for a café's ideas.

No Flask, no database: ideas in, themes out, so that it can be tested and benchmarked alone.
See docs/harvest.md for the method, the constraints and the incremental contract.
"""
from .core import TUNING, Constraints, Harvest, Idea, Result, Theme, group
from .vectors import MEANING, WORDING, load_model

__all__ = ["MEANING", "TUNING", "WORDING", "Constraints", "Harvest", "Idea", "Result", "Theme",
           "group", "load_model"]
