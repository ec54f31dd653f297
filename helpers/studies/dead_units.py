"""Chapter: book/leaky_relu.md, book/training_failures.md

Dead ReLU units: how they arise and what a leaky slope changes.

* *Leaky ReLU, PReLU and RReLU* starts a network with its first hidden layer
  dead (:func:`dead_start`) and trains ReLU against leaky ReLUs.
* *Training failures* trains five seeded networks on the Playground spiral
  at a range of learning rates (:func:`dead_relu_runs`) and shows the dead
  fraction and the held-out accuracy with a static-first slider (:func:`dead_relu`,
  built on :mod:`helpers.frames`) and a summary figure
  (:func:`dead_relu_summary`).

Training uses ``helpers.nn.train``; nothing is trained at import.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import ipywidgets as ipw
import numpy as np
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from helpers import activations as act
from helpers import datasets, nn, plotting
from helpers.frames import checked_values, slider_widget
from helpers.widgets import format_value

__all__ = [
    "DEAD_START_SHIFT",
    "dead_start",
    "DEFAULT_LEARNING_RATES",
    "DEFAULT_SEEDS",
    "dead_relu_runs",
    "DeadReluView",
    "dead_relu",
    "dead_relu_summary",
]

# ---------------------------------------------------------------------------
# A network that starts dead (Leaky ReLU)

#: How far :func:`dead_start` shifts the first hidden layer's biases down.
DEAD_START_SHIFT = 3.0


def dead_start(activation: str, sizes: Sequence[int] = (2, 32, 32, 2), seed: int = 0,
               shift: float = DEAD_START_SHIFT, **params: float) -> nn.MLP:
    """A seeded network whose first hidden layer's biases are shifted down by ``shift``.

    With inputs of the two-circles scale every first-layer pre-activation is
    then negative, so ReLU units there start dead; ``params`` go to the
    activation (``alpha`` for ``"leaky_relu"``).

    Examples
    --------
    >>> from helpers import datasets
    >>> X, _ = datasets.circles(seed=0)
    >>> float(dead_start("relu").hidden(X)[0][0].max()) < 0
    True
    """
    net = nn.MLP(list(sizes), activation=activation, seed=seed, activation_params=params)
    net.params["b"][0] -= shift
    return net


# ---------------------------------------------------------------------------
# Dead ReLUs: a too-large learning rate (Training failures)

#: Learning rates of the dead-ReLU slider (roughly log-spaced, 7 frames).
DEFAULT_LEARNING_RATES: tuple[float, ...] = (0.03, 0.1, 0.3, 1.0, 2.0, 4.0, 8.0)


#: Seeds of the dead-ReLU experiment (five networks trained together, one per seed).
DEFAULT_SEEDS: tuple[int, ...] = (0, 1, 2, 3, 4)


def _last_finite(values: np.ndarray) -> np.ndarray:
    """The last row of ``values`` whose entries are all finite (rows after a divergence are NaN)."""
    rows = np.atleast_2d(values.T).T if values.ndim == 1 else values
    ok = np.all(np.isfinite(rows), axis=tuple(range(1, rows.ndim)))
    return rows[np.flatnonzero(ok)[-1]] if ok.any() else np.full(rows.shape[1:], np.nan)


def _nanmean(values: np.ndarray, axis: int = 0) -> np.ndarray:
    """Mean over ``axis`` ignoring NaN (all-NaN slices give NaN, without a warning)."""
    finite = np.isfinite(values)
    count = finite.sum(axis=axis)
    total = np.where(finite, values, 0.0).sum(axis=axis)
    return np.where(count > 0, total / np.maximum(count, 1), np.nan)


@functools.lru_cache(maxsize=64)
def _dead_relu_run(lr: float, epochs: int, seeds: tuple[int, ...], activation: str,
                   alpha: float | None) -> dict[str, Any]:
    data = datasets.playground("spiral", n=400, test_fraction=0.5, seed=0)
    params = {} if alpha is None else {"alpha": alpha}
    _, h = nn.train_many([2, 32, 32, 2], *data.train, seeds=seeds, activation=activation,
                         init="he", activation_params=params, dtype="float64", lr=lr,
                         epochs=epochs, test=data.test)
    last_dead = np.array([np.mean(_last_finite(d)) for d in h.dead_fraction])
    last_loss = np.array([_last_finite(row)[0] for row in h.loss])
    test = np.array([_last_finite(row)[0] for row in h.test_accuracy])
    finite = test[np.isfinite(test)]
    mean, half = nn.mean_ci(finite) if finite.size > 1 else (float(np.mean(test)), np.nan)
    return {"loss": _nanmean(h.loss), "dead": _nanmean(h.dead_fraction),
            "test_curve": _nanmean(h.test_accuracy),
            "final_loss": float(np.mean(last_loss)), "final_dead": float(np.mean(last_dead)),
            "dead_per_seed": last_dead, "test_accuracy": test,
            "test_mean": mean, "test_ci": half,
            "diverged_at": list(h.diverged_at), "n_diverged": int(sum(h.diverged))}


def dead_relu_runs(learning_rates: Sequence[float] = DEFAULT_LEARNING_RATES,
                   epochs: int = 60, seeds: Sequence[int] = DEFAULT_SEEDS,
                   activation: str = "relu",
                   alpha: float | None = None) -> dict[float, dict[str, Any]]:
    """Train five seeded nets (2-32-32-2, He init) on the Playground spiral at each learning rate.

    Full-batch gradient descent on the 200 training points
    (:func:`helpers.nn.train_many`, one stacked network per learning rate);
    the 200 test points are held out and only evaluated. ``activation`` and
    ``alpha`` (for ``"leaky_relu"``) choose the hidden activation. Results
    are cached, so the widget and the static figures share them.

    Returns
    -------
    dict
        ``{lr: run}``; ``run["dead"]`` (epochs, 2) is the fraction of dead
        units per hidden layer after each epoch, ``run["loss"]`` (epochs,) the
        training loss and ``run["test_curve"]`` (epochs,) the test accuracy,
        each a mean over the seeds that have not diverged; ``"final_dead"``,
        ``"final_loss"``: means over seeds of the last finite values;
        ``"dead_per_seed"``, ``"test_accuracy"``: one value per seed;
        ``"test_mean"``, ``"test_ci"``: test accuracy, mean and half-width of
        its 95 % interval (:func:`helpers.nn.mean_ci`); ``"diverged_at"`` per
        seed and ``"n_diverged"``.
    """
    rates = checked_values(learning_rates, "learning_rates")
    if any(r <= 0 for r in rates):
        raise ValueError(f"learning_rates must be > 0, got {rates}")
    if int(epochs) != epochs or epochs < 1:
        raise ValueError(f"epochs must be an integer >= 1, got {epochs}")
    seeds = tuple(int(s) for s in seeds)
    if len(seeds) < 2:
        raise ValueError(f"seeds must hold at least two seeds, got {seeds}")
    act.get(activation, **({} if alpha is None else {"alpha": alpha}))  # validate early
    return {float(r): _dead_relu_run(float(r), int(epochs), seeds, activation,
                                     None if alpha is None else float(alpha))
            for r in rates}


class DeadReluView:
    """Dead-unit fraction and held-out accuracy during training, one frame per learning rate."""

    figsize = (7.6, 3.0)
    margins = {"left": 0.08, "right": 0.99, "bottom": 0.15, "top": 0.88, "wspace": 0.25}
    control = "learning rate"
    caption = ("The same five ReLU networks (five seeds) trained on the spiral with different "
               "learning rates; lines are means over the seeds. Past a point, large steps push "
               "units into the region where they never fire again, and the accuracy on the "
               "held-out test points drops.")
    log_scale = True

    def __init__(self, learning_rates: Sequence[float] = DEFAULT_LEARNING_RATES,
                 epochs: int = 60, seeds: Sequence[int] = DEFAULT_SEEDS) -> None:
        self.epochs, self.seeds = int(epochs), tuple(seeds)
        self.runs = dead_relu_runs(learning_rates, epochs, self.seeds)
        self.rates = list(self.runs)

    def _run(self, lr: float) -> dict[str, Any]:
        lr = float(lr)
        if lr in self.runs:
            return self.runs[lr]
        return dead_relu_runs([lr], self.epochs, self.seeds)[lr]

    def setup(self, fig: Figure) -> dict[str, Any]:
        ax_dead, ax_acc = fig.subplots(1, 2)
        epochs = np.arange(1, self.epochs + 1)
        for run in self.runs.values():  # faint context: every learning rate
            ax_dead.plot(epochs, 100 * run["dead"].mean(axis=1), color="0.85", linewidth=1)
            ax_acc.plot(epochs, run["test_curve"], color="0.85", linewidth=1)
        styles = plotting.series_styles(4)[1:]
        n_layers = next(iter(self.runs.values()))["dead"].shape[1]
        dead_lines = [ax_dead.plot(epochs, np.zeros(self.epochs), label=f"hidden layer {i + 1}",
                                   **styles[i % 2])[0] for i in range(n_layers)]
        (acc_line,) = ax_acc.plot(epochs, np.full(self.epochs, 0.5), **styles[2])
        ax_dead.set_ylim(-3, 103)
        ax_dead.set_ylabel("dead hidden units (%)")
        ax_dead.legend(fontsize=7, loc="upper left")
        ax_acc.set_ylim(0.4, 1.02)
        ax_acc.set_ylabel("test accuracy")
        for ax in (ax_dead, ax_acc):
            ax.set_xlabel("epoch")
        title = fig.suptitle(" ", fontsize=10)
        return {"dead": dead_lines, "accuracy": acc_line, "title": title}

    def update(self, artists: dict[str, Any], value: float) -> None:
        run = self._run(value)
        for i, line in enumerate(artists["dead"]):
            line.set_ydata(100 * run["dead"][:, i])
        artists["accuracy"].set_ydata(run["test_curve"])
        artists["title"].set_text(self._summary(value, run))

    def _summary(self, value: float, run: dict[str, Any]) -> str:
        text = (f"learning rate {format_value(value)}: {100 * run['final_dead']:.0f}% of hidden "
                f"units dead, test accuracy {_accuracy_text(run)}")
        if run["n_diverged"]:
            text += f" ({run['n_diverged']} of {len(self.seeds)} seeds diverged)"
        return text

    def label(self, value: float) -> str:
        return format_value(value)

    def alt(self, value: float) -> str:
        run = self._run(value)
        last = _last_finite(run["dead"])
        per_layer = " and ".join(f"{100 * d:.0f}% in hidden layer {i + 1}"
                                 for i, d in enumerate(last))
        return (f"Learning rate {format_value(value)}, mean of {len(self.seeds)} seeds. Left: "
                f"percentage of dead ReLU units during {self.epochs} epochs, ending at "
                f"{per_layer}. Right: accuracy on the held-out test points, ending at "
                f"{_accuracy_text(run)}. Faint grey lines show the other learning rates.")


def _accuracy_text(run: dict[str, Any]) -> str:
    if not np.isfinite(run["test_ci"]):
        return f"{run['test_mean']:.2f}"
    return f"{run['test_mean']:.2f} ± {run['test_ci']:.2f}"


def dead_relu_summary(learning_rates: Sequence[float] = DEFAULT_LEARNING_RATES,
                      epochs: int = 60, seeds: Sequence[int] = DEFAULT_SEEDS,
                      leaky_alpha: float = 0.1) -> tuple[Axes, Axes]:
    """Static figure: final dead fraction (left) and test accuracy (right) vs learning rate.

    ReLU and Leaky ReLU (slope ``leaky_alpha``) side by side, each point the
    mean over the seeds with its 95 % interval as an error bar: the leaky
    units keep a gradient for negative inputs, so none of them can die. A
    learning rate at which every seed diverged has no accuracy point and is
    labelled.
    """
    fig, grid = plotting.new_figure(ncols=2, width=3.6, height=2.8)
    ax_dead, ax_acc = grid[0]
    series = {"ReLU": dead_relu_runs(learning_rates, epochs, seeds),
              f"Leaky ReLU (α={leaky_alpha:g})": dead_relu_runs(
                  learning_rates, epochs, seeds, "leaky_relu", leaky_alpha)}
    with plotting.book_style():
        for (label, runs), style, marker in zip(series.items(), plotting.series_styles(3)[1:],
                                                ("o", "s"), strict=True):
            rates = np.array(list(runs))
            dead = [100 * r["final_dead"] for r in runs.values()]
            ax_dead.plot(rates, dead, marker=marker, label=label, **style)
            acc = np.array([r["test_mean"] for r in runs.values()])
            ci = np.nan_to_num([r["test_ci"] for r in runs.values()])
            ok = np.array([r["n_diverged"] < len(r["diverged_at"]) for r in runs.values()])
            ax_acc.errorbar(rates[ok], acc[ok], yerr=ci[ok], marker=marker, capsize=3,
                            label=label, **style)
            for lr in rates[~ok]:   # every seed blew up: say so rather than plot nothing
                ax_acc.annotate("diverges", (lr, 0.5), ha="center", fontsize=8,
                                color=style["color"])
        ax_dead.set_ylim(-3, 103)
        ax_dead.set_ylabel("dead hidden units (%)")
        ax_acc.set_ylim(0.45, 1.02)
        ax_acc.set_ylabel(f"test accuracy after {epochs} epochs")
        for ax in (ax_dead, ax_acc):
            ax.set_xscale("log")
            ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))
            ax.xaxis.set_minor_formatter(ticker.NullFormatter())
            ax.set_xticks(list(series["ReLU"]))
            ax.tick_params(axis="x", labelsize=7)
            ax.set_xlabel("learning rate")
        ax_dead.legend(fontsize=8, loc="upper left")
    return ax_dead, ax_acc


def dead_relu(learning_rates: Sequence[float] = DEFAULT_LEARNING_RATES, epochs: int = 60,
              live: bool = False) -> ipw.VBox:
    """Fraction of dead ReLU units and test accuracy during training (five seeds),
    slider on the learning rate."""
    view = DeadReluView(learning_rates, epochs)
    return slider_widget(view, view.rates, live)

