"""Chapter: book/sigmoid.md

Why outputs that are not zero-centred slow gradient descent: the zig-zag.

The argument of LeCun et al. (1998, *Efficient BackProp*). A neuron's
weight gradient on one example is ``delta * h``, where ``h`` is the vector
of its inputs. If every input is positive (as sigmoid outputs are), every
component of the gradient has the sign of the scalar ``delta``: one update
moves all weights up or all weights down together. Reaching weights such as
``(1, -1)`` then takes a staircase of steps, a zig-zag.

The demonstration trains one linear neuron ``w . h`` on the squared error
to a known target ``w_true``, with per-example gradient descent, once on
sigmoid outputs ``h = sigma(u)`` and once on the same values shifted to mean
zero, ``h - 1/2``. Both use a learning rate ``rate / mean(|h|^2)`` (the
largest scale the data allow), so the comparison is fair.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes

from helpers import activations as act
from helpers import plotting
from helpers._validate import real_number, whole_number

__all__ = ["ZigzagRun", "sgd_path", "same_sign_fraction", "steps_to_reach",
           "zigzag_demo", "plot_zigzag"]


def sgd_path(inputs: np.ndarray, w_true: np.ndarray, lr: float, steps: int) -> np.ndarray:
    """Weights after each per-example gradient step, shape ``(steps + 1, d)``.

    Fits ``w . h`` to the targets ``w_true . h`` with the loss
    ``(w . h - t)^2 / 2``, starting from ``w = 0`` and visiting the rows of
    ``inputs`` in order (cycling).
    """
    h = np.asarray(inputs, dtype=np.float64)
    w_true = np.asarray(w_true, dtype=np.float64)
    if h.ndim != 2 or h.shape[1] != w_true.shape[0] or len(h) == 0:
        raise ValueError(f"inputs must have shape (n, {w_true.shape[0]}), got {h.shape}")
    real_number(lr, "lr", "a finite number > 0", lambda v: v > 0)
    whole_number(steps, "steps", minimum=1)
    targets = h @ w_true
    path = np.zeros((steps + 1, h.shape[1]))
    w = path[0].copy()
    for t in range(steps):
        row = h[t % len(h)]
        w = w - lr * (w @ row - targets[t % len(h)]) * row
        path[t + 1] = w
    return path


def same_sign_fraction(path: np.ndarray, tol: float = 1e-15) -> float:
    """Fraction of the (non-zero) steps of ``path`` whose components all share one sign."""
    steps = np.diff(np.asarray(path, dtype=np.float64), axis=0)
    moving = np.any(np.abs(steps) > tol, axis=1)
    if not np.any(moving):
        raise ValueError("the path never moves")
    steps = steps[moving]
    same = np.all(steps > 0, axis=1) | np.all(steps < 0, axis=1)
    return float(np.mean(same))


def steps_to_reach(path: np.ndarray, w_true: np.ndarray, tol: float = 0.1) -> int | None:
    """First step at which ``|w - w_true| < tol``, or None if never."""
    dist = np.linalg.norm(np.asarray(path) - np.asarray(w_true), axis=1)
    hits = np.flatnonzero(dist < tol)
    return int(hits[0]) if len(hits) else None


@dataclass(frozen=True)
class ZigzagRun:
    """One run of :func:`zigzag_demo`."""

    label: str
    inputs: np.ndarray
    lr: float
    path: np.ndarray
    same_sign: float
    steps_to_target: int | None


def zigzag_demo(n: int = 200, steps: int = 150, rate: float = 0.5,
                w_true: Sequence[float] = (1.0, -1.0), tol: float = 0.1,
                seed: int = 0) -> tuple[ZigzagRun, ZigzagRun]:
    """Run the neuron on sigmoid outputs and on their zero-centred version.

    Parameters
    ----------
    n : int
        Number of input vectors ``h = sigma(u)``, ``u`` standard normal.
    steps : int
        Gradient steps (one example each).
    rate : float
        Learning rate as a fraction of ``1 / mean(|h|^2)``.
    w_true : sequence of float
        The weights to find.
    tol : float
        Distance that counts as "reached" for ``steps_to_target``.
    seed : int
        Seed of ``u``.

    Returns
    -------
    (ZigzagRun, ZigzagRun)
        The positive (sigmoid) inputs, then the zero-centred ones.
    """
    w = np.asarray(w_true, dtype=np.float64)
    u = np.random.default_rng(seed).standard_normal((n, len(w)))
    positive = act.get("sigmoid").f(u)
    runs = []
    for label, h in (("sigmoid outputs (all > 0)", positive),
                     ("zero-centred (h - 1/2)", positive - 0.5)):
        lr = rate / float(np.mean(np.sum(h * h, axis=1)))
        path = sgd_path(h, w, lr, steps)
        runs.append(ZigzagRun(label, h, lr, path, same_sign_fraction(path),
                              steps_to_reach(path, w, tol)))
    return runs[0], runs[1]


def plot_zigzag(runs: Sequence[ZigzagRun], w_true: Sequence[float] = (1.0, -1.0),
                show_steps: int = 60, ax: Axes | None = None) -> Axes:
    """Paths of the runs in the ``(w1, w2)`` plane, first ``show_steps`` steps, target marked."""
    if ax is None:
        _, axes = plotting.new_figure(width=4.5, height=4.0)
        ax = axes[0, 0]
    with plotting.book_style():
        for run, style in zip(runs, plotting.series_styles(len(runs) + 1)[1:], strict=True):
            path = run.path[:show_steps + 1]
            ax.plot(path[:, 0], path[:, 1], marker=".", markersize=4, linewidth=1.2,
                    label=run.label, **style)
        ax.plot(*w_true, marker="*", markersize=14, color="black", linestyle="none",
                label="target weights")
        ax.plot(0, 0, marker="o", color="black", linestyle="none", markersize=5)
        ax.set_xlabel("$w_1$")
        ax.set_ylabel("$w_2$")
        ax.set_aspect("equal")
        ax.legend(fontsize=8, loc="lower left")
    return ax
