"""Chapter: book/optimisers.md

Do momentum, Adam or a smaller learning rate prevent dead ReLUs?

* :func:`momentum_sum` and :func:`adam_bias` derive, with SymPy, momentum's
  effective step ``1/(1 - mu)`` and the bias ``(1 - beta1^t)`` of Adam's
  first moment that its correction divides out.
* :func:`first_steps` runs :class:`helpers.nn.Optimiser` on a constant
  gradient: the step sizes each optimiser takes at the start.
* :func:`dead_grid` trains the spiral network of *Training failures*
  (2-32-32-2 ReLU, He initialisation, full batch) for every optimiser and
  learning rate, several seeds at once; :func:`dead_table` and
  :func:`plot_dead_grid` show the dead fraction and the held-out accuracy.

Training uses ``helpers.nn.train`` (through ``train_many``); nothing runs at import.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import sympy as sp
from IPython.display import Markdown
from matplotlib import ticker
from matplotlib.axes import Axes

from helpers import datasets, nn, plotting, tables

__all__ = [
    "OPTIMISER_LABELS",
    "LEARNING_RATES",
    "momentum_sum",
    "adam_bias",
    "first_steps",
    "dead_grid",
    "dead_table",
    "plot_dead_grid",
]

#: The optimisers compared, with their labels.
OPTIMISER_LABELS: dict[str, str] = {"sgd": "SGD", "momentum": "momentum (μ = 0.9)",
                                    "adam": "Adam"}
#: Learning rates of the grid (SGD kills units from 2 on; Adam's usual rates are 0.001-0.01).
LEARNING_RATES: tuple[float, ...] = (0.01, 0.1, 1.0, 4.0)


def momentum_sum() -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    """Momentum's velocity after ``t`` steps of a constant gradient ``g``, three ways.

    ``v_t = mu v_{t-1} + g`` from ``v_0 = 0``: SymPy's sum of the geometric
    series, the closed form ``g (1 - mu^t) / (1 - mu)``, and the limit for
    ``t -> oo`` at ``mu = 0.9`` (``10 g``, that is ``g / (1 - mu)``).
    """
    g, mu = sp.symbols("g mu", positive=True)
    t, k = sp.symbols("t k", integer=True, positive=True)
    v_t = sp.piecewise_fold(sp.summation(g * mu ** k, (k, 0, t - 1)))
    if isinstance(v_t, sp.Piecewise):        # SymPy splits off mu = 1; momentum has mu < 1
        v_t = v_t.args[-1][0]
    closed = g * (1 - mu ** t) / (1 - mu)
    return sp.simplify(v_t), closed, sp.limit(v_t.subs(mu, sp.Rational(9, 10)), t, sp.oo)


def adam_bias() -> tuple[sp.Expr, sp.Expr]:
    """``E[m_t]`` of Adam's first moment for gradients of constant mean ``E[g]``.

    ``m_t = beta1 m_{t-1} + (1 - beta1) g_t`` from ``m_0 = 0`` unrolls to
    ``(1 - beta1) sum_k beta1^(t-1-k) g_k``; its expectation is returned with
    the closed form ``(1 - beta1^t) E[g]`` that the bias correction divides by.
    """
    beta, Eg = sp.symbols("beta_1 E_g", positive=True)
    t, k = sp.symbols("t k", integer=True, positive=True)
    expectation = (1 - beta) * sp.summation(beta ** (t - k) * Eg, (k, 1, t))
    return sp.simplify(expectation), (1 - beta ** t) * Eg


def first_steps(g: float = 1.0, lr: float = 0.1, steps: int = 30) -> dict[str, np.ndarray]:
    """Step sizes ``|theta_t - theta_{t-1}|`` of each optimiser for a constant gradient ``g``.

    Momentum's step grows towards ``lr / (1 - mu)``; Adam's is ``lr`` from the
    first step on (bias-corrected), whatever ``g`` is; SGD's is ``lr |g|``.
    """
    out = {}
    for name in OPTIMISER_LABELS:
        opt = nn.Optimiser(name, 1, lr)
        theta, sizes = np.zeros(1), []
        for _ in range(steps):
            before = theta[0]
            opt.step(theta, np.array([g]))
            sizes.append(abs(theta[0] - before))
        out[name] = np.array(sizes)
    return out


@functools.lru_cache(maxsize=8)
def _grid(rates: tuple[float, ...], seeds: tuple[int, ...], epochs: int
          ) -> dict[tuple[str, float], dict[str, np.ndarray]]:
    data = datasets.playground("spiral", seed=0)
    out = {}
    for name in OPTIMISER_LABELS:
        for lr in rates:
            _, h = nn.train_many([2, 32, 32, 2], *data.train, seeds=seeds, activation="relu",
                                 optimiser=name, lr=lr, epochs=epochs, test=data.test)
            ok = np.isfinite(h.loss)
            last = np.array([np.flatnonzero(row)[-1] for row in ok])
            rows = np.arange(len(seeds))
            out[name, lr] = {"dead": h.dead_fraction[rows, last].mean(axis=-1),
                             "test_accuracy": h.test_accuracy[rows, last],
                             "diverged": np.array([d is not None for d in h.diverged_at])}
    return out


def dead_grid(learning_rates: Sequence[float] = LEARNING_RATES,
              seeds: Sequence[int] = (0, 1, 2, 3, 4), epochs: int = 60
              ) -> dict[tuple[str, float], dict[str, np.ndarray]]:
    """Dead fraction and held-out accuracy after training, per optimiser and learning rate.

    The network and data of the dead-ReLU experiment in *Training failures*
    (2-32-32-2 ReLU, He initialisation, spiral, full batch, ``epochs``
    epochs), trained with SGD, momentum (0.9) and Adam (0.9, 0.999) at each
    learning rate. Returns ``{(optimiser, lr): {"dead": (S,), "test_accuracy":
    (S,), "diverged": (S,)}}`` (one entry per seed; the last finite epoch of a
    run that diverged). Cached.
    """
    rates = tuple(float(r) for r in learning_rates)
    if not rates or any(not r > 0 for r in rates):
        raise ValueError(f"learning_rates must be numbers > 0, got {learning_rates!r}")
    return _grid(rates, tuple(int(s) for s in seeds), int(epochs))


def dead_table(grid: dict[tuple[str, float], dict[str, np.ndarray]]) -> Markdown:
    """One row per optimiser and learning rate: dead units and test accuracy (mean ± 95 % CI)."""
    rows = []
    for (name, lr), r in grid.items():
        cells = []
        for key, scale in (("dead", 100), ("test_accuracy", 1)):
            mean, half = nn.mean_ci(r[key] * scale) if np.ptp(r[key]) > 0 \
                else (float(r[key][0] * scale), 0.0)
            cells.append(f"{mean:.0f} ± {half:.0f}" if scale == 100 else
                         f"{mean:.2f} ± {half:.2f}")
        rows.append([OPTIMISER_LABELS[name], f"{lr:g}", *cells])
    return tables.markdown_table(["optimiser", "learning rate", "dead units (%)",
                                  "test accuracy"], rows)


def plot_dead_grid(grid: dict[tuple[str, float], dict[str, np.ndarray]]) -> tuple[Axes, Axes]:
    """Dead fraction (left) and test accuracy (right) against the learning rate, per optimiser."""
    fig, axes = plotting.new_figure(ncols=2, width=3.6, height=2.8)
    ax_dead, ax_acc = axes[0]
    rates = sorted({lr for _, lr in grid})
    with plotting.book_style():
        for (name, label), style, marker in zip(OPTIMISER_LABELS.items(),
                                                plotting.series_styles(3), "os^", strict=True):
            dead = [100 * grid[name, lr]["dead"].mean() for lr in rates]
            acc = [grid[name, lr]["test_accuracy"].mean() for lr in rates]
            ax_dead.plot(rates, dead, marker=marker, label=label, **style)
            ax_acc.plot(rates, acc, marker=marker, label=label, **style)
        ax_dead.set_ylim(-3, 103)
        ax_dead.set_ylabel("dead hidden units (%)")
        ax_acc.set_ylim(0.4, 1.02)
        ax_acc.set_ylabel("test accuracy")
        for ax in (ax_dead, ax_acc):
            ax.set_xscale("log")
            ax.set_xticks(rates)
            ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))
            ax.xaxis.set_minor_formatter(ticker.NullFormatter())
            ax.set_xlabel("learning rate")
        ax_dead.legend(fontsize=7, loc="upper left")
    return ax_dead, ax_acc
