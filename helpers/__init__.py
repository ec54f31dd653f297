"""Shared engine of the activation-functions book.

Each chapter imports what it needs from the submodules (``from helpers import
nn``); submodules load on first use, and nothing here runs work or changes
global state at import time.

Modules
-------
activations       the registry of scalar activations (plus softmax and maxout)
vector            softmax, log-softmax and maxout with their Jacobians
symbolic          SymPy derivation and identity verification
properties        the property table computed from the SymPy expressions
piecewise         exact limits, roots and extrema of piecewise-analytic functions
self_normalizing  SELU's constants solved from their fixed point, AlphaDropout
gelu_approx       GELU's tanh and sigmoid approximations and the minima of GELU/SiLU/Mish
plotting          function-and-gradient figures in the shared style
widgets           static-first sliders (pre-rendered frames that move without a kernel)
frames            the slider machinery: one figure, many frames, linked in the browser
gradients         depth products (0.25^n), chain-of-neurons simulation, clipping
nn                a small NumPy MLP with backprop, init schemes, dead-unit fraction
datasets          XOR, spiral, circles, gaussians and the handwritten digits
boundaries        decision regions of a trained network
approximation     universal approximation by sums of sigmoid steps and ReLU ramps
centering         the zig-zag of non-zero-centred activations
saturation        how fast saturated derivatives vanish with depth
sparsity          the fraction of exact zeros in a ReLU layer
stochastic        RReLU's random slopes
checks            homework self-checks with friendly feedback
tables            small Markdown tables without pandas
timing            median run times and cost ratios
"""

import importlib
from types import ModuleType

__all__ = [
    "activations",
    "approximation",
    "boundaries",
    "centering",
    "checks",
    "datasets",
    "frames",
    "gelu_approx",
    "gradients",
    "nn",
    "piecewise",
    "plotting",
    "properties",
    "saturation",
    "self_normalizing",
    "sparsity",
    "stochastic",
    "symbolic",
    "tables",
    "timing",
    "vector",
    "widgets",
]


def __getattr__(name: str) -> ModuleType:
    """Import a submodule on first use, so ``import helpers`` stays cheap."""
    if name in __all__:
        return importlib.import_module(f"helpers.{name}")
    raise AttributeError(
        f"module 'helpers' has no attribute {name!r}; modules: {', '.join(__all__)}"
    )


def __dir__() -> list[str]:
    return sorted(__all__)
