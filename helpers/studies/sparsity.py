"""Chapter: book/relu.md

Sparsity of rectifier layers: how many outputs are exactly zero.

Sparsity at initialisation and a preview of dead units.

A ReLU unit outputs an exact zero whenever its pre-activation
``z = x . w + b`` is ``<= 0``. For standard-normal inputs ``x`` the
pre-activation is normal with mean ``b`` and standard deviation ``||w||``, so
the expected fraction of zeros is ``Phi(-b / ||w||)``: one half at ``b = 0``
whatever the weights, as Glorot, Bordes & Bengio (2011) report for freshly
initialised rectifier networks.

Examples
--------
>>> import numpy as np
>>> from helpers.studies import sparsity
>>> float(sparsity.zero_fraction(np.array([0.0, 1.5, 0.0, 2.0])))
0.5
>>> sparsity.expected_zero_fraction(bias=0.0)
0.5
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes

from helpers import activations as act
from helpers import distributions, plotting
from helpers._validate import real_number, whole_number

__all__ = [
    "zero_fraction",
    "layer_outputs",
    "expected_zero_fraction",
    "zero_fraction_tolerance",
    "SparsityTable",
    "sparsity_sweep",
    "BiasShift",
    "bias_shift_sweep",
    "plot_bias_shift",
]

#: ``init(fan_in, fan_out, seed) -> weights`` of shape ``(fan_in, fan_out)``.
WeightInit = Callable[[int, int, int], np.ndarray]


def _real_array(values: object, what: str) -> np.ndarray:
    arr = np.asarray(values)
    if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.floating)
                                 or np.issubdtype(arr.dtype, np.integer)):
        raise ValueError(f"{what} must be real numbers (float or int), got dtype {arr.dtype}")
    if arr.size == 0:
        raise ValueError(f"{what} is empty; need at least one value")
    if np.issubdtype(arr.dtype, np.floating) and np.isnan(arr).any():
        raise ValueError(f"{what} contains NaN; a NaN is neither zero nor non-zero")
    return arr


def zero_fraction(values: object, axis: int | None = None) -> float | np.ndarray:
    """Fraction of entries that are exactly zero.

    Parameters
    ----------
    values : array_like of real numbers
        Layer outputs, e.g. of shape ``(n_samples, n_units)``.
    axis : int, optional
        Count along this axis only: ``axis=0`` on ``(n_samples, n_units)``
        outputs gives each unit's zero fraction over the samples (a unit whose
        fraction is 1 is silent on every sample). ``None`` counts all entries.

    Returns
    -------
    float or ndarray
        A number in ``[0, 1]`` (or an array of them when ``axis`` is given).

    Raises
    ------
    ValueError
        For empty input, NaN, or non-real dtypes.
    """
    arr = _real_array(values, "values")
    zeros = arr == 0
    if axis is None:
        return float(zeros.mean())
    if not -arr.ndim <= axis < arr.ndim:
        raise ValueError(f"axis must be None or in [{-arr.ndim}, {arr.ndim - 1}], got {axis}")
    return zeros.mean(axis=axis)


def layer_outputs(inputs: object, weights: object, bias: object = None,
                  activation: str = "relu") -> np.ndarray:
    """Outputs ``f(inputs @ weights + bias)`` of one dense layer.

    Parameters
    ----------
    inputs : array_like, shape (n_samples, fan_in)
    weights : array_like, shape (fan_in, fan_out)
    bias : array_like, shape (fan_out,) or scalar, optional
        Zero when omitted.
    activation : str
        A registry name (see :func:`helpers.activations.names`).

    Raises
    ------
    ValueError
        For mismatched shapes, NaN, or an unknown activation (the message lists
        the valid names).
    """
    fn = act.get(activation)
    x = _real_array(inputs, "inputs").astype(float)
    w = _real_array(weights, "weights").astype(float)
    if x.ndim != 2 or w.ndim != 2:
        raise ValueError(f"inputs and weights must be 2-D, got shapes {x.shape} and {w.shape}")
    if x.shape[1] != w.shape[0]:
        raise ValueError(f"inputs have {x.shape[1]} features but weights expect {w.shape[0]} "
                         f"(weights shape {w.shape})")
    z = x @ w
    if bias is not None:
        b = _real_array(bias, "bias").astype(float)
        if b.ndim > 1 or (b.ndim == 1 and b.shape[0] != w.shape[1]):
            raise ValueError(f"bias must be a scalar or have shape ({w.shape[1]},), "
                             f"got {b.shape}")
        z = z + b
    return fn.f(z)


def expected_zero_fraction(bias: float = 0.0, weight_norm: float = 1.0) -> float:
    """Probability that a ReLU unit outputs zero on a standard-normal input.

    The pre-activation ``x . w + b`` with ``x ~ N(0, I)`` is normal with mean
    ``b`` and standard deviation ``||w||``, so the answer is ``Phi(-b / ||w||)``.

    Raises
    ------
    ValueError
        If ``weight_norm`` is not a finite number > 0 or ``bias`` is not finite.
    """
    weight_norm = real_number(weight_norm, "weight_norm", "a finite number > 0", lambda v: v > 0)
    bias = real_number(bias, "bias")
    return float(distributions.normal_cdf(-bias / weight_norm))


def zero_fraction_tolerance(n_samples: int, z: float = 4.0) -> float:
    """Half-width of a ``z``-sigma band around 1/2 for a zero-bias layer's zero fraction.

    With zero bias and standard-normal inputs each unit is zero on a sample
    with probability exactly 1/2, independently across samples, so a unit's
    zero fraction over ``n_samples`` samples has standard deviation
    ``0.5 / sqrt(n_samples)``. The layer's fraction is the mean over units; its
    standard deviation is at most that of one unit (units may be correlated),
    so ``z * 0.5 / sqrt(n_samples)`` is a safe band for any width.
    """
    whole_number(n_samples, "n_samples", minimum=1)
    if not z > 0:
        raise ValueError(f"z must be > 0, got {z!r}")
    return float(z * 0.5 / math.sqrt(n_samples))


@dataclass(frozen=True)
class SparsityTable:
    """Zero fractions of fresh layers: ``fractions[i, j]`` for ``widths[i]``, ``seeds[j]``."""

    widths: tuple[int, ...]
    seeds: tuple[int, ...]
    fractions: np.ndarray
    n_samples: int

    def _repr_html_(self) -> str:
        head = "".join(f"<th>seed {s}</th>" for s in self.seeds)
        rows = []
        for width, row in zip(self.widths, self.fractions, strict=True):
            cells = "".join(f"<td>{v:.3f}</td>" for v in row)
            rows.append(f"<tr><th>{width}</th>{cells}<td>{row.mean():.3f}</td></tr>")
        caption = html.escape(f"Fraction of exact zeros over {self.n_samples} "
                              "standard-normal inputs")
        return (f"<table><caption>{caption}</caption><thead><tr><th>width</th>{head}"
                f"<th>mean</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")

    def __repr__(self) -> str:
        lines = ["width  " + "  ".join(f"seed {s}" for s in self.seeds) + "  mean"]
        for width, row in zip(self.widths, self.fractions, strict=True):
            lines.append(f"{width:<6} " + "  ".join(f"{v:6.3f}" for v in row)
                         + f"  {row.mean():.3f}")
        return "\n".join(lines)


def sparsity_sweep(init: WeightInit, widths: Sequence[int], seeds: Sequence[int],
                   fan_in: int = 64, n_samples: int = 1000,
                   activation: str = "relu") -> SparsityTable:
    """Zero fraction of a freshly initialised layer (zero bias) for several widths and seeds.

    Parameters
    ----------
    init : callable ``(fan_in, fan_out, seed) -> weights``
        Weight initialiser returning shape ``(fan_in, fan_out)``.
    widths, seeds : sequences of int
        Layer widths (``fan_out``) and seeds; seed ``s`` seeds both the weights
        and the inputs, so each cell is reproducible.
    fan_in, n_samples : int
        Input dimension and number of standard-normal input vectors.
    activation : str
        Registry name of the activation.
    """
    widths, seeds = tuple(int(w) for w in widths), tuple(int(s) for s in seeds)
    if not widths or not seeds:
        raise ValueError("widths and seeds must each hold at least one value")
    if min(widths) < 1 or fan_in < 1 or n_samples < 1:
        raise ValueError("widths, fan_in and n_samples must be integers >= 1")
    fractions = np.empty((len(widths), len(seeds)))
    for i, width in enumerate(widths):
        for j, seed in enumerate(seeds):
            # inputs get their own stream so they are independent of weights drawn with `seed`
            inputs = np.random.default_rng((seed, 1)).standard_normal((n_samples, fan_in))
            weights = np.asarray(init(fan_in, width, seed))
            fractions[i, j] = zero_fraction(layer_outputs(inputs, weights, None, activation))
    return SparsityTable(widths, seeds, fractions, n_samples)


@dataclass(frozen=True)
class BiasShift:
    """Result of :func:`bias_shift_sweep`.

    Attributes
    ----------
    shifts : ndarray
        Bias values added to every unit.
    zero_fraction : ndarray
        Fraction of exact zeros over all units and samples, per shift.
    silent_fraction : ndarray
        Fraction of units that are zero on *every* sample, per shift: those
        units pass no gradient back to their weights on this data.
    expected : ndarray
        ``Phi(-b / ||w||)`` averaged over units: the prediction for
        ``zero_fraction``.
    """

    shifts: np.ndarray
    zero_fraction: np.ndarray
    silent_fraction: np.ndarray
    expected: np.ndarray


def bias_shift_sweep(weights: object, shifts: Sequence[float], n_samples: int = 500,
                     seed: int = 0) -> BiasShift:
    """Push every bias of a ReLU layer to ``b`` and count zeros and silent units.

    A large negative step on the biases (for instance from a too-large
    learning rate) is the simplest way a ReLU layer goes quiet; this measures
    it on ``n_samples`` standard-normal inputs.
    """
    w = _real_array(weights, "weights").astype(float)
    if w.ndim != 2:
        raise ValueError(f"weights must be 2-D (fan_in, fan_out), got shape {w.shape}")
    b = _real_array(shifts, "shifts").astype(float).ravel()
    if not np.isfinite(b).all():
        raise ValueError("shifts must be finite numbers")
    inputs = np.random.default_rng(seed).standard_normal((n_samples, w.shape[0]))
    z = inputs @ w
    norms = np.linalg.norm(w, axis=0)
    if not (norms > 0).all():
        raise ValueError("every column of weights needs a non-zero norm")
    zero, silent, expected = [], [], []
    for shift in b:
        per_unit = (z + shift <= 0).mean(axis=0)
        zero.append(per_unit.mean())
        silent.append((per_unit == 1).mean())
        expected.append(distributions.normal_cdf(-shift / norms).mean())
    return BiasShift(b, np.array(zero), np.array(silent), np.array(expected))


def plot_bias_shift(result: BiasShift, ax: Axes | None = None) -> Axes:
    """Plot measured and predicted zero fraction and the silent-unit fraction against the bias."""
    if ax is None:
        _, grid = plotting.new_figure(width=5.5, height=3.2)
        ax = grid[0, 0]
    styles = plotting.series_styles(3)
    with plotting.book_style():
        ax.plot(result.shifts, result.expected, label=r"predicted zeros $\Phi(-b/\|w\|)$",
                **styles[0])
        ax.plot(result.shifts, result.zero_fraction, marker="o", markersize=4,
                label="measured zeros", **styles[1])
        ax.plot(result.shifts, result.silent_fraction, marker="s", markersize=4,
                label="units zero on every input", **styles[2])
        ax.set_xlabel("bias $b$ added to every unit")
        ax.set_ylabel("fraction")
        ax.set_ylim(-0.03, 1.03)
        ax.legend(loc="best", fontsize=8)
    return ax
