"""Chapter: book/output_layers.md

Softmax derived with SymPy (its Jacobian and the softmax-cross-entropy
gradient, written in the logits ``z_0 .. z_{n-1}``), and the chapter's
figures: softmax at several temperatures and maxout units as the maximum of
their affine pieces. The NumPy functions themselves are engine code, in
:mod:`helpers.vector`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import sympy as sp
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from helpers import plotting
from helpers._validate import whole_number
from helpers.vector import maxout_affine, softmax

__all__ = [
    "logit_symbols",
    "label_symbols",
    "softmax_symbolic",
    "softmax_jacobian_symbolic",
    "cross_entropy_gradient_symbolic",
    "plot_temperatures",
    "plot_maxout_pieces",
]


# ---------------------------------------------------------------------------
# Symbolic softmax (SymPy)


def _check_n(n: int) -> None:
    whole_number(n, "n", minimum=1)


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
