"""Chapter: book/properties.md, book/claims.md

What the columns of the property table do for training, with counterexamples.

* :func:`train_runs` trains one activation on a Playground set with several
  seeds at once (``helpers.nn.train_many``) and keeps held-out accuracies,
  dead fractions and how fast a threshold is reached. The property chapter
  compares monotonic and non-monotonic, smooth and kinked activations with
  it; :mod:`helpers.studies.claims` reuses it.
* :func:`squared_error_curvature` and :func:`chord_gap` show that a single
  sigmoid unit trained with squared error is not convex in its weight,
  although the sigmoid is monotonic; with cross-entropy it is.
* :func:`bounded_depth` iterates the variance rules of the initialisation
  chapter: a bounded activation caps the forward signal, not the gradient.

Examples
--------
>>> from helpers.studies import property_effects as pe
>>> pe.squared_error_curvature().root
-log(2)
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp
from IPython.display import Markdown

from helpers import activations as act
from helpers import datasets, nn, tables
from helpers.studies import initialisation, properties

__all__ = ["Runs", "train_runs", "training_table", "Curvature", "squared_error_curvature",
           "chord_gap", "bounded_depth"]


@dataclass(frozen=True)
class Runs:
    """Several seeds of one activation trained on one data set.

    ``test``, ``train`` and ``dead`` hold one value per seed after the last
    epoch (``dead``: the share of hidden units dead on the training set, mean
    over layers); ``zeros`` the share of hidden activations that are exactly 0
    on the test inputs (the *sparsity*, mean over layers); ``epochs_to`` the
    epochs until the *training* accuracy first reached ``threshold`` (``None``
    where it never did).
    """

    activation: str
    test: np.ndarray
    train: np.ndarray
    dead: np.ndarray
    zeros: np.ndarray
    epochs_to: tuple[int | None, ...]
    threshold: float

    @property
    def gap(self) -> np.ndarray:
        """Training minus test accuracy, per seed (the generalisation gap)."""
        return self.train - self.test

    def mean_epochs_to(self) -> float:
        """Mean epochs to the threshold; a seed that never got there counts as ``inf``."""
        return float(np.mean([math.inf if e is None else e for e in self.epochs_to]))


@functools.cache
def _runs(activation: str, params: tuple[tuple[str, float], ...], data: str, n: int,
          hidden: tuple[int, ...], seeds: tuple[int, ...], optimiser: str, lr: float,
          epochs: int, batch_size: int | None, init: str, threshold: float) -> Runs:
    split = datasets.playground(data, n=n, seed=0)
    net, h = nn.train_many([2, *hidden, 2], *split.train, seeds=seeds, activation=activation,
                         activation_params=dict(params) or None, init=init,
                         optimiser=optimiser, lr=lr, epochs=epochs, batch_size=batch_size,
                         test=split.test)
    dead = (np.zeros(len(seeds)) if h.dead_fraction is None
            else np.nan_to_num(h.dead_fraction[:, -1].mean(axis=-1)))
    with np.errstate(all="ignore"):
        zeros = np.mean([np.mean(hid == 0, axis=(-2, -1)) for _, hid in net.hidden(split.X_test)],
                        axis=0)
    return Runs(activation, np.nan_to_num(h.test_accuracy[:, -1]),
                np.nan_to_num(h.accuracy[:, -1]), dead, zeros,
                tuple(h.epochs_to(threshold, "accuracy")), threshold)


def train_runs(activation: str, data: str = "spiral", *, n: int = 400,
               hidden: Sequence[int] = (16, 16), seeds: Sequence[int] = range(5),
               optimiser: str = "adam", lr: float = 0.02, epochs: int = 100,
               batch_size: int | None = None, init: str = "he", threshold: float = 0.9,
               **params: float) -> Runs:
    """Train ``[2, *hidden, 2]`` networks on a Playground set, one per seed, all at once.

    Parameters
    ----------
    activation : str
        A registry name; ``params`` (e.g. ``alpha=0.1``) go to it.
    data : str
        ``"spiral"``, ``"xor"``, ``"circles"`` or ``"gaussians"``
        (``datasets.playground(data, n=n, seed=0)``: half the points held out).
    hidden, seeds, optimiser, lr, epochs, batch_size, init
        As for ``helpers.nn.train_many`` (full batch by default).
    threshold : float
        Training accuracy whose first epoch :attr:`Runs.epochs_to` records.

    Returns
    -------
    Runs
        Cached for the session: the same arguments train once.
    """
    act.get(activation, **params)  # unknown names and bad parameters fail here
    return _runs(activation, tuple(sorted(params.items())), data, int(n),
                 tuple(int(h) for h in hidden), tuple(int(s) for s in seeds), optimiser,
                 float(lr), int(epochs), batch_size, init, float(threshold))


def training_table(names: Sequence[str], **options: object) -> Markdown:
    """Property columns beside held-out accuracy, for activations trained by :func:`train_runs`.

    Columns: the activation, monotonic, smoothness, bounded (range inside a
    finite interval), held-out accuracy (mean ± 95 % interval over the seeds)
    and the mean epochs to 90 % training accuracy ("never" if a seed never got
    there). ``options`` go to :func:`train_runs`.
    """
    rows = []
    for name in names:
        row, runs = properties.properties(name), train_runs(name, **options)
        mean, half = nn.mean_ci(runs.test)
        epochs = runs.mean_epochs_to()
        bounded = row.range.inf.is_finite and row.range.sup.is_finite
        smooth = row.smoothness_label.replace("∞", "\\infty")
        rows.append((tables.activation_name(name), "yes" if row.monotonic else "no",
                     smooth if smooth == "discontinuous" else f"${smooth}$",
                     "yes" if bounded else "no",
                     f"{mean:.3f} ± {half:.3f}",
                     "never" if math.isinf(epochs) else f"{epochs:.0f}"))
    return tables.markdown_table(["activation", "monotonic", "smoothness", "bounded",
                                  "held-out accuracy", "epochs to 90 %"], rows)


# ---------------------------------------------------------------------------
# Monotonic is not convex


w = sp.Symbol("w", real=True)


@dataclass(frozen=True)
class Curvature:
    """The loss of one sigmoid unit ``sigma(w)`` against target 1, and its curvature.

    ``squared`` is ``(sigma(w) - 1)**2``, ``cross_entropy`` is
    ``-log(sigma(w))``; ``d2_squared`` and ``d2_cross_entropy`` their second
    derivatives in ``w``; ``root`` the one point where ``d2_squared``
    changes sign (left of it the squared error is concave).
    """

    squared: sp.Expr
    cross_entropy: sp.Expr
    d2_squared: sp.Expr
    d2_cross_entropy: sp.Expr
    root: sp.Expr


def squared_error_curvature() -> Curvature:
    """Second derivatives of both losses of a single sigmoid unit (input 1, target 1).

    With ``s = sigma(w)``, ``d2_squared = 2 s'(1 - s)(3s - 1)``: negative
    wherever ``s < 1/3``, that is for ``w < -log 2``; ``d2_cross_entropy = s'``,
    positive everywhere.
    """
    sigma = act.get("sigmoid").expr.subs(act.x, w)
    squared = (sigma - 1) ** 2
    cross = -sp.log(sigma)
    d2_sq = sp.diff(squared, w, 2)
    root = sp.solve(sp.Eq(3 * sigma - 1, 0), w)
    return Curvature(squared, cross, d2_sq, sp.diff(cross, w, 2), sp.simplify(root[0]))


def chord_gap(a: float = -6.0, b: float = 0.0, loss: str = "squared") -> float:
    """``L((a + b)/2) - (L(a) + L(b))/2`` for a loss of :func:`squared_error_curvature`.

    Positive means the loss at the midpoint lies *above* the chord: the loss is
    not convex on ``[a, b]``.
    """
    if loss not in ("squared", "cross_entropy"):
        raise ValueError(f"loss must be 'squared' or 'cross_entropy', got {loss!r}")
    expr = getattr(squared_error_curvature(), loss)
    f = sp.lambdify(w, expr, "math")
    return float(f((a + b) / 2) - (f(a) + f(b)) / 2)


# ---------------------------------------------------------------------------
# Bounded is not safe


def bounded_depth(activation: str, gain: float, depth: int = 30) -> tuple[float, float]:
    """Predicted pre-activation std after ``depth`` layers and the gradient std factor.

    Weights of standard deviation ``gain / sqrt(n)`` on square layers, from unit
    variance (the mean-field recursion of the initialisation chapter,
    ``initialisation.mean_field``).
    """
    q, chi = initialisation.mean_field(activation, gain, depth)
    with np.errstate(over="ignore"):
        factor = float(np.sqrt(np.prod(chi)))
    return math.sqrt(q[-1]), factor
