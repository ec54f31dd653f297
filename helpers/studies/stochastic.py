"""Chapter: book/leaky_relu.md

Randomised leaky ReLU (RReLU): a random negative slope while training.

RReLU (Xu et al., 2015) is a leaky ReLU whose slope on the negative side is
drawn afresh for every element from ``U(lower, upper)`` at training time and
fixed to the mean ``(lower + upper) / 2`` at evaluation time, where it is an
ordinary leaky ReLU. The defaults ``lower = 1/8``, ``upper = 1/3`` are those
of the paper and of PyTorch.

Derivative convention: the derivative at ``x = 0`` is the left-hand one
(the slope), as for every ReLU-like function in the book.

Examples
--------
>>> from helpers.studies import stochastic
>>> stochastic.rrelu([-2.0, 3.0], training=False).tolist()
[-0.4583333333333333, 3.0]
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from helpers import activations as act
from helpers import plotting
from helpers._validate import real_array, real_number

__all__ = ["rrelu_slopes", "rrelu", "rrelu_grad", "eval_slope", "plot_rrelu"]


def _check_bounds(lower: float, upper: float) -> tuple[float, float]:
    lower, upper = real_number(lower, "lower"), real_number(upper, "upper")
    if not 0 <= lower <= upper < 1:
        raise ValueError(
            f"need 0 <= lower <= upper < 1 (the slopes of a leaky ReLU), got "
            f"lower={lower!r}, upper={upper!r}"
        )
    return lower, upper


def _as_float_array(values: object) -> np.ndarray:
    return real_array(values, "x")


def eval_slope(lower: float = 1 / 8, upper: float = 1 / 3) -> float:
    """The fixed slope used at evaluation time: the mean ``(lower + upper) / 2``."""
    lower, upper = _check_bounds(lower, upper)
    return (lower + upper) / 2


def rrelu_slopes(shape: tuple[int, ...], lower: float = 1 / 8, upper: float = 1 / 3,
                 training: bool = True, seed: int = 0) -> np.ndarray:
    """The negative-side slope of every element: ``U(lower, upper)`` draws, or the mean.

    The same ``seed`` and ``shape`` give the same slopes, so :func:`rrelu`
    and :func:`rrelu_grad` called with one seed describe one random function.
    """
    lower, upper = _check_bounds(lower, upper)
    if not training:
        return np.full(shape, (lower + upper) / 2)
    return np.random.default_rng(seed).uniform(lower, upper, size=shape)


def rrelu(values: object, lower: float = 1 / 8, upper: float = 1 / 3, training: bool = True,
          seed: int = 0) -> np.ndarray:
    """Randomised leaky ReLU: ``x`` for ``x > 0``, ``a * x`` for ``x <= 0``.

    Parameters
    ----------
    values : array_like
        Input (int or float; floats keep their dtype).
    lower, upper : float
        Range of the random slope, ``0 <= lower <= upper < 1``.
    training : bool
        ``True``: a fresh slope ``a ~ U(lower, upper)`` per element (seeded).
        ``False``: the fixed slope ``a = (lower + upper) / 2``.
    seed : int
        Seed of the slopes (training only).

    Raises
    ------
    ValueError
        For bounds outside ``0 <= lower <= upper < 1`` or non-real input.
    """
    arr = _as_float_array(values)
    slopes = rrelu_slopes(arr.shape, lower, upper, training, seed).astype(arr.dtype)
    return np.where(arr > 0, arr, slopes * arr)


def rrelu_grad(values: object, lower: float = 1 / 8, upper: float = 1 / 3,
               training: bool = True, seed: int = 0) -> np.ndarray:
    """Derivative of :func:`rrelu` with the same slopes: 1 for ``x > 0``, ``a`` for ``x <= 0``."""
    arr = _as_float_array(values)
    slopes = rrelu_slopes(arr.shape, lower, upper, training, seed).astype(arr.dtype)
    return np.where(arr > 0, arr.dtype.type(1), slopes)


def plot_rrelu(lower: float = 1 / 8, upper: float = 1 / 3, draws: int = 3, seed: int = 0,
               xlim: tuple[float, float] = (-4.0, 2.0), num: int = 61) -> tuple[Axes, Axes]:
    """RReLU at training time (``draws`` random samples, dots) and at evaluation (line).

    Left: the function; right: its derivative. The evaluation curve is the
    registry's ``leaky_relu`` with ``alpha = (lower + upper) / 2``; the shaded
    band is the range of possible training-time values.
    """
    lower, upper = _check_bounds(lower, upper)
    _, grid = plotting.new_figure(ncols=2)
    ax_f, ax_df = grid[0, 0], grid[0, 1]
    xs = np.linspace(*xlim, num)
    fine = np.linspace(*xlim, 401)
    evaluation = act.get("leaky_relu", alpha=eval_slope(lower, upper))
    styles = plotting.series_styles(draws + 1)
    markers = "os^vD<>p"
    with plotting.book_style():
        neg = np.minimum(fine, 0)
        ax_f.fill_between(fine, upper * neg + np.maximum(fine, 0),
                          lower * neg + np.maximum(fine, 0), color="0.85",
                          label="training range")
        label = f"evaluation (slope {evaluation.params['alpha']:.3g})"
        ax_f.plot(fine, evaluation.f(fine), label=label, **styles[0])
        ax_df.plot(fine, evaluation.df(fine), label="evaluation", **styles[0])
        for k in range(draws):
            colour = styles[k + 1]["color"]
            marker = markers[k % len(markers)]
            ax_f.plot(xs, rrelu(xs, lower, upper, True, seed + k), linestyle="none",
                      marker=marker, markersize=4, color=colour, label=f"training draw {k + 1}")
            ax_df.plot(xs, rrelu_grad(xs, lower, upper, True, seed + k), linestyle="none",
                       marker=marker, markersize=4, color=colour, label=f"training draw {k + 1}")
        ax_df.axhspan(lower, upper, color="0.85")
        for ax, name in ((ax_f, "f(x)"), (ax_df, "f'(x)")):
            ax.axhline(0, color="0.6", linewidth=0.8)
            ax.axvline(0, color="0.6", linewidth=0.8)
            ax.set_xlabel("x")
            ax.set_title(f"${name}$")
        ax_f.legend(fontsize=8, loc="upper left")
    return ax_f, ax_df
