r"""Chapter: book/why_activations.md

Universal approximation in pictures: one hidden layer as a sum of simple pieces.

A network with one hidden layer computes

.. math:: g(x) = c + \sum_{i=1}^{N} a_i\, \varphi(w_i x + b_i).

Two constructions show how such sums approximate a continuous target on an
interval as the number of units ``N`` grows (Cybenko 1989 proves it for
sigmoids in general):

* :func:`sigmoid_steps` -- each steep sigmoid is a smoothed step, so ``N``
  of them build a staircase through ``N + 1`` samples of the target;
* :func:`relu_pieces` -- each ReLU adds a kink, so ``N`` of them build the
  piecewise-linear interpolant through ``N + 1`` samples (three ReLUs make
  one triangular "bump", and the interpolant is a sum of such bumps).

The weights are written down, not trained.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from helpers import activations as act
from helpers import plotting
from helpers._validate import real_number, whole_number

__all__ = ["ShallowNet", "sigmoid_steps", "relu_pieces", "max_error", "plot_approximations"]

Target = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class ShallowNet:
    """``g(x) = c + sum_i a_i * f(w_i * x + b_i)`` for a registered activation ``f``."""

    activation: str
    w: np.ndarray
    b: np.ndarray
    a: np.ndarray
    c: float

    @property
    def units(self) -> int:
        """Number of hidden units."""
        return len(self.w)

    def __call__(self, xs: np.typing.ArrayLike) -> np.ndarray:
        xs = np.asarray(xs, dtype=np.float64)
        f = act.get(self.activation).f
        return self.c + f(np.multiply.outer(xs, self.w) + self.b) @ self.a


def _knots(units: int, xlim: tuple[float, float]) -> np.ndarray:
    whole_number(units, "units", minimum=1)
    lo, hi = map(float, xlim)
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ValueError(f"xlim must be two finite numbers (low, high) with low < high, "
                         f"got {xlim!r}")
    return np.linspace(lo, hi, units + 1)


def sigmoid_steps(target: Target, units: int, xlim: tuple[float, float] = (0.0, 1.0),
                  steepness: float | None = None) -> ShallowNet:
    """A staircase of ``units`` steep sigmoids through ``units + 1`` target samples.

    The target is sampled at equally spaced knots ``t_0 .. t_N``; unit ``i``
    is a step of height ``target(t_i) - target(t_{i-1})`` centred half-way
    between the two knots. ``steepness`` (default ``10 / spacing``) sets how
    sharp each step is.
    """
    t = _knots(units, xlim)
    values = np.asarray(target(t), dtype=np.float64)
    h = t[1] - t[0]
    k = 10.0 / h if steepness is None else real_number(
        steepness, "steepness", "a finite number > 0", lambda v: v > 0)
    centres = (t[:-1] + t[1:]) / 2
    return ShallowNet("sigmoid", w=np.full(units, k), b=-k * centres,
                      a=np.diff(values), c=float(values[0]))


def relu_pieces(target: Target, units: int,
                xlim: tuple[float, float] = (0.0, 1.0)) -> ShallowNet:
    """The piecewise-linear interpolant of ``target`` at ``units + 1`` knots, from ``units`` ReLUs.

    Unit ``i`` is ``ReLU(x - t_i)`` weighted by the change of slope at knot
    ``t_i`` (the first unit carries the first slope), so the sum equals the
    target exactly at every knot and is linear in between.
    """
    t = _knots(units, xlim)
    values = np.asarray(target(t), dtype=np.float64)
    slopes = np.diff(values) / np.diff(t)
    return ShallowNet("relu", w=np.ones(units), b=-t[:-1],
                      a=np.diff(slopes, prepend=0.0), c=float(values[0]))


def max_error(net: ShallowNet, target: Target, xlim: tuple[float, float],
              num: int = 2001) -> float:
    """Largest ``|net(x) - target(x)|`` over ``num`` points of ``xlim``."""
    xs = np.linspace(*xlim, num)
    return float(np.max(np.abs(net(xs) - target(xs))))


def plot_approximations(target: Target, units: Sequence[int] = (2, 4, 16),
                        xlim: tuple[float, float] = (0.0, 1.0)) -> Figure:
    """Grid of panels: rows sigmoid staircase / ReLU pieces, one column per unit count.

    Each panel shows the target (solid), the network (dashed) and the
    largest error in its title.
    """
    fig, grid = plotting.new_figure(ncols=len(units), nrows=2, width=2.9, height=2.3)
    xs = np.linspace(*xlim, 801)
    target_style, net_style = plotting.series_styles(2)
    with plotting.book_style():
        for row, (build, name) in enumerate(((sigmoid_steps, "sigmoid"), (relu_pieces, "ReLU"))):
            for col, n in enumerate(units):
                ax = grid[row, col]
                net = build(target, n, xlim)
                ax.plot(xs, target(xs), label="target", **target_style)
                ax.plot(xs, net(xs), label=f"{n} {name} units", **net_style)
                err = max_error(net, target, xlim)
                ax.set_title(f"{n} {name} units, max error {err:.2f}", fontsize=9)
                ax.tick_params(labelsize=8)
        grid[0, 0].legend(fontsize=7, loc="lower left")
    return fig
