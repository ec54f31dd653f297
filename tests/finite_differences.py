"""Central finite differences for the gradient checks of the tests."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def numeric_grad(f: Callable[[], float], x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """d f / d x by central differences, perturbing ``x`` in place (restored afterwards)."""
    out = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        up = f()
        x[idx] = old - h
        down = f()
        x[idx] = old
        out[idx] = (up - down) / (2 * h)
    return out
