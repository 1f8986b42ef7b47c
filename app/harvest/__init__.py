"""The harvest's pure core: themes per pillar and merge suggestions for a café's ideas.

No Flask, no database: ideas in, themes out, so that it can be tested and benchmarked alone.
See docs/harvest.md for the method, the constraints and the incremental contract.
"""
import os

# numpy's OpenBLAS keeps its threads spinning for a while after each product of the vectors,
# and they took the core the model's second thread needed: one idea's embedding went from
# 27 to 40 ms (bench/harvest_speed.py). Products of a few thousand vectors gain nothing from
# threads. Set before numpy is first imported, which in the worker and the command line is here.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from .core import TUNING, Constraints, Harvest, Idea, Result, Theme, group
from .vectors import MEANING, WORDING, load_model

__all__ = ["MEANING", "TUNING", "WORDING", "Constraints", "Harvest", "Idea", "Result", "Theme",
           "group", "load_model"]
