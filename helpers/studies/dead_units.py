"""Chapter: book/leaky_relu.md, book/training_failures.md

Dead ReLU units: how they arise and what a leaky slope changes.

* *Leaky ReLU, PReLU and RReLU* starts a network with its first hidden layer
  dead (:func:`dead_start`) and trains ReLU against leaky ReLUs.
* *Training failures* trains the same seeded network on the spiral at a
  range of learning rates (:func:`dead_relu_runs`) and shows the dead
  fraction and the loss with a static-first slider (:func:`dead_relu`,
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


def _last_finite(values: np.ndarray) -> np.ndarray:
    """The last row of ``values`` whose entries are all finite (rows after a divergence are NaN)."""
    rows = np.atleast_2d(values.T).T if values.ndim == 1 else values
    ok = np.all(np.isfinite(rows), axis=tuple(range(1, rows.ndim)))
    return rows[np.flatnonzero(ok)[-1]] if ok.any() else np.full(rows.shape[1:], np.nan)


@functools.lru_cache(maxsize=64)
def _dead_relu_run(lr: float, epochs: int, seed: int, activation: str,
                   alpha: float | None) -> dict[str, Any]:
    X, y = datasets.spiral(n=300, arms=2, noise=0.2, seed=seed)
    params = {} if alpha is None else {"alpha": alpha}
    net = nn.MLP([2, 32, 32, 2], activation=activation, init="he", seed=seed,
                 activation_params=params)
    history = nn.train(net, X, y, lr=lr, epochs=epochs, seed=seed)
    return {"loss": history.loss, "dead": history.dead_fraction,
            "final_loss": float(_last_finite(history.loss)[0]),
            "final_dead": float(np.mean(_last_finite(history.dead_fraction))),
            "diverged_at": history.diverged_at}


def dead_relu_runs(learning_rates: Sequence[float] = DEFAULT_LEARNING_RATES,
                   epochs: int = 60, seed: int = 0, activation: str = "relu",
                   alpha: float | None = None) -> dict[float, dict[str, Any]]:
    """Train the same seeded net (2-32-32-2, He init) on the spiral at each learning rate.

    Full-batch gradient descent with ``helpers.nn.train``; ``activation`` and
    ``alpha`` (for ``"leaky_relu"``) choose the hidden activation. Results are
    cached, so the widget and the static figures share them.

    Returns
    -------
    dict
        ``{lr: {"loss": (epochs,), "dead": (epochs, 2), "final_loss": float,
        "final_dead": float, "diverged_at": int or None}}``; ``dead`` holds the
        fraction of dead units per hidden layer after each epoch.
    """
    rates = checked_values(learning_rates, "learning_rates")
    if any(r <= 0 for r in rates):
        raise ValueError(f"learning_rates must be > 0, got {rates}")
    if int(epochs) != epochs or epochs < 1:
        raise ValueError(f"epochs must be an integer >= 1, got {epochs}")
    act.get(activation, **({} if alpha is None else {"alpha": alpha}))  # validate early
    return {float(r): _dead_relu_run(float(r), int(epochs), int(seed), activation,
                                     None if alpha is None else float(alpha))
            for r in rates}


class DeadReluView:
    """Dead-unit fraction and loss during training, one frame per learning rate."""

    figsize = (7.6, 3.0)
    margins = {"left": 0.08, "right": 0.99, "bottom": 0.15, "top": 0.88, "wspace": 0.25}
    control = "learning rate"
    caption = ("The same ReLU network trained on the spiral with different learning rates. "
               "Past a point, large steps push units into the region where they never fire "
               "again, and the loss stops falling.")
    log_scale = True

    def __init__(self, learning_rates: Sequence[float] = DEFAULT_LEARNING_RATES,
                 epochs: int = 60, seed: int = 0) -> None:
        self.epochs, self.seed = int(epochs), int(seed)
        self.runs = dead_relu_runs(learning_rates, epochs, seed)
        self.rates = list(self.runs)

    def _run(self, lr: float) -> dict[str, Any]:
        lr = float(lr)
        if lr in self.runs:
            return self.runs[lr]
        return dead_relu_runs([lr], self.epochs, self.seed)[lr]

    def setup(self, fig: Figure) -> dict[str, Any]:
        ax_dead, ax_loss = fig.subplots(1, 2)
        epochs = np.arange(1, self.epochs + 1)
        for run in self.runs.values():  # faint context: every learning rate
            ax_dead.plot(epochs, 100 * run["dead"].mean(axis=1), color="0.85", linewidth=1)
            ax_loss.plot(epochs, run["loss"], color="0.85", linewidth=1)
        styles = plotting.series_styles(4)[1:]
        n_layers = next(iter(self.runs.values()))["dead"].shape[1]
        dead_lines = [ax_dead.plot(epochs, np.zeros(self.epochs), label=f"hidden layer {i + 1}",
                                   **styles[i % 2])[0] for i in range(n_layers)]
        (loss_line,) = ax_loss.plot(epochs, np.ones(self.epochs), **styles[2])
        ax_dead.set_ylim(-3, 103)
        ax_dead.set_ylabel("dead hidden units (%)")
        ax_dead.legend(fontsize=7, loc="upper left")
        losses = np.concatenate([r["loss"] for r in self.runs.values()])
        losses = losses[np.isfinite(losses)]
        plotting.log_axis(ax_loss)
        ax_loss.set_ylim(losses.min() / 1.5, losses.max() * 1.5)
        ax_loss.set_ylabel("training loss")
        for ax in (ax_dead, ax_loss):
            ax.set_xlabel("epoch")
        title = fig.suptitle(" ", fontsize=10)
        return {"dead": dead_lines, "loss": loss_line, "title": title}

    def update(self, artists: dict[str, Any], value: float) -> None:
        run = self._run(value)
        for i, line in enumerate(artists["dead"]):
            line.set_ydata(100 * run["dead"][:, i])
        artists["loss"].set_ydata(run["loss"])
        artists["title"].set_text(self._summary(value, run))

    def _summary(self, value: float, run: dict[str, Any]) -> str:
        text = (f"learning rate {format_value(value)}: {100 * run['final_dead']:.0f}% of hidden "
                f"units dead, loss {run['final_loss']:.3g}")
        if run["diverged_at"] is not None:
            text += f" (diverged at epoch {run['diverged_at'] + 1})"
        return text

    def label(self, value: float) -> str:
        return format_value(value)

    def alt(self, value: float) -> str:
        run = self._run(value)
        last = _last_finite(run["dead"])
        per_layer = " and ".join(f"{100 * d:.0f}% in hidden layer {i + 1}"
                                 for i, d in enumerate(last))
        return (f"Learning rate {format_value(value)}. Left: percentage of dead ReLU units during "
                f"{self.epochs} epochs, ending at {per_layer}. Right: the training loss on a "
                f"log scale, ending at {run['final_loss']:.3g}. Faint grey lines show the "
                "other learning rates.")


def dead_relu_summary(learning_rates: Sequence[float] = DEFAULT_LEARNING_RATES,
                      epochs: int = 60, seed: int = 0,
                      leaky_alpha: float = 0.1, loss_cap: float = 10.0) -> tuple[Axes, Axes]:
    """Static figure: final dead fraction (left) and final loss (right) vs learning rate.

    ReLU and Leaky ReLU (slope ``leaky_alpha``) side by side: the leaky units
    keep a gradient for negative inputs, so none of them can die. Losses
    above ``loss_cap`` (a run that blew up) are drawn at the cap and labelled.
    """
    fig, grid = plotting.new_figure(ncols=2, width=3.6, height=2.8)
    ax_dead, ax_loss = grid[0]
    series = {"ReLU": dead_relu_runs(learning_rates, epochs, seed),
              f"Leaky ReLU (α={leaky_alpha:g})": dead_relu_runs(
                  learning_rates, epochs, seed, "leaky_relu", leaky_alpha)}
    with plotting.book_style():
        for (label, runs), style, marker in zip(series.items(), plotting.series_styles(3)[1:],
                                                ("o", "s"), strict=True):
            rates = list(runs)
            ax_dead.plot(rates, [100 * r["final_dead"] for r in runs.values()], marker=marker,
                         label=label, **style)
            losses = np.array([r["final_loss"] for r in runs.values()])
            ax_loss.plot(rates, np.minimum(losses, loss_cap), marker=marker, label=label,
                         **style)
            for lr, loss in zip(rates, losses, strict=True):
                if not loss <= loss_cap:  # a blown-up run: say so rather than rescale the axis
                    ax_loss.annotate("diverges", (lr, loss_cap), textcoords="offset points",
                                     xytext=(-8, -14), ha="right", fontsize=8,
                                     color=style["color"])
        ax_dead.set_ylim(-3, 103)
        ax_dead.set_ylabel("dead hidden units (%)")
        plotting.log_axis(ax_loss)
        ax_loss.set_ylim(top=loss_cap * 1.5)
        ax_loss.set_ylabel(f"loss after {epochs} epochs")
        for ax in (ax_dead, ax_loss):
            ax.set_xscale("log")
            ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))
            ax.xaxis.set_minor_formatter(ticker.NullFormatter())
            ax.set_xticks(list(series["ReLU"]))
            ax.tick_params(axis="x", labelsize=7)
            ax.set_xlabel("learning rate")
        ax_dead.legend(fontsize=8, loc="upper left")
    return ax_dead, ax_loss




def dead_relu(learning_rates: Sequence[float] = DEFAULT_LEARNING_RATES, epochs: int = 60,
              live: bool = False) -> ipw.VBox:
    """Fraction of dead ReLU units and loss during training, slider on the learning rate."""
    view = DeadReluView(learning_rates, epochs)
    return slider_widget(view, view.rates, live)

