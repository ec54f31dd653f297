"""Measure how long an elementwise function takes (medians, not means).

Introduced in: book/sigmoid.md

The result is a measurement on the machine that runs the chapter, so
chapters report ratios, which travel better than absolute times.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

import numpy as np

__all__ = ["median_seconds", "relative_cost"]


def median_seconds(fn: Callable[[np.ndarray], object], values: np.ndarray,
                   repeat: int = 15) -> float:
    """Median wall time in seconds of ``fn(values)`` over ``repeat`` runs (after one warm-up)."""
    if repeat < 1:
        raise ValueError(f"repeat must be >= 1, got {repeat}")
    fn(values)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(values)
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def relative_cost(functions: Mapping[str, Callable[[np.ndarray], object]],
                  baseline: str, size: int = 1_000_000, repeat: int = 15,
                  seed: int = 0) -> dict[str, float]:
    """Median time of each function divided by that of ``baseline``, on the same input.

    Parameters
    ----------
    functions : mapping of label to function
        Each is called on one array of ``size`` standard-normal float64 values.
    baseline : str
        The label every time is divided by (its own ratio is 1).
    """
    if baseline not in functions:
        raise ValueError(f"baseline {baseline!r} is not one of: {', '.join(functions)}")
    values = np.random.default_rng(seed).standard_normal(size)
    times = {label: median_seconds(fn, values, repeat) for label, fn in functions.items()}
    return {label: t / times[baseline] for label, t in times.items()}
