"""Shared engine of the activation-functions book.

Each chapter imports what it needs from the submodules; nothing here runs
work or changes global state at import time.

Modules
-------
activations  the registry of scalar activations (plus softmax and maxout)
symbolic     SymPy derivation, verification and the computed property table
plotting     function-and-gradient figures in the shared style
checks       homework self-checks with friendly feedback
timing       median run times and cost ratios
"""

from helpers import activations, checks, plotting, symbolic, timing

__all__ = ["activations", "checks", "plotting", "symbolic", "timing"]
