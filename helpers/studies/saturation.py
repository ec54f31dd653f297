r"""Chapter: book/sigmoid.md

How a saturating activation shrinks gradients with depth.

Backpropagating through ``n`` layers
multiplies ``n`` factors ``w_i f'(z_i)``; with ``|w_i| <= 1`` and the
sigmoid's slope at most 1/4, the product is at most :math:`(1/4)^n`, and
smaller still when the pre-activations ``z_i`` sit away from 0.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes

from helpers import activations as act
from helpers import plotting
from helpers._validate import whole_number

__all__ = ["chain_factor", "plot_depth_decay"]


def chain_factor(name: str, z: float, depth: int) -> np.ndarray:
    """``f'(z)^n`` for ``n = 1 .. depth``: the gradient factor of a chain of equal units.

    With unit weights and every pre-activation equal to ``z``, this is what
    survives of the gradient after ``n`` layers of activation ``name``.
    """
    whole_number(depth, "depth", minimum=1)
    slope = float(act.get(name).df(float(z)))
    return slope ** np.arange(1, depth + 1, dtype=np.float64)


def plot_depth_decay(name: str = "sigmoid", pre_activations: Sequence[float] = (0.0, 2.0, 5.0),
                     depth: int = 30, ax: Axes | None = None) -> Axes:
    """Log-scale plot of ``f'(z)^n`` against depth ``n`` for a few pre-activations ``z``.

    For the sigmoid the ``z = 0`` line is the bound ``(1/4)^n``.
    """
    if ax is None:
        _, axes = plotting.new_figure(width=5.0, height=3.4)
        ax = axes[0, 0]
    n = np.arange(1, depth + 1)
    with plotting.book_style():
        styles = plotting.series_styles(len(pre_activations))
        for z, style in zip(pre_activations, styles, strict=True):
            factor = chain_factor(name, z, depth)
            slope = factor[0]
            ax.semilogy(n, factor, marker="o", markersize=3,
                        label=f"$z = {z:g}$: $({slope:.3g})^n$", **style)
        ax.set_xlabel("depth $n$ (layers the gradient passes through)")
        ax.set_ylabel("gradient factor (log scale)")
        ax.legend(fontsize=8)
    return ax
