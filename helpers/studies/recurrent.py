r"""Chapter: book/recurrent.md

The experiments of *Recurrent networks and gates*: a sequence task that needs
memory (remember the sign of the first input over ``T`` noisy steps), the
gradient through time of a tanh RNN against the spectral radius of its
recurrent weights, RNNs trained with and without clipping the gradient norm,
LSTMs with their cell-output tanh replaced, and the SymPy derivations. The
cells and their backpropagation through time are engine code
(:mod:`helpers.nn.recurrent`); every training run uses :func:`helpers.nn.train`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import numpy as np
import sympy as sp
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from helpers import activations as act
from helpers import frames, nn, plotting
from helpers.nn.recurrent import Recurrent, cell_path, through_time

__all__ = [
    "TASK",
    "sign_memory",
    "rnn_chain",
    "lstm_cell_chain",
    "gate_derivatives",
    "gradient_through_time",
    "RadiusView",
    "radius_slider",
    "plot_through_time",
    "clipping_runs",
    "cell_output_runs",
    "summary",
    "plot_clipping",
    "plot_cell_path",
    "plot_cell_outputs",
]

#: The task every training run uses: sequences of length T, n training and test rows.
TASK: dict[str, Any] = {"T": 30, "noise": 0.5, "n_train": 128, "n_test": 256, "hidden": 8}
#: Seeds of every training experiment.
SEEDS = (0, 1, 2, 3, 4)


def sign_memory(n: int, T: int, noise: float = 0.5, seed: int = 0
                ) -> tuple[np.ndarray, np.ndarray]:
    """Sequences whose label is the sign of their first entry.

    ``x_1 = ±1`` (equally likely), ``x_2 .. x_T ~ N(0, noise²)``; the label is
    1 when ``x_1 > 0``. A network must carry ``x_1`` through ``T - 1`` noisy
    steps to classify, so the gradient that teaches it must travel back as far.

    Returns
    -------
    X : ndarray, shape (n, T, 1)
    y : ndarray of int, shape (n,)
    """
    if n < 1 or T < 1 or noise < 0:
        raise ValueError(f"need n >= 1, T >= 1 and noise >= 0, got n={n}, T={T}, noise={noise}")
    rng = np.random.default_rng(seed)
    sign = rng.choice([-1.0, 1.0], size=n)
    X = noise * rng.standard_normal((n, T, 1))
    X[:, 0, 0] = sign
    return X, (sign > 0).astype(np.int64)


# ---------------------------------------------------------------------------
# Derivations


def rnn_chain(T: int = 3) -> tuple[sp.Expr, sp.Expr, sp.Symbol]:
    r"""A scalar tanh RNN unrolled ``T`` steps: ``(dh_T/dh_0 by sp.diff, the product, h_0)``.

    :math:`h_t = \tanh(w h_{t-1} + u x_t)`; the product is
    :math:`\prod_t w\,(1 - h_t^2)` with each :math:`h_t` written out.
    """
    w, u, h0 = sp.symbols("w u h_0", real=True)
    xs = sp.symbols(f"x_1:{T + 1}", real=True)
    tanh = sp.Lambda(sp.Symbol("z"), act.get("tanh").expr.subs(act.x, sp.Symbol("z")))
    h, states = h0, []
    for t in range(T):
        h = tanh(w * h + u * xs[t])
        states.append(h)
    product = sp.Mul(*[w * (1 - s ** 2) for s in states])
    return sp.diff(h, h0), product, h0


def lstm_cell_chain(T: int = 3) -> tuple[sp.Expr, sp.Expr]:
    r"""``(dc_T/dc_0, f_1 ... f_T)`` for :math:`c_t = f_t c_{t-1} + i_t g_t`, gates held fixed."""
    c0 = sp.Symbol("c_0", real=True)
    f = sp.symbols(f"f_1:{T + 1}", positive=True)
    i = sp.symbols(f"i_1:{T + 1}", positive=True)
    g = sp.symbols(f"g_1:{T + 1}", real=True)
    c = c0
    for t in range(T):
        c = f[t] * c + i[t] * g[t]
    return sp.diff(c, c0), sp.Mul(*f)


def gate_derivatives() -> dict[str, tuple[sp.Expr, sp.Expr]]:
    r"""Pairs ``(sp.diff result, closed form)`` that must agree.

    ``"sigmoid"``: :math:`\sigma' = \sigma(1-\sigma)`; ``"tanh"``:
    :math:`\tanh' = 1 - \tanh^2`; ``"forget"``: the derivative of
    :math:`c = \sigma(z_f) c_{prev} + i g` in the forget gate's pre-activation,
    :math:`c_{prev}\,\sigma(z_f)(1 - \sigma(z_f))`.
    """
    s, t = act.get("sigmoid"), act.get("tanh")
    zf, c_prev, i, g = sp.symbols("z_f c_prev i g", real=True)
    sig_zf = s.expr.subs(act.x, zf)
    c = sig_zf * c_prev + i * g
    return {"sigmoid": (s.dexpr, s.expr * (1 - s.expr)),
            "tanh": (t.dexpr, 1 - t.expr ** 2),
            "forget": (sp.diff(c, zf), c_prev * sig_zf * (1 - sig_zf))}


# ---------------------------------------------------------------------------
# The gradient through time at initialisation


@functools.lru_cache(maxsize=4)
def gradient_through_time(radii: tuple[float, ...] = (0.5, 1.0, 1.5, 2.0, 3.0), T: int = 40,
                          hidden: int = 32, n: int = 32, seed: int = 0
                          ) -> dict[float, np.ndarray]:
    r"""Median of :math:`\lVert\partial h_t/\partial h_0\rVert` over ``n`` sequences, ``t = 1..T``.

    For each radius, a fresh tanh RNN (recurrent weights = radius × an
    orthogonal matrix, so :math:`\lVert W^t\rVert = \rho^t` exactly) reads the
    task's sequences; :func:`helpers.nn.recurrent.through_time` multiplies the
    Jacobians :math:`\operatorname{diag}(1 - h_t^2) W^\top` along each trajectory.
    """
    X, _ = sign_memory(n, T, TASK["noise"], seed)
    out = {}
    for r in radii:
        net = Recurrent([1, hidden, 2], radius=r, seed=seed)
        out[float(r)] = np.median(through_time(net.params["W"][1], net.hidden_states(X)), axis=0)
    return out


class RadiusView:
    """Slider view: the spectral radius ρ → the gradient norm through ``t`` steps."""

    figsize = (6.4, 3.0)
    margins = {"left": 0.12, "right": 0.98, "bottom": 0.16, "top": 0.9}
    control = "radius ρ"
    caption = ("How much gradient reaches h₀ from t steps later? Move the spectral radius ρ "
               "of the recurrent weights: the linear bound ρᵗ and a tanh RNN's actual norm.")

    def __init__(self, radii: Sequence[float], T: int = 40) -> None:
        self.radii = [float(r) for r in frames.checked_values(radii, "radii")]
        if min(self.radii) <= 0:
            raise ValueError(f"radii must be > 0, got {self.radii}")
        self.T = T
        self.t = np.arange(1, T + 1)
        self.norms = gradient_through_time(tuple(self.radii), T)

    def setup(self, fig: Figure) -> dict[str, Any]:
        ax = fig.subplots()
        s_bound, s_tanh = plotting.series_styles(2)
        (bound,) = ax.plot(self.t, self.t * 0.0 + 1, label="bound ρᵗ (linear, h = 0)", **s_bound)
        (actual,) = ax.plot(self.t, self.t * 0.0 + 1, label="tanh RNN (median)", marker="o",
                            markersize=3, **s_tanh)
        ax.axhline(1.0, color="0.6", linewidth=0.8)
        plotting.log_axis(ax)
        ax.set_ylim(1e-12, 1e12)
        ax.set_xlim(0, self.T + 1)
        ax.set_xlabel("steps back in time t")
        ax.set_ylabel(r"$\|\partial h_t / \partial h_0\|$")
        ax.legend(fontsize=8, loc="upper left")
        title = ax.set_title("", fontsize=9)
        return {"bound": bound, "actual": actual, "title": title}

    def update(self, artists: dict[str, Any], value: float) -> None:
        r = float(value)
        artists["bound"].set_ydata(np.clip(r ** self.t, 1e-300, 1e300))
        artists["actual"].set_ydata(np.maximum(self.norms[r], 1e-300))
        artists["title"].set_text(f"ρ = {r:g}: after {self.T} steps, bound {r ** self.T:.1e}, "
                                  f"tanh RNN {self.norms[r][-1]:.1e}")

    def label(self, value: float) -> str:
        return f"{float(value):g}"

    def alt(self, value: float) -> str:
        r = float(value)
        return (f"Gradient norm against steps t on a log scale for spectral radius {r:g}. "
                f"The bound ρ^t is {r ** self.T:.1e} after {self.T} steps; the tanh RNN's "
                f"median norm is {self.norms[r][-1]:.1e}.")


def radius_slider(radii: Sequence[float] = (0.5, 0.7, 0.9, 1.0, 1.1, 1.3, 1.5, 2.0, 2.5, 3.0),
                  live: bool = False) -> Any:
    """The static-first slider of :class:`RadiusView` (moves with no kernel)."""
    view = RadiusView(radii)
    return frames.slider_widget(view, view.radii, live)


def plot_through_time(radii: Sequence[float] = (0.5, 1.0, 1.5, 3.0), T: int = 40) -> Axes:
    """Gradient norm through time for several radii: tanh RNN (lines) and ρᵗ (thin)."""
    norms = gradient_through_time(tuple(float(r) for r in radii), T)
    fig, grid = plotting.new_figure(width=5.5, height=3.0)
    ax = grid[0, 0]
    t = np.arange(1, T + 1)
    with plotting.book_style():
        for (r, ys), style in zip(norms.items(), plotting.series_styles(len(norms)), strict=True):
            ax.plot(t, ys, label=f"ρ = {r:g}", **style)
            ax.plot(t, r ** t, color=style["color"], linewidth=0.8, alpha=0.5, linestyle=":")
        plotting.log_axis(ax)
        ax.set_ylim(1e-16, 1e12)
        ax.set_xlabel("steps back in time t")
        ax.set_ylabel(r"$\|\partial h_t / \partial h_0\|$")
        ax.legend(fontsize=8, loc="lower left", ncols=2)
    return ax


# ---------------------------------------------------------------------------
# Training runs (all through helpers.nn.train)


def _data() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    train = sign_memory(TASK["n_train"], TASK["T"], TASK["noise"], seed=0)
    test = sign_memory(TASK["n_test"], TASK["T"], TASK["noise"], seed=1)
    return train, test


@functools.lru_cache(maxsize=2)
def clipping_runs(radii: tuple[float, float] = (0.5, 3.0), lr: float = 0.5, epochs: int = 80,
                  max_norm: float = 1.0) -> dict[str, dict[str, np.ndarray]]:
    """Tanh RNNs with a small and a large recurrent radius, trained by SGD without and
    with clipping the gradient norm at ``max_norm``; five seeds each.

    Both radii train together as one stacked network (ten members). Returns
    ``{label: {"test_accuracy": (5,), "accuracy": (5, epochs), "grad_norm": (5, epochs)}}``
    with labels like ``"ρ = 3, clipped"``; ``grad_norm`` is the recurrent
    weights' gradient norm before clipping.
    """
    (X, y), (Xt, yt) = _data()
    k = len(SEEDS)
    out = {}
    for clip in (None, max_norm):
        net = Recurrent([1, TASK["hidden"], 2], seed=list(SEEDS) * 2,
                        radius=[radii[0]] * k + [radii[1]] * k, dtype="float32")
        h = nn.train(net, X, y, lr=lr, epochs=epochs, clip_norm=clip)
        acc = net.accuracy(Xt, yt)
        for j, r in enumerate(radii):
            rows = slice(j * k, (j + 1) * k)
            label = f"ρ = {r:g}, " + ("clipped" if clip else "not clipped")
            out[label] = {"test_accuracy": acc[rows], "accuracy": h.accuracy[rows],
                          "grad_norm": h.grad_norms[rows, :, 1]}
    return out


@functools.lru_cache(maxsize=2)
def cell_output_runs(activations: tuple[str, ...] = ("tanh", "identity", "relu", "softsign"),
                     radius: float = 0.5, lr: float = 0.03, epochs: int = 40,
                     max_norm: float = 1.0) -> dict[str, dict[str, np.ndarray]]:
    """LSTMs whose cell output ``h = o φ(c)`` uses each activation φ, and a tanh RNN, all
    with recurrent radius ``radius``, trained with Adam and clipping; five seeds each.

    Returns ``{label: {"test_accuracy": (5,), "accuracy": (5, epochs),
    "forget": (5, T)}}``; ``"forget"`` is the mean forget gate per step after
    training (LSTMs only).
    """
    (X, y), (Xt, yt) = _data()
    out = {}
    for cell, phi in [("rnn", "tanh")] + [("lstm", a) for a in activations]:
        net = Recurrent([1, TASK["hidden"], 2], cell=cell, activation=phi, radius=radius,
                        seed=list(SEEDS), dtype="float32")
        h = nn.train(net, X, y, optimiser="adam", lr=lr, epochs=epochs, clip_norm=max_norm)
        label = "tanh RNN" if cell == "rnn" else f"LSTM, φ = {phi}"
        out[label] = {"test_accuracy": net.accuracy(Xt, yt), "accuracy": h.accuracy}
        if cell == "lstm":
            out[label]["forget"] = net.forget_gates(Xt).mean(axis=(-3, -1))
    return out


def summary(runs: dict[str, dict[str, np.ndarray]], solved: float = 0.9) -> dict[str, str]:
    """``{label: "k/5 seeds reach <solved> test accuracy (median 0.xx)"}`` for a set of runs."""
    out = {}
    for label, run in runs.items():
        acc = run["test_accuracy"]
        out[label] = (f"{int(np.sum(acc >= solved))}/{acc.size} seeds ≥ {solved:g} "
                      f"(median {np.median(acc):.2f})")
    return out


# ---------------------------------------------------------------------------
# Figures of the runs


def _strip(ax: Axes, runs: dict[str, dict[str, np.ndarray]]) -> None:
    """Test accuracy of every seed, one column per run, with the median as a bar."""
    markers = ["o", "s", "^", "D", "v", "P"]
    styles = plotting.series_styles(len(runs))
    for j, (run, style) in enumerate(zip(runs.values(), styles, strict=True)):
        acc = run["test_accuracy"]
        jitter = np.linspace(-0.15, 0.15, acc.size)
        ax.plot(j + jitter, acc, markers[j % len(markers)], color=style["color"],
                markersize=6, alpha=0.85, linestyle="none")
        ax.hlines(np.median(acc), j - 0.3, j + 0.3, color=style["color"],
                  linestyle=style["linestyle"], linewidth=2)
    ax.axhline(0.5, color="0.6", linewidth=0.8, linestyle=":")
    ax.set_xticks(range(len(runs)), [label.replace(", ", "\n") for label in runs], fontsize=8)
    ax.set_ylim(0.3, 1.05)
    ax.set_ylabel("test accuracy (each seed)")


def plot_clipping(runs: dict[str, dict[str, np.ndarray]]) -> tuple[Axes, Axes]:
    """Left: recurrent-weight gradient norm per epoch (median over seeds); right: test
    accuracy of each seed per run."""
    fig, grid = plotting.new_figure(ncols=2, width=3.8, height=3.0)
    ax_norm, ax_acc = grid[0]
    with plotting.book_style():
        for (label, run), style in zip(runs.items(), plotting.series_styles(len(runs)),
                                       strict=True):
            ax_norm.plot(np.arange(1, run["grad_norm"].shape[1] + 1),
                         np.nanmedian(run["grad_norm"], axis=0), label=label, **style)
        plotting.log_axis(ax_norm)
        ax_norm.set_xlabel("epoch")
        ax_norm.set_ylabel(r"$\|\partial L/\partial W\|$ (median of 5)")
        ax_norm.legend(fontsize=7)
        _strip(ax_acc, runs)
    return ax_norm, ax_acc


def plot_cell_path(runs: dict[str, dict[str, np.ndarray]], T: int | None = None) -> Axes:
    r""":math:`\partial c_t/\partial c_0 = \prod f` along the cell path (trained LSTMs' mean
    forget gates, and constant gates 0.5, 0.73 = σ(1), 0.95), against the tanh RNN's
    :math:`\lVert\partial h_t/\partial h_0\rVert` at the same radius."""
    T = T or TASK["T"]
    fig, grid = plotting.new_figure(width=5.5, height=3.0)
    ax = grid[0, 0]
    t = np.arange(1, T + 1)
    sigma1 = float(act.get("sigmoid").f(1.0))
    lines: dict[str, np.ndarray] = {
        f"f = {v:.2g} (constant)": cell_path(np.full((T, 1), v))[:, 0] for v in (0.5, sigma1, 0.95)}
    lstm = runs["LSTM, φ = tanh"]["forget"]
    lines["trained LSTM (mean f, median of 5)"] = np.median(cell_path(lstm[..., None])[..., 0],
                                                              axis=0)
    lines["tanh RNN, ρ = 0.5 (at initialisation)"] = gradient_through_time((0.5,), T,
                                                                            hidden=TASK["hidden"])[0.5]
    with plotting.book_style():
        for (label, ys), style in zip(lines.items(), plotting.series_styles(len(lines)),
                                      strict=True):
            ax.plot(t, ys, label=label, **style)
        plotting.log_axis(ax)
        ax.set_xlabel("steps back in time t")
        ax.set_ylabel("gradient kept")
        ax.legend(fontsize=7, loc="lower left")
    return ax


def plot_cell_outputs(runs: dict[str, dict[str, np.ndarray]]) -> Axes:
    """Test accuracy of each seed: the tanh RNN and LSTMs with each cell-output φ."""
    fig, grid = plotting.new_figure(width=6.5, height=3.0)
    ax = grid[0, 0]
    with plotting.book_style():
        _strip(ax, runs)
    return ax
