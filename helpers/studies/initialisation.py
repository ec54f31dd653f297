"""Chapter: book/initialisation.md

Variance propagation at initialisation: the forward and backward variance
rules derived from independence, the gain of every registered activation,
PyTorch's ``calculate_gain`` constants beside them, weight symmetry, and the
"Break it" widget (activation x initialisation x depth).

The gain
--------
A layer ``z' = W f(z)`` with ``n`` inputs and independent zero-mean weights of
variance ``g**2 / n`` gives ``Var z' = g**2 * E[f(z)**2]`` (forward) and sends
back gradients with ``Var dz = g**2 * E[f'(z)**2] * Var dz'`` (backward, for a
square layer). The *forward gain* of ``f`` is the ``g`` that keeps the
variance of standard-normal pre-activations at 1,

    g_fwd = 1 / sqrt(E[f(u)**2]),   u ~ N(0, 1),

and the *backward gain* ``g_bwd = 1 / sqrt(E[f'(u)**2])`` keeps the gradient
variance. ReLU: both are sqrt(2); identity: 1; SELU: ``E[selu(u)**2] = 1`` by
construction (its fixed point), so 1. The expectations are integrated in
closed form with SymPy where every piece of ``f**2`` is a polynomial times
``exp`` of a linear function (ReLU-like, hard and exponential-linear units),
and by Gauss–Legendre quadrature (:func:`helpers.numerics.integrate`, cut at the
kinks) otherwise (sigmoid, tanh, GELU, ...).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from helpers import activations as act
from helpers import datasets, gaussian, nn, numerics, plotting, tables

__all__ = [
    "PYTORCH_GAINS", "independent_expectation", "forward_variance", "backward_variance",
    "Moment", "second_moment", "forward_gain", "backward_gain",
    "pytorch_gain", "gain_rows", "pytorch_rows", "variance_map", "mean_field", "symmetric_start",
    "layer_statistics", "INITS", "WIDTH", "FRAME_DPI", "InitDepthView", "plot_gains",
    "plot_prediction",
]

x = act.x
_SQRT2 = math.sqrt(2.0)

#: PyTorch's documented ``torch.nn.init.calculate_gain`` constants (no torch needed).
#: ``leaky_relu`` takes the negative slope (PyTorch's default 0.01).
PYTORCH_GAINS: dict[str, Callable[..., float]] = {
    "identity": lambda: 1.0,
    "sigmoid": lambda: 1.0,
    "tanh": lambda: 5.0 / 3.0,
    "relu": lambda: _SQRT2,
    "leaky_relu": lambda alpha=0.01: math.sqrt(2.0 / (1.0 + alpha**2)),
    "selu": lambda: 0.75,
}


# ---------------------------------------------------------------------------
# Derive: variance rules from independence


def independent_expectation(expr: sp.Expr, moments: Mapping[sp.Symbol, Sequence[sp.Expr]]
                            ) -> sp.Expr:
    """``E[expr]`` for a polynomial in independent random variables.

    ``moments[v][k]`` is ``E[v**k]`` (``k = 0, 1, 2, ...``; ``moments[v][0]``
    must be 1). Independence makes the expectation of a monomial the product
    of the moments of its factors; linearity does the rest.
    """
    total = sp.S.Zero
    symbols = list(moments)
    for monomial, coeff in sp.Poly(sp.expand(expr), *symbols).terms():
        term = coeff
        for v, k in zip(symbols, monomial, strict=True):
            if k >= len(moments[v]):
                raise ValueError(f"need E[{v}**{k}]; give moments up to order {k}")
            term *= moments[v][k]
        total += term
    return sp.expand(total)


def forward_variance(n: int) -> tuple[sp.Expr, dict[str, sp.Symbol]]:
    """``Var z`` for ``z = sum_i w_i h_i`` with ``n`` independent terms.

    ``w_i`` have mean 0 and variance ``v``; ``h_i = f(z_i)`` have mean ``m``
    and second moment ``s2`` and are independent of the weights. Returns the
    variance and the symbols ``{"v", "m", "s2"}``.
    """
    v, m, s2 = sp.symbols("v m s_2", positive=True)
    w = sp.symbols(f"w_1:{n + 1}", real=True)
    h = sp.symbols(f"h_1:{n + 1}", real=True)
    moments = {**{wi: (1, 0, v) for wi in w}, **{hi: (1, m, s2) for hi in h}}
    z = sum(wi * hi for wi, hi in zip(w, h, strict=True))
    var = independent_expectation(z**2, moments) - independent_expectation(z, moments)**2
    return sp.expand(var), {"v": v, "m": m, "s2": s2}


def backward_variance(n_out: int) -> tuple[sp.Expr, dict[str, sp.Symbol]]:
    """``Var dL/dz_i`` for ``dL/dz_i = f'(z_i) sum_j w_ji dL/dz'_j`` over ``n_out`` outputs.

    ``f'(z_i)`` has second moment ``d2``; the upstream gradients ``dL/dz'_j``
    have mean 0 and variance ``q``; weights mean 0 and variance ``v``; all
    independent. Returns the variance and the symbols ``{"v", "d2", "q"}``.
    """
    v, d2, q, d1 = sp.symbols("v d_2 q d_1", positive=True)
    d = sp.Symbol("d", real=True)
    w = sp.symbols(f"w_1:{n_out + 1}", real=True)
    g = sp.symbols(f"g_1:{n_out + 1}", real=True)
    moments = {d: (1, d1, d2), **{wj: (1, 0, v) for wj in w}, **{gj: (1, 0, q) for gj in g}}
    delta = d * sum(wj * gj for wj, gj in zip(w, g, strict=True))
    var = independent_expectation(delta**2, moments) - independent_expectation(delta, moments)**2
    return sp.expand(var), {"v": v, "d2": d2, "q": q}


@dataclass(frozen=True)
class Moment:
    """``E[h(u)**2]`` for ``u ~ N(0, 1)``: ``value``, ``exact`` (SymPy or None), ``method``."""

    value: float
    exact: sp.Expr | None
    method: str


def _quad(fn: Callable[[np.ndarray], np.ndarray]) -> float:
    def integrand(u: np.ndarray) -> np.ndarray:
        return fn(u) ** 2 * np.exp(-u * u / 2) / math.sqrt(2 * math.pi)
    kinks = [-6.0, -3.0, -1.0, 0.0, 1.0, 3.0, 6.0]
    return numerics.integrate(integrand, -40.0, 40.0, breakpoints=kinks)


@functools.lru_cache(maxsize=128)
def _second_moment(name: str, params: tuple[tuple[str, float], ...], derivative: bool,
                   method: str) -> Moment:
    a = act.get(name, **dict(params))
    expr = a.dexpr if derivative else a.expr
    if method != "quadrature" and gaussian.is_elementary(expr**2):
        exact = gaussian.normal_expectation(expr**2)
        return Moment(float(sp.N(exact, 20)), exact, "closed form")
    return Moment(_quad(a.df if derivative else a.f), None, "quadrature")


def second_moment(activation: str | act.Activation, derivative: bool = False,
                  method: str = "auto") -> Moment:
    """``E[f(u)**2]`` (or ``E[f'(u)**2]``) for ``u ~ N(0, 1)``.

    ``method="auto"`` integrates in closed form where every piece is a
    polynomial times an exponential of ``x`` and numerically otherwise;
    ``"quadrature"`` always integrates the registry's NumPy function.
    """
    if method not in ("auto", "quadrature"):
        raise ValueError(f"method must be 'auto' or 'quadrature', got {method!r}")
    a = act.get(activation) if isinstance(activation, str) else activation
    return _second_moment(a.name, tuple(sorted(a.params.items())), bool(derivative), method)


def forward_gain(activation: str | act.Activation) -> float:
    """The ``g`` with ``g**2 E[f(u)**2] = 1``: unit pre-activation variance is a fixed point."""
    return 1.0 / math.sqrt(second_moment(activation).value)


def backward_gain(activation: str | act.Activation) -> float:
    """The ``g`` with ``g**2 E[f'(u)**2] = 1`` (``inf`` when ``f' = 0`` almost everywhere)."""
    moment = second_moment(activation, derivative=True).value
    return math.inf if moment <= 0 else 1.0 / math.sqrt(moment)


def pytorch_gain(name: str, **params: float) -> float | None:
    """PyTorch's documented gain for ``name`` (None where ``calculate_gain`` has none)."""
    return PYTORCH_GAINS[name](**params) if name in PYTORCH_GAINS else None


def gain_rows(names: Sequence[str] | None = None) -> list[tuple[Any, ...]]:
    """Table rows: name, E[f(u)²], forward gain, backward gain, PyTorch's gain, method.

    ``E[f(u)²]`` is shown as LaTeX where SymPy's closed form is short, as a
    number otherwise; a missing PyTorch constant is shown as a dash.
    """
    rows = []
    for name in names or act.names():
        a = act.get(name)
        moment = second_moment(a)
        latex = sp.latex(sp.nsimplify(moment.exact) if moment.exact is not None
                         and moment.exact.is_Rational else moment.exact)
        shown = f"${latex}$" if moment.exact is not None and len(latex) <= 60 \
            else f"{moment.value:.6f}"
        torch = pytorch_gain(name, **a.params)
        rows.append((tables.activation_name(a), shown, f"{forward_gain(a):.4f}",
                     f"{backward_gain(a):.4f}", "—" if torch is None else f"{torch:.4f}",
                     moment.method))
    return rows


# ---------------------------------------------------------------------------
# Through depth: the variance map and its prediction


#: Midpoint rule on [-10, 10] for the depth predictions (cell edges at the kinks 0, ±1, ±3, ±6).
_U = -10.0 + 0.0025 * (np.arange(8000) + 0.5)
_W = np.exp(-_U**2 / 2) / math.sqrt(2 * math.pi) * 0.0025


def variance_map(activation: str | act.Activation, q: float, gain: float,
                 derivative: bool = False) -> float:
    """``g**2 E[f(sqrt(q) u)**2]``, the next layer's variance (``derivative``: the gradient factor).

    Evaluated with the midpoint rule on 8000 cells of ``[-10, 10]`` (error
    below 1e-6 here, also for kinked functions): a depth prediction needs
    two expectations per layer, and ``quad`` would take seconds.
    """
    a = act.get(activation) if isinstance(activation, str) else activation
    values = (a.df if derivative else a.f)(math.sqrt(q) * _U)
    return gain**2 * float(np.sum(_W * values**2))


def mean_field(activation: str | act.Activation, gain: float, depth: int = 30,
               q0: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Predicted pre-activation variance per layer and gradient variance factor per layer.

    Returns ``(q, chi)``, each of length ``depth``: ``q[l]`` the variance of
    layer ``l + 1``'s pre-activations, ``chi[l]`` the factor by which one
    layer multiplies the gradient variance there.
    """
    q, out, chi = float(q0), [], []
    for _ in range(int(depth)):
        out.append(q)
        chi.append(variance_map(activation, q, gain, derivative=True))
        q = variance_map(activation, q, gain)
    return np.array(out), np.array(chi)


def symmetric_start(activation: str = "tanh", value: float | None = 0.5, epochs: int = 100,
                    seed: int = 0) -> dict[str, Any]:
    """Train a 2-8-8-2 net on the spiral with every hidden unit wired the same way.

    Every weight into a hidden unit is ``value``; every hidden unit sends
    ``(value, -value)`` to the two outputs (equal rows: no unit differs from
    another, but the classes do, so gradients are not trivially zero).
    Returns the first gradient of layer 1's weights (from
    ``net.loss_and_gradients``), the weights after ``epochs`` of training, the
    number of distinct units (columns of each hidden layer's weights; 1 means
    all eight units are still one unit) and the final training accuracy.
    ``value=None`` keeps the network's random (He) weights, for comparison.
    """
    X, y = datasets.spiral(n=200, arms=2, noise=0.2, seed=seed)
    net = nn.MLP([2, 8, 8, 2], activation=activation, seed=seed)
    if value is not None:
        for W in net.params["W"][:-1]:
            W[...] = value
        net.params["W"][-1][...] = np.array([value, -value])
    _, grads = net.loss_and_gradients(X, y)
    first = grads["W"][0].copy()
    history = nn.train(net, X, y, lr=0.5, epochs=epochs, seed=seed)

    def distinct(W: np.ndarray) -> int:
        return np.unique(np.round(W, 12), axis=1).shape[1]

    return {"first_gradient": first, "weights": [W.copy() for W in net.params["W"]],
            "distinct": [distinct(W) for W in net.params["W"][:-1]],
            "accuracy": float(history.accuracy[-1])}


# ---------------------------------------------------------------------------
# Break it: activation x init x depth

#: Initialisations of the widget as the gain g (weight std g/sqrt(width)) they give
#: for an activation name and a layer width.
INITS: dict[str, Callable[[str, int], float]] = {
    "std 0.01": lambda name, width: 0.01 * math.sqrt(width),
    "LeCun": lambda name, width: 1.0,
    "He": lambda name, width: _SQRT2,
    "gain": lambda name, width: forward_gain(name),
    "std 1": lambda name, width: math.sqrt(width),
}


def _scaled_lecun_net(activation: str, scale: float, depth: int, width: int,
                      seed: int) -> nn.MLP:
    """LeCun's seeded weights times ``scale`` (written in place into the net's own buffers)."""
    net = nn.MLP([width] * (depth + 1) + [2], activation=activation, init="lecun", seed=seed)
    for W in net.params["W"]:
        W *= scale
    return net


@functools.lru_cache(maxsize=64)
def _statistics(activation: str, scale: float, depth: int, width: int, n: int,
                seed: int) -> dict[str, np.ndarray]:
    scaled = _scaled_lecun_net(activation, scale, depth, width, seed)
    X = np.random.default_rng(seed).standard_normal((n, width))
    with np.errstate(over="ignore", invalid="ignore"):
        layers = scaled.hidden(X)
    stds = np.array([float(np.std(z)) for z, _ in layers])
    bins = np.clip(np.floor((np.stack([h for _, h in layers]) + 3.0) / 0.2), 0, 29)
    hist = np.stack([np.bincount(b.astype(np.int64).ravel(), minlength=30) / b.size
                     for b in bins])
    return {"std": stds, "hist": hist, "edges": np.linspace(-3, 3, 31)}


#: Width of the simulated networks (the widget and the prediction figure).
WIDTH = 128

#: The widget's 80 frames render at 112 dpi (shown at the figure's size, so their text is
#: as large as every other frame's): fewer bytes and a faster chapter.
FRAME_DPI = 112


def layer_statistics(activation: str, init: str, depth: int = 30, width: int = WIDTH,
                     n: int = 64, seed: int = 0) -> dict[str, np.ndarray]:
    """``n`` random inputs through ``depth`` layers of ``width`` units.

    The weights are LeCun's (``nn.MLP(init="lecun")``) times :data:`INITS`'s
    gain, so every initialisation scales *the same* seeded matrices. Returns
    ``{"std": (depth,), "hist": (depth, 30), "edges": (31,)}``: the standard
    deviation of each layer's pre-activations, and the share of its
    activations in each of 30 bins on ``[-3, 3]`` (values beyond go to the
    end bins).
    """
    if init not in INITS:
        raise ValueError(f"unknown init {init!r}; valid: {', '.join(INITS)}")
    scale = round(INITS[init](activation, width), 12)
    return _statistics(activation, scale, int(depth), int(width), int(n), int(seed))


class InitDepthView:
    """Per-layer spread (left) and the distribution of one layer's activations (right)."""

    figsize = (7.6, 3.3)
    margins = {"left": 0.09, "right": 0.99, "bottom": 0.27, "top": 0.9, "wspace": 0.25}
    caption = ("Choose an activation and an initialisation, then a layer: the left panel "
               "shows the spread of the pre-activations through 30 layers of 128 units "
               "(thick line: your choice), the right panel how that layer's activations "
               "are distributed.")
    floor = 1e-3

    def __init__(self, activations: Sequence[str], inits: Sequence[str], depth: int = 30
                 ) -> None:
        self.activations, self.inits, self.depth = list(activations), list(inits), int(depth)
        self.stats = {(a, i): layer_statistics(a, i, self.depth)
                      for a in self.activations for i in self.inits}

    def setup(self, fig: Figure) -> dict[str, Any]:
        ax, ax_hist = fig.subplots(1, 2, width_ratios=(1.4, 1))
        layers = np.arange(1, self.depth + 1)
        lines = [ax.plot(layers, np.ones(self.depth), label=i, **style)[0]
                 for i, style in zip(self.inits, plotting.series_styles(len(self.inits)),
                                     strict=True)]
        (marker,) = ax.plot([], [], "o", markersize=8, markeredgecolor="black")
        plotting.log_axis(ax)
        ax.set_ylim(1e-8, 1e8)
        ax.set_xlabel("layer")
        ax.set_ylabel("std of pre-activations")
        fig.legend(handles=lines, loc="lower center", ncols=len(lines), fontsize=8,
                   title="initialisation (thick: selected)", title_fontsize=8)
        edges = next(iter(self.stats.values()))["edges"]
        bars = ax_hist.stairs(np.full(len(edges) - 1, self.floor), edges, fill=True,
                              baseline=self.floor, color="#0072B2")
        plotting.log_axis(ax_hist)
        ax_hist.set_ylim(self.floor, 1.0)
        ax_hist.set_xlim(-3, 3)
        ax_hist.set_xlabel("activation f(z) (clipped to ±3)")
        ax_hist.set_ylabel("share of units")
        title = fig.suptitle(" ", fontsize=9)
        return {"lines": lines, "marker": marker, "bars": bars, "title": title}

    def update(self, artists: dict[str, Any], point: Mapping[str, Any]) -> None:
        name, init, layer = point["activation"], point["init"], int(point["layer"])
        for line, i in zip(artists["lines"], self.inits, strict=True):
            line.set_ydata(np.clip(self.stats[(name, i)]["std"], 1e-9, 1e9))
            line.set_linewidth(3.0 if i == init else 1.0)
            line.set_alpha(1.0 if i == init else 0.45)
            if i == init:
                artists["marker"].set_color(line.get_color())
        stats = self.stats[(name, init)]
        std = stats["std"][layer - 1]
        artists["marker"].set_data([layer], [min(max(std, 1e-9), 1e9)])
        artists["marker"].set_markeredgecolor("black")
        artists["bars"].set_data(np.maximum(stats["hist"][layer - 1], self.floor))
        artists["title"].set_text(f"{name}, {init}: layer {layer}, std of z = {std:.2g}")

    def alt(self, point: Mapping[str, Any]) -> str:
        name, init, layer = point["activation"], point["init"], int(point["layer"])
        stats = self.stats[(name, init)]
        hist, centres = stats["hist"][layer - 1], stats["edges"][:-1] + 0.1
        peak = centres[int(np.argmax(hist))]
        return (f"{name} with {init} initialisation. Left: standard deviation of the "
                f"pre-activations per layer on a log scale, from {stats['std'][0]:.2g} at "
                f"layer 1 to {stats['std'][-1]:.2g} at layer {self.depth}; at layer {layer} "
                f"it is {stats['std'][layer - 1]:.2g}. Right: histogram of layer {layer}'s "
                f"activations; the fullest bin, near {peak:.1f}, holds "
                f"{hist.max():.0%} of them.")


# ---------------------------------------------------------------------------
# See: figures


def plot_gains(names: Sequence[str] = ("identity", "sigmoid", "tanh", "relu", "leaky_relu",
                                       "selu")) -> Axes:
    """Grouped bars: forward gain, backward gain and PyTorch's constant per activation."""
    fig, grid = plotting.new_figure(width=6.4, height=2.9)
    ax = grid[0, 0]
    series = {"forward gain (computed)": [forward_gain(n) for n in names],
              "backward gain (computed)": [backward_gain(n) for n in names],
              "PyTorch calculate_gain": [pytorch_gain(n) for n in names]}
    hatches = ("", "//", "..")
    with plotting.book_style():
        for k, ((label, values), style, hatch) in enumerate(
                zip(series.items(), plotting.series_styles(4)[1:], hatches, strict=True)):
            xs = np.arange(len(names)) + (k - 1) * 0.27
            ax.bar(xs, np.minimum(values, 5.0), width=0.26, label=label, color=style["color"],
                   hatch=hatch, edgecolor="white")
        ax.set_xticks(np.arange(len(names)), names)
        ax.set_ylim(0, 5.2)
        ax.set_ylabel("gain g (weight std = g/√n)")
        ax.legend(fontsize=8, loc="upper left")
    return ax


def plot_prediction(cases: Mapping[str, Sequence[tuple[str, str]]], depth: int = 30) -> Figure:
    """Predicted (lines) and simulated (markers) pre-activation std per layer.

    ``cases`` maps a panel title (an activation name) to ``(label, init)``
    pairs, ``init`` a key of :data:`INITS`.
    """
    fig, grid = plotting.new_figure(ncols=len(cases), width=3.6, height=2.8)
    layers = np.arange(1, depth + 1)
    with plotting.book_style():
        for ax, (name, pairs) in zip(grid[0], cases.items(), strict=True):
            for (label, init), style in zip(pairs, plotting.series_styles(len(pairs) + 1)[1:],
                                            strict=True):
                g = INITS[init](name, WIDTH)
                q, _ = mean_field(name, g, depth, q0=g**2)  # inputs ~ N(0, 1): Var z_1 = g²
                ax.plot(layers, np.sqrt(q), label=label, **style)
                ax.plot(layers[::3], layer_statistics(name, init, depth)["std"][::3], "o",
                        color=style["color"], markersize=4)
            plotting.log_axis(ax)
            low, high = ax.get_ylim()
            if high / low < 100:  # under two decades: label 0.1, 0.2, 0.5, 1, 2, ...
                ax.yaxis.set_major_locator(ticker.LogLocator(subs=(1.0, 2.0, 5.0)))
                ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))
            ax.set_title(name, fontsize=10)
            ax.set_xlabel("layer")
            ax.legend(fontsize=7)
        grid[0, 0].set_ylabel("std of pre-activations")
    return fig


def pytorch_rows(depth: int = 30) -> list[tuple[Any, ...]]:
    """PyTorch's gain against the computed ones, and what it does through ``depth`` layers.

    Rows: name, PyTorch's gain, computed forward and backward gains, the
    predicted pre-activation std after ``depth`` layers (from unit variance)
    and the predicted factor on the gradient std over those layers.
    """
    rows = []
    for name in PYTORCH_GAINS:
        a = act.get(name)
        g = pytorch_gain(name, **a.params)
        q, chi = mean_field(a, g, depth)
        rows.append((name, g, forward_gain(a), backward_gain(a), math.sqrt(q[-1]),
                     math.sqrt(float(np.prod(chi)))))
    return rows
