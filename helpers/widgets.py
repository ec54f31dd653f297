"""Widgets that work on the static website and answer at once in Jupyter.

Introduced in the chapter *Training failures* (the depth and dead-ReLU
sliders) and used by *Sigmoid* (:func:`depth_decay`) and *Leaky ReLU*
(:func:`parameter_slider`).

Each widget is one *view* (``setup``/``update``/``label``/``alt``) handed to
:func:`helpers.frames.slider_widget`, which pre-renders one frame per slider
value by updating the artists of one figure and links the frames to the
slider in the browser, so the slider moves on the static site with no kernel.
See :mod:`helpers.frames` for the design and the ``live=True`` option.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import Any

import ipywidgets as ipw
import numpy as np
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from helpers import activations as act
from helpers import gradients, plotting
from helpers.frames import (  # noqa: F401 - re-exported for chapters and tests
    FRAME_DPI,
    MAX_FRAMES,
    View,
    _Renderer,
    checked_values,
    frames,
    live_face,
    slider_widget,
    snapshot,
    static_face,
)

__all__ = [
    "MAX_FRAMES",
    "FRAME_DPI",
    "View",
    "frames",
    "snapshot",
    "static_face",
    "live_face",
    "slider_widget",
    "ParameterView",
    "DepthView",
    "DeadReluView",
    "parameter_slider",
    "depth_decay",
    "dead_relu",
    "dead_relu_runs",
    "dead_relu_summary",
    "DEFAULT_LEARNING_RATES",
]

# ---------------------------------------------------------------------------
# Views


def _fmt(v: float) -> str:
    return f"{v:g}"


def _limits(arrays: Sequence[np.ndarray], pad: float = 0.06) -> tuple[float, float]:
    finite = np.concatenate([a[np.isfinite(a)] for a in arrays])
    lo, hi = float(finite.min()), float(finite.max())
    span = hi - lo or 1.0
    return lo - pad * span, hi + pad * span


class ParameterView:
    """f and f' side by side as one parameter of an activation varies (*Leaky ReLU*)."""

    figsize = (7.0, 2.8)
    margins = {"left": 0.07, "right": 0.99, "bottom": 0.15, "top": 0.9, "wspace": 0.22}

    def __init__(self, name: str, param: str, values: Sequence[float],
                 xlim: tuple[float, float] = (-5.0, 5.0)) -> None:
        defaults = act.parameters(name)  # unknown name -> ValueError listing valid names
        if param not in defaults:
            valid = ", ".join(defaults) or "none (it has no parameters)"
            raise ValueError(f"{name!r} has no parameter {param!r}; valid parameters: {valid}")
        values = checked_values(values)
        lo, hi = (float(v) for v in xlim)
        if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
            raise ValueError(f"xlim must be two finite numbers with xlim[0] < xlim[1], got {xlim}")
        self.name, self.param, self.xlim = act.get(name).name, param, (lo, hi)
        self.curves = {v: act.get(name, **{param: float(v)}) for v in values}  # validates
        self.xs = np.linspace(lo, hi, 401)
        self.control = f"{param} ="
        self.caption = (f"{self.name}: move the slider to change {param} and watch the "
                        "function (left) and its derivative (right).")

    def _title(self, value: float) -> str:
        p = f"\\{self.param}" if self.param in ("alpha", "beta") else f"\\mathrm{{{self.param}}}"
        return f"$f(x)$ at ${p} = {_fmt(value)}$"

    def setup(self, fig: Figure) -> dict[str, Any]:
        ax_f, ax_df = fig.subplots(1, 2)
        first = next(iter(self.curves.values()))
        plotting.function_and_gradient(first, xlim=self.xlim, num=self.xs.size,
                                       axes=(ax_f, ax_df))
        f_line, df_line = ax_f.lines[0], ax_df.lines[0]
        for ax, ys in ((ax_f, first.f(self.xs)), (ax_df, first.df(self.xs))):
            ax.plot(self.xs, ys, color="0.8", linewidth=1.2, zorder=1)  # ghost: first value
        # The legend names the function only; the value goes into the (redrawn) title.
        ax_f.get_legend().get_texts()[0].set_text(f"${first.label}$")
        ax_f.set_ylim(*_limits([a.f(self.xs) for a in self.curves.values()]))
        ax_df.set_ylim(*_limits([a.df(self.xs) for a in self.curves.values()]))
        return {"f": f_line, "df": df_line, "title": ax_f.title}

    def update(self, artists: dict[str, Any], value: float) -> None:
        a = self._curve(value)
        artists["f"].set_ydata(a.f(self.xs))
        artists["df"].set_ydata(a.df(self.xs))
        artists["title"].set_text(self._title(value))

    def _curve(self, value: float) -> act.Activation:
        if value in self.curves:
            return self.curves[value]
        return act.get(self.name, **{self.param: float(value)})

    def label(self, value: float) -> str:
        return _fmt(value)

    def alt(self, value: float) -> str:
        a = self._curve(value)
        f, df = a.f(self.xs), a.df(self.xs)
        return (f"Left: {self.name} with {self.param} = {_fmt(value)} for x from "
                f"{_fmt(self.xlim[0])} to {_fmt(self.xlim[1])}, its values run from "
                f"{f.min():.3g} to {f.max():.3g}. Right: its derivative, between "
                f"{df.min():.3g} and {df.max():.3g}.")


class DepthView:
    """The 0.25^n bound and simulated chains of sigmoid and tanh neurons vs depth."""

    figsize = (7.6, 3.0)
    margins = {"left": 0.1, "right": 0.99, "bottom": 0.15, "top": 0.91, "wspace": 0.22}
    control = "depth n"
    caption = ("How much gradient survives n layers? The sigmoid's bound 0.25ⁿ and a "
               "simulated chain of sigmoid neurons collapse; tanh's bound stays at 1.")
    #: Chains simulated per activation (unit weights, zero biases, x0 ~ N(0, 1)), seeded.
    n_chains = 200

    def __init__(self, depths: Sequence[int] = range(1, 21), seed: int = 0) -> None:
        depths = checked_values(depths, "depths")
        if any(int(d) != d or d < 1 for d in depths):
            raise ValueError(f"depths must be integers >= 1, got {depths}")
        self.depths = [int(d) for d in depths]
        self.max_depth = max(self.depths)
        self.k = np.arange(1, self.max_depth + 1)
        self.series = _depth_series(self.max_depth, self.n_chains, seed)

    def setup(self, fig: Figure) -> dict[str, Any]:
        ax, ax_bar = fig.subplots(1, 2, width_ratios=(1.6, 1))
        styles = plotting.series_styles(4)
        floor = min(float(np.min(s)) for s in self.series.values()) / 10
        markers = []
        for (label, ys), style in zip(self.series.items(), styles, strict=True):
            ax.plot(self.k, ys, label=label, **style)
            (m,) = ax.plot([], [], "o", color=style["color"], markersize=5)
            markers.append(m)
        gradients.log_axis(ax)
        ax.set_ylim(floor, 3.0)
        ax.set_xlim(0.5, self.max_depth + 0.5)
        ax.set_xlabel("depth n (layers)")
        ax.set_ylabel("|gradient| at the input")
        ax.legend(fontsize=7, loc="lower left")
        vline = ax.axvline(1, color="0.5", linewidth=1)
        names = ["σ\nbound", "σ\nchain", "tanh\nbound", "tanh\nchain"]
        bars = ax_bar.bar(names, [1.0] * 4, bottom=floor,
                          color=[s["color"] for s in styles], alpha=0.85)
        gradients.log_axis(ax_bar)
        ax_bar.set_ylim(floor, 3.0)
        ax_bar.tick_params(axis="x", labelsize=7)
        texts = [ax_bar.text(i, 1.0, "", ha="center", va="bottom", fontsize=7)
                 for i in range(4)]
        title = ax_bar.set_title("", fontsize=9)
        return {"markers": markers, "vline": vline, "bars": bars, "texts": texts,
                "title": title, "floor": floor}

    def values_at(self, n: int) -> list[float]:
        if not 1 <= n <= self.max_depth:
            raise ValueError(f"depth must be between 1 and {self.max_depth}, got {n}")
        return [float(s[n - 1]) for s in self.series.values()]

    def update(self, artists: dict[str, Any], value: int) -> None:
        n = int(value)
        vals = self.values_at(n)
        for m, v in zip(artists["markers"], vals, strict=True):
            m.set_data([n], [v])
        artists["vline"].set_xdata([n, n])
        for bar, text, v in zip(artists["bars"], artists["texts"], vals, strict=True):
            bar.set_height(max(v - artists["floor"], 0.0))
            text.set_y(max(v, artists["floor"]))
            text.set_text(f"{v:.1e}" if v < 0.01 else f"{v:.2f}")
        artists["title"].set_text(f"after n = {n} layer{'' if n == 1 else 's'}")

    def label(self, value: int) -> str:
        return str(int(value))

    def alt(self, value: int) -> str:
        sb, sc, tb, tc = self.values_at(int(value))
        return (f"Depth n = {int(value)}. Left: gradient size against depth on a log scale; "
                f"the sigmoid bound 0.25^n and the simulated sigmoid chain fall steeply, "
                f"the tanh bound stays at 1 and the tanh chain decays slowly. Right: bars at "
                f"n = {int(value)}: sigmoid bound {sb:.2g}, sigmoid chain {sc:.2g}, "
                f"tanh bound {tb:.2g}, tanh chain {tc:.2g}.")


@functools.lru_cache(maxsize=8)
def _depth_series(max_depth: int, n_chains: int, seed: int) -> dict[str, np.ndarray]:
    """Bounds, and median |gradient| of unit-weight, zero-bias chains with x0 ~ N(0, 1)."""
    x0 = np.random.default_rng(seed).standard_normal(n_chains)
    out: dict[str, np.ndarray] = {}
    for name, sym, bound in (("sigmoid", "σ", "0.25ⁿ"), ("tanh", "tanh", "1ⁿ")):
        out[f"{sym} bound {bound}"] = gradients.depth_bound(name, range(1, max_depth + 1))
        chains = gradients.chain_gradients(name, max_depth, n_chains=n_chains, x0=x0,
                                           weights=1.0, biases=0.0)
        out[f"{sym} chain (median)"] = np.median(np.abs(chains), axis=0)
    return out


# ---------------------------------------------------------------------------
# Dead ReLUs: a too-large learning rate

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
    from helpers import datasets, nn  # imported lazily: no training at import

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
        gradients.log_axis(ax_loss)
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
        text = (f"learning rate {_fmt(value)}: {100 * run['final_dead']:.0f}% of hidden units "
                f"dead, loss {run['final_loss']:.3g}")
        if run["diverged_at"] is not None:
            text += f" (diverged at epoch {run['diverged_at'] + 1})"
        return text

    def label(self, value: float) -> str:
        return _fmt(value)

    def alt(self, value: float) -> str:
        run = self._run(value)
        last = _last_finite(run["dead"])
        per_layer = " and ".join(f"{100 * d:.0f}% in hidden layer {i + 1}"
                                 for i, d in enumerate(last))
        return (f"Learning rate {_fmt(value)}. Left: percentage of dead ReLU units during "
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
        gradients.log_axis(ax_loss)
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


# ---------------------------------------------------------------------------
# The public one-liners the chapters call


def parameter_slider(name: str, param: str, values: Sequence[float],
                     xlim: tuple[float, float] = (-5, 5), live: bool = False) -> ipw.VBox:
    """f and f' side by side as ``param`` of activation ``name`` takes each of ``values``.

    Used in *Leaky ReLU*: ``widgets.parameter_slider("leaky_relu", "alpha", [0, 0.01, 0.1,
    0.3])``. Unknown names, unknown parameters, out-of-range or empty values raise
    ValueError naming the valid choices.
    """
    return slider_widget(ParameterView(name, param, values, xlim), values, live)


def depth_decay(depths: Sequence[int] = range(1, 21), live: bool = False) -> ipw.VBox:
    """Gradient surviving ``n`` layers: the 0.25^n sigmoid bound, tanh's 1^n, simulated chains."""
    view = DepthView(depths)
    return slider_widget(view, view.depths, live)


def dead_relu(learning_rates: Sequence[float] = DEFAULT_LEARNING_RATES, epochs: int = 60,
              live: bool = False) -> ipw.VBox:
    """Fraction of dead ReLU units and loss during training, slider on the learning rate."""
    view = DeadReluView(learning_rates, epochs)
    return slider_widget(view, view.rates, live)

