"""Vector activations: softmax and maxout, with their Jacobians.

Introduced in the chapter *Output layers: softmax, sigmoid, maxout*;
re-exported from :mod:`helpers.activations`.

Besides the NumPy functions, the module derives the softmax Jacobian and the
softmax-cross-entropy gradient symbolically (SymPy) and draws the chapter's
figures (temperature, maxout pieces). The plotting functions import
:mod:`helpers.plotting` when called, because :mod:`helpers.activations`
imports this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import sympy as sp

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "softmax",
    "log_softmax",
    "softmax_naive",
    "softmax_jacobian",
    "maxout",
    "maxout_jacobian",
    "maxout_affine",
    "logit_symbols",
    "label_symbols",
    "softmax_symbolic",
    "softmax_jacobian_symbolic",
    "cross_entropy_gradient_symbolic",
    "plot_temperatures",
    "plot_maxout_pieces",
]


def _as_float(z: np.typing.ArrayLike) -> np.ndarray:
    arr = np.asarray(z)
    if arr.ndim == 0:
        raise ValueError("expected a vector (or a batch of vectors), got a scalar")
    if not np.issubdtype(arr.dtype, np.floating):
        arr = arr.astype(np.float64)
    return arr


def _check_temperature(temperature: float) -> None:
    if not (np.isfinite(temperature) and temperature > 0):
        raise ValueError(f"temperature must be a finite number > 0, got {temperature!r}")


def softmax(z: np.typing.ArrayLike, axis: int = -1, temperature: float = 1.0) -> np.ndarray:
    """Numerically stable softmax ``exp(z/T) / sum(exp(z/T))`` along ``axis``.

    Subtracts the maximum first (the log-sum-exp trick), so no ``exp`` of a
    large positive number is ever taken.

    Parameters
    ----------
    z : array_like
        Logits; a vector or a batch of vectors.
    axis : int
        Axis that holds the classes.
    temperature : float
        ``T > 0``; large ``T`` flattens the distribution, small ``T`` sharpens it.
    """
    _check_temperature(temperature)
    arr = _as_float(z) / temperature
    shifted = arr - np.max(arr, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax(z: np.typing.ArrayLike, axis: int = -1) -> np.ndarray:
    """Stable ``log(softmax(z))`` = ``z - logsumexp(z)``."""
    arr = _as_float(z)
    m = np.max(arr, axis=axis, keepdims=True)
    return arr - m - np.log(np.sum(np.exp(arr - m), axis=axis, keepdims=True))


def softmax_naive(z: np.typing.ArrayLike, axis: int = -1) -> np.ndarray:
    """Softmax *without* the max-shift: overflows for logits above ~709.

    Kept to show in the chapter what goes wrong; do not use it.
    """
    arr = _as_float(z)
    e = np.exp(arr)
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_jacobian(z: np.typing.ArrayLike, temperature: float = 1.0) -> np.ndarray:
    """Jacobian ``d softmax(z)_i / d z_j = (diag(s) - s s^T) / T`` of one vector."""
    arr = _as_float(z)
    if arr.ndim != 1:
        raise ValueError(f"softmax_jacobian takes one vector, got shape {arr.shape}")
    s = softmax(arr, temperature=temperature)
    return (np.diag(s) - np.outer(s, s)) / temperature


def _groups(z: np.typing.ArrayLike, pieces: int) -> np.ndarray:
    whole = isinstance(pieces, (int, np.integer)) and not isinstance(pieces, bool)
    if not (whole and pieces >= 1):
        raise ValueError(f"pieces must be a whole number >= 1, got {pieces!r}")
    arr = _as_float(z)
    width = arr.shape[-1]
    if width % pieces:
        raise ValueError(
            f"the last axis ({width}) must be a multiple of pieces ({pieces})"
        )
    return arr.reshape(*arr.shape[:-1], width // pieces, pieces)


def maxout(z: np.typing.ArrayLike, pieces: int) -> np.ndarray:
    """Maxout: the maximum over consecutive groups of ``pieces`` pre-activations.

    ``z`` has shape ``(..., units * pieces)``; the result ``(..., units)``.
    Each unit needs ``pieces`` affine maps, hence ``pieces`` times the weights.
    """
    return _groups(z, pieces).max(axis=-1)


def maxout_jacobian(z: np.typing.ArrayLike, pieces: int) -> np.ndarray:
    """Jacobian of :func:`maxout` for one vector: a 0/1 matrix ``(units, units*pieces)``.

    Row ``u`` has a single 1 at the winning piece of unit ``u`` (the first
    one on ties).
    """
    g = _groups(z, pieces)
    if g.ndim != 2:
        raise ValueError("maxout_jacobian takes one vector")
    units = g.shape[0]
    jac = np.zeros((units, units * pieces), dtype=g.dtype)
    jac[np.arange(units), np.arange(units) * pieces + g.argmax(axis=-1)] = 1
    return jac


def maxout_affine(x: np.typing.ArrayLike, weights: Sequence[float],
                  biases: Sequence[float] | None = None) -> np.ndarray:
    """One maxout unit of a scalar input: ``max_k (weights[k] * x + biases[k])``.

    Parameters
    ----------
    x : array_like
        Inputs (any shape).
    weights, biases : sequence of float
        One slope and one intercept per piece (biases default to 0).
    """
    w = np.asarray(weights, dtype=np.float64)
    b = np.zeros_like(w) if biases is None else np.asarray(biases, dtype=np.float64)
    if w.ndim != 1 or w.size == 0 or b.shape != w.shape:
        raise ValueError("weights and biases must be 1-D sequences of the same length >= 1, "
                         f"got shapes {w.shape} and {b.shape}")
    arr = np.asarray(x, dtype=np.float64)
    z = arr[..., None] * w + b
    return maxout(z, pieces=w.size)[..., 0]


# ---------------------------------------------------------------------------
# Symbolic softmax (SymPy)


def _check_n(n: int) -> None:
    if not (isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n >= 1):
        raise ValueError(f"n must be a whole number >= 1, got {n!r}")


def logit_symbols(n: int) -> tuple[sp.Symbol, ...]:
    """The real symbols ``z_0, ..., z_{n-1}`` the symbolic softmax is written in."""
    _check_n(n)
    return tuple(sp.symbols(f"z_0:{n}", real=True))


def label_symbols(n: int) -> tuple[sp.Symbol, ...]:
    """The real symbols ``y_0, ..., y_{n-1}`` of a target distribution."""
    _check_n(n)
    return tuple(sp.symbols(f"y_0:{n}", real=True))


def softmax_symbolic(n: int) -> sp.Matrix:
    """Column ``s`` with ``s_i = exp(z_i) / sum_j exp(z_j)`` in :func:`logit_symbols`."""
    z = logit_symbols(n)
    e = [sp.exp(zi) for zi in z]
    total = sp.Add(*e)
    return sp.Matrix([ei / total for ei in e])


def softmax_jacobian_symbolic(n: int) -> sp.Matrix:
    """``n x n`` Jacobian ``d s_i / d z_j`` of :func:`softmax_symbolic`, by differentiation."""
    return softmax_symbolic(n).jacobian(logit_symbols(n))


def cross_entropy_gradient_symbolic(n: int) -> sp.Matrix:
    """Gradient of ``L = -sum_i y_i log s_i`` with respect to the logits ``z``.

    Differentiates without assuming anything about ``y``; with
    ``sum_i y_i = 1`` it reduces to ``s - y`` (the chapter checks this).
    """
    z, y, s = logit_symbols(n), label_symbols(n), softmax_symbolic(n)
    loss = -sp.Add(*[yi * sp.log(si) for yi, si in zip(y, s, strict=True)])
    return sp.Matrix([sp.diff(loss, zj) for zj in z])


# ---------------------------------------------------------------------------
# Figures of the chapter *Output layers*


def plot_temperatures(z: Sequence[float], temperatures: Sequence[float],
                      ax: Axes | None = None) -> Axes:
    """Grouped bars: ``softmax(z / T)`` for each temperature ``T``."""
    from helpers import plotting

    logits = np.asarray(z, dtype=np.float64)
    if ax is None:
        _, grid = plotting.new_figure(width=7.0, height=3.0)
        ax = grid[0, 0]
    width = 0.8 / len(temperatures)
    classes = np.arange(logits.size)
    styles = plotting.series_styles(len(temperatures) + 1)[1:]
    hatches = ["", "//", "..", "xx", "\\\\", "--"]
    with plotting.book_style():
        for i, (t, style) in enumerate(zip(temperatures, styles, strict=True)):
            ax.bar(classes + (i - (len(temperatures) - 1) / 2) * width,
                   softmax(logits, temperature=t), width=width, color=style["color"],
                   hatch=hatches[i % len(hatches)], edgecolor="white", label=f"T = {t:g}")
        ax.set_xticks(classes, [f"class {k}\nz = {v:g}" for k, v in enumerate(logits)])
        ax.set_ylabel("probability")
        ax.set_ylim(0, 1)
        ax.legend(fontsize=8, loc="upper right")
    return ax


def plot_maxout_pieces(units: Sequence[tuple[str, Sequence[float], Sequence[float]]],
                       xlim: tuple[float, float] = (-2.0, 2.0)) -> Figure:
    """One panel per maxout unit: its affine pieces (thin) and their maximum (thick).

    ``units`` holds ``(title, weights, biases)`` triples, as in
    :func:`maxout_affine`.
    """
    from helpers import plotting

    fig, grid = plotting.new_figure(ncols=len(units), width=2.6, height=2.4)
    xs = np.linspace(*xlim, 401)
    with plotting.book_style():
        for ax, (title, w, b) in zip(grid.flat, units, strict=True):
            styles = plotting.series_styles(len(w) + 1)
            for k, (wk, bk) in enumerate(zip(w, b, strict=True)):
                ax.plot(xs, wk * xs + bk, linewidth=1.0, color=styles[k + 1]["color"],
                        linestyle=styles[k + 1]["linestyle"], label=f"piece {k + 1}")
            ax.plot(xs, maxout_affine(xs, w, b), color=styles[0]["color"], linewidth=3.0,
                    alpha=0.8, label="maxout")
            ax.set_title(title, fontsize=10)
            ax.set_xlabel("x")
            ax.set_ylim(-2.2, 2.2)
        grid[0, 0].legend(fontsize=7, loc="lower right")
    return fig
