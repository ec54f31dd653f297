"""Chapter: book/normalisation.md

Batch normalisation and skip connections rescue a deep sigmoid network.

* :func:`bn_backward_symbolic` derives batch normalisation's backward pass
  with SymPy for a small batch; :func:`bn_gradient_check` compares the
  layer's backward pass with central finite differences.
* :func:`batch_dependence` shows what inference mode changes: in training
  mode an example's output depends on the rest of its batch.
* :func:`activation_stats` and :func:`plot_activation_stats`: mean and spread
  of every layer's pre-activations, with and without batch normalisation.
* :func:`skip_chain` and :func:`skip_jacobian`: the scalar chain with and
  without a skip path, and the Jacobian of a block.
* :func:`layer_gradient_norms`, :class:`GradientDepthView` and
  :func:`gradient_depth`: per-layer gradient norms at initialisation for the
  four architectures of :data:`VARIANTS`, a static-first slider on depth.
* :func:`accuracy_runs`, :func:`accuracy_table` and :func:`plot_accuracy`:
  the four architectures trained on the digits (several seeds at once).

Everything trains with ``helpers.nn.train`` (through ``train_many``);
nothing runs at import.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import ipywidgets as ipw
import numpy as np
import sympy as sp
from IPython.display import Markdown
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from helpers import datasets, nn, plotting, tables
from helpers.frames import checked_values, slider_widget

__all__ = [
    "VARIANTS",
    "bn_backward_symbolic",
    "bn_gradient_check",
    "batch_dependence",
    "activation_stats",
    "plot_activation_stats",
    "skip_chain",
    "skip_jacobian",
    "layer_gradient_norms",
    "GradientDepthView",
    "gradient_depth",
    "accuracy_runs",
    "accuracy_table",
    "plot_accuracy",
]

#: The four architectures compared: label -> ``MLP`` keywords.
VARIANTS: dict[str, dict[str, str]] = {
    "plain": {},
    "batch norm": {"norm": "batch"},
    "skip, f after the sum": {"residual": "post"},
    "skip, pre-activation": {"residual": "pre"},
}

WIDTH = 32


# ---------------------------------------------------------------------------
# Derive: batch normalisation's backward pass


def bn_backward_symbolic(n: int = 3) -> tuple[sp.Expr, sp.Expr, dict[sp.Symbol, sp.Expr]]:
    """``dL/dx_1`` of batch normalisation for a batch of ``n`` scalars, two ways.

    ``L = sum_i g_i y_i`` with ``y_i = gamma xhat_i + beta`` (``g_i`` stands
    for the upstream gradient). Returns SymPy's derivative, the closed form
    ``gamma / sqrt(var + eps) * (g_1 - mean(g) - xhat_1 mean(g xhat))``, and a
    random rational point at which to compare them exactly.
    """
    xs = sp.symbols(f"x_1:{n + 1}", real=True)
    gs = sp.symbols(f"g_1:{n + 1}", real=True)
    gamma, beta = sp.symbols("gamma beta", real=True)
    eps = sp.Symbol("epsilon", positive=True)
    mu = sum(xs) / n
    var = sum((x - mu) ** 2 for x in xs) / n
    xhat = [(x - mu) / sp.sqrt(var + eps) for x in xs]
    loss = sum(g * (gamma * xh + beta) for g, xh in zip(gs, xhat, strict=True))
    derived = sp.diff(loss, xs[0])
    g_mean = sum(gs) / n
    gx_mean = sum(g * xh for g, xh in zip(gs, xhat, strict=True)) / n
    closed = gamma / sp.sqrt(var + eps) * (gs[0] - g_mean - xhat[0] * gx_mean)
    rng = np.random.default_rng(0)
    point = {s: sp.Rational(int(rng.choice([-1, 1]) * rng.integers(1, 10)),
                            int(rng.integers(1, 5)))
             for s in (*xs, *gs, gamma, beta)}        # non-zero, so no term vanishes
    point[eps] = sp.Rational(1, 100)
    return derived, closed, point


def bn_gradient_check(n: int = 6, width: int = 4, training: bool = True,
                      seed: int = 0, h: float = 1e-6) -> float:
    """Largest |analytic - finite difference| of ``dL/dx`` for a BatchNorm layer (float64).

    ``L = sum(G * y)`` with a fixed random ``G``; ``training=False`` checks
    the inference-mode pass (running statistics).
    """
    rng = np.random.default_rng(seed)
    layer = nn.BatchNorm()
    gamma, beta = rng.normal(1, 0.3, width), rng.normal(0, 0.3, width)
    layer.bind({"gamma": gamma, "beta": beta},
               {"gamma": np.zeros(width), "beta": np.zeros(width)})
    layer.running_mean[...] = rng.normal(0, 1, width)
    layer.running_var[...] = rng.uniform(0.5, 2, width)
    layer.training, layer.track = training, False
    x, G = rng.normal(0.5, 2, (n, width)), rng.normal(size=(n, width))
    _, cache = layer.forward(x)
    analytic = layer.backward(G, cache, need_input_grad=True)
    numeric = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        up = np.sum(G * layer.forward(x)[0])
        x[idx] = old - h
        down = np.sum(G * layer.forward(x)[0])
        x[idx] = old
        numeric[idx] = (up - down) / (2 * h)
    return float(np.max(np.abs(analytic - numeric)))


def batch_dependence(seed: int = 0) -> dict[str, float]:
    """One example's logits in two different batches, training vs inference mode.

    A batch-normalised network (digits, trained briefly) scores the first
    test example once inside a batch of test examples and once inside a
    batch of training examples. Returns the largest change of its logits
    in each mode (inference mode: exactly 0).
    """
    data = datasets.digits_split(seed=seed)
    net = nn.MLP([data.n_features, WIDTH, WIDTH, data.classes], activation="sigmoid",
                 init="glorot", seed=seed, norm="batch")
    nn.train(net, *data.train, lr=0.1, epochs=3, batch_size=64, seed=seed, diagnostics=False)
    example = data.X_test[:1]
    batch_a = np.vstack([example, data.X_test[1:32]])
    batch_b = np.vstack([example, data.X_train[:31]])
    out = {}
    for mode, training in (("training mode", True), ("inference mode", False)):
        first = [net.trace(b, training=training)[-1][1][0] for b in (batch_a, batch_b)]
        out[mode] = float(np.max(np.abs(first[0] - first[1])))
    return out


# ---------------------------------------------------------------------------
# See: activation statistics per layer


def activation_stats(depth: int = 10, activation: str = "sigmoid", seed: int = 0,
                     rows: int = 512) -> dict[str, np.ndarray]:
    """How each hidden layer's pre-activations vary over the examples, at initialisation.

    On ``rows`` digits of the training set, for a plain network and for the same weights
    with batch normalisation (training mode). For every unit take its mean
    and its standard deviation over the examples (what batch normalisation
    subtracts and divides by); report, per layer, the average over units of
    ``|mean|`` and of the standard deviation. Returns arrays of shape
    ``(depth,)``: ``"plain mean"``, ``"plain std"``, ``"before BN mean"``,
    ``"before BN std"``, ``"after BN mean"``, ``"after BN std"``.
    """
    data = datasets.digits_split(seed=seed)
    sizes = [data.n_features] + [WIDTH] * depth + [data.classes]
    out: dict[str, np.ndarray] = {}
    for label, norm in (("plain", None), ("BN", "batch")):
        net = nn.MLP(sizes, activation=activation, init="glorot", seed=seed, norm=norm)
        trace = net.trace(data.X_train[:rows], training=True)
        kinds = {"plain": [("plain", "dense")],
                 "BN": [("before BN", "dense"), ("after BN", "batchnorm")]}[label]
        for name, kind in kinds:
            zs = [z for k, z in trace if k == kind][:depth]
            out[f"{name} mean"] = np.array([np.abs(z.mean(axis=0)).mean() for z in zs])
            out[f"{name} std"] = np.array([z.std(axis=0).mean() for z in zs])
    return out


def plot_activation_stats(stats: dict[str, np.ndarray] | None = None) -> tuple[Axes, Axes]:
    """Two panels against the layer: mean (left) and standard deviation (right, log)."""
    stats = activation_stats() if stats is None else stats
    fig, grid = plotting.new_figure(ncols=2, width=3.6, height=2.8)
    layers = np.arange(1, len(stats["plain mean"]) + 1)
    with plotting.book_style():
        for ax, what in zip(grid[0], ("mean", "std"), strict=True):
            for (name, marker), style in zip((("plain", "o"), ("before BN", "s"),
                                              ("after BN", "^")),
                                             plotting.series_styles(3), strict=True):
                label = {"plain": "plain network", "before BN": "BN network, before BN",
                         "after BN": "BN network, after BN"}[name]
                ax.plot(layers, stats[f"{name} {what}"], marker=marker, label=label, **style)
            ax.set_xlabel("hidden layer")
            ax.set_xticks(layers)
        grid[0][0].set_ylabel("|mean| of a unit over examples")
        grid[0][1].set_ylabel("std of a unit over examples")
        grid[0][1].set_yscale("log")
        grid[0][0].legend(fontsize=7)
    return grid[0][0], grid[0][1]


# ---------------------------------------------------------------------------
# Skip connections


def skip_chain(depth: int = 20) -> dict[str, sp.Expr]:
    """The scalar chain ``h_{l+1} = g(h_l)`` with and without the skip path, in SymPy.

    ``a_l`` stands for ``w_l f'(z_l)``: without a skip ``dh_L/dh_0 = prod a_l``,
    with one ``prod (1 + a_l)``. Returns both products for ``depth`` layers
    and their values when every ``a_l = 1/4`` (the sigmoid's best case).
    """
    a = sp.symbols(f"a_1:{depth + 1}", real=True)
    plain, skip = sp.Mul(*a), sp.Mul(*[1 + ak for ak in a])
    quarter = {ak: sp.Rational(1, 4) for ak in a}
    return {"plain": plain, "skip": skip, "plain at 1/4": plain.subs(quarter),
            "skip at 1/4": skip.subs(quarter)}


def skip_jacobian() -> tuple[sp.Matrix, sp.Matrix]:
    """Jacobian of a two-unit pre-activation block ``h' = h + W f(h)``, and ``I + W f'(h)``.

    SymPy computes the first with ``Matrix.jacobian``; the second is the
    closed form with ``f'(h)`` as a diagonal matrix.
    """
    h = sp.Matrix(sp.symbols("h_1 h_2", real=True))
    W = sp.Matrix(2, 2, sp.symbols("w_11 w_12 w_21 w_22", real=True))
    f = sp.Function("f")
    out = h + W * h.applyfunc(f)
    closed = sp.eye(2) + W * sp.diag(*[sp.diff(f(hi), hi) for hi in h])
    return out.jacobian(h), closed


def _digits_batch(rows: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.digits_split(seed=seed).train
    return X[:rows], y[:rows]


@functools.lru_cache(maxsize=64)
def _norms(depth: int, variant: str, activation: str, seeds: tuple[int, ...]) -> np.ndarray:
    X, y = _digits_batch(128, 0)
    net = nn.MLP([X.shape[1]] + [WIDTH] * depth + [10], activation=activation,
                 init="glorot", seed=list(seeds), **VARIANTS[variant])
    _, grads = net.loss_and_gradients(X, y)
    return np.exp(np.mean(np.log(nn.gradient_norms(grads)), axis=0))


def layer_gradient_norms(depth: int, variant: str = "plain", activation: str = "sigmoid",
                         seeds: Sequence[int] = (0, 1, 2)) -> np.ndarray:
    """Norm of each weight matrix's gradient at initialisation, shape ``(depth + 1,)``.

    Glorot initialisation, hidden width 32, 128 digits; the geometric mean
    over ``seeds``. ``variant`` is a key of :data:`VARIANTS`.
    """
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {', '.join(VARIANTS)}, got {variant!r}")
    return _norms(int(depth), variant, activation, tuple(int(s) for s in seeds))


class GradientDepthView:
    """Per-layer gradient norms of the four architectures, one frame per depth."""

    figsize = (6.4, 3.2)
    margins = {"left": 0.11, "right": 0.98, "bottom": 0.15, "top": 0.9}
    control = "hidden layers"
    caption = ("Gradient norm of every weight matrix at initialisation, first layer on the "
               "left, for sigmoid networks of the chosen depth: plain, with batch "
               "normalisation, and with skip connections in the two placements.")

    def __init__(self, depths: Sequence[int]) -> None:
        self.depths = [int(d) for d in checked_values(depths, "depths")]
        self.norms = {d: {v: layer_gradient_norms(d, v) for v in VARIANTS} for d in self.depths}

    def setup(self, fig: Figure) -> dict[str, Any]:
        ax = fig.subplots()
        lines = {v: ax.plot([], [], marker=m, markersize=3, label=v, **style)[0]
                 for v, style, m in zip(VARIANTS, plotting.series_styles(4), "os^D",
                                        strict=True)}
        values = np.concatenate([n for by in self.norms.values() for n in by.values()])
        ax.set_yscale("log")
        ax.set_ylim(values.min() / 3, values.max() * 3)
        ax.set_xlim(0, max(self.depths) + 2)
        ax.set_xlabel("layer (1 = next to the input)")
        ax.set_ylabel("gradient norm")
        ax.legend(fontsize=7, loc="lower right")
        return {"lines": lines, "title": ax.set_title(" ", fontsize=9)}

    def update(self, artists: dict[str, Any], value: int) -> None:
        norms = self.norms[int(value)]
        for v, line in artists["lines"].items():
            line.set_data(np.arange(1, len(norms[v]) + 1), norms[v])
        ratio = norms["plain"][0] / norms["plain"][-1]
        artists["title"].set_text(f"{value} hidden layers: plain first/last = {ratio:.1e}")

    def label(self, value: int) -> str:
        return str(int(value))

    def alt(self, value: int) -> str:
        norms = self.norms[int(value)]
        parts = "; ".join(f"{v}: {n[0]:.1e} at layer 1, {n[-1]:.1e} at the output"
                          for v, n in norms.items())
        return (f"Gradient norm per layer on a log scale for {value} hidden layers. {parts}.")


def gradient_depth(depths: Sequence[int] = (2, 5, 10, 20, 50),
                   live: bool = False) -> ipw.VBox:
    """Static-first slider: depth -> per-layer gradient norms of the four architectures."""
    view = GradientDepthView(depths)
    return slider_widget(view, view.depths, live)


# ---------------------------------------------------------------------------
# Accuracy: the four architectures trained


@functools.lru_cache(maxsize=8)
def _runs(depth: int, epochs: int, lr: float, seeds: tuple[int, ...]) -> dict[str, Any]:
    data = datasets.digits_split(validation=0.5, test=0.2, seed=0)
    sizes = [data.n_features] + [WIDTH] * depth + [data.classes]
    return {v: nn.train_many(sizes, *data.train, seeds=seeds, activation="sigmoid",
                             init="glorot", lr=lr, epochs=epochs, batch_size=32,
                             test=data.test, diagnostics=False, **kw)[1]
            for v, kw in VARIANTS.items()}


def accuracy_runs(depth: int = 20, epochs: int = 5, lr: float = 0.1,
                  seeds: Sequence[int] = (0, 1, 2)) -> dict[str, nn.History]:
    """Train the four :data:`VARIANTS` (sigmoid, Glorot, width 32) on the digits.

    30 % of the digits (539 images) for training, 20 % (359) held out for the
    test; minibatches of 32, SGD. The histories hold the test accuracy per
    epoch with one row per seed. Cached.
    """
    return _runs(int(depth), int(epochs), float(lr), tuple(int(s) for s in seeds))


def accuracy_table(runs: dict[str, nn.History]) -> Markdown:
    """Final test accuracy per architecture: mean, 95 % interval, every seed."""
    rows = []
    for v, h in runs.items():
        final = h.test_accuracy[:, -1]
        mean, half = nn.mean_ci(final) if np.ptp(final) > 0 else (float(final[0]), 0.0)
        rows.append([v, f"{mean:.3f} ± {half:.3f}", ", ".join(f"{a:.2f}" for a in final)])
    return tables.markdown_table(["architecture", "test accuracy (95 % CI)", "per seed"], rows)


def plot_accuracy(runs: dict[str, nn.History]) -> Axes:
    """Test accuracy against epoch, mean over seeds with the range shaded."""
    fig, grid = plotting.new_figure(width=5.0, height=3.0)
    ax = grid[0][0]
    with plotting.book_style():
        for (v, h), style, m in zip(runs.items(), plotting.series_styles(4), "os^D",
                                    strict=True):
            acc = h.test_accuracy
            epochs = np.arange(1, acc.shape[1] + 1)
            ax.plot(epochs, acc.mean(axis=0), marker=m, label=v, **style)
            ax.fill_between(epochs, acc.min(axis=0), acc.max(axis=0), color=style["color"],
                            alpha=0.15, linewidth=0)
        ax.set_ylim(0, 1)
        ax.set_xlabel("epoch")
        ax.set_ylabel("test accuracy")
        ax.legend(fontsize=7, loc="center right")
    return ax
