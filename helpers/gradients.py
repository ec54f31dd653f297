"""Why gradients vanish or explode with depth, and how clipping tames them.

Introduced in the chapter *Training failures* (and cited by *Sigmoid* for the
``0.25**n`` bound).

Three pieces, all plain NumPy:

* **Depth products.** Backpropagation through ``n`` layers multiplies ``n``
  factors ``w_k f'(z_k)``. With ``|w_k| <= w`` the product is at most
  ``(w * max|f'|)**n``; for the sigmoid ``max σ' = 1/4`` (at 0), so the bound
  is ``0.25**n`` at ``w = 1``, while tanh (``max tanh' = 1``) allows ``1**n``.
  :func:`max_derivative` finds ``max|f'|`` numerically from the registry and
  :func:`max_derivative_exact` in closed form with SymPy.
* **The chain of neurons.** A scalar network ``x_{k+1} = f(w_k x_k + b_k)``
  whose gradient ``d x_n / d x_0`` is exactly that product;
  :func:`chain_gradients` simulates it with seeded random weights.
* **Gradient clipping** by value and by global norm, applied to any list,
  tuple or dict of arrays (the shape ``helpers.nn`` returns gradients in).

The chapter's experiments on real networks (``helpers.nn``) live at the end:
per-layer gradient norms at initialisation, and a deliberately exploding
ReLU network trained with and without clipping, each with its figure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import sympy as sp
from matplotlib.axes import Axes

from helpers import activations as act
from helpers import symbolic

__all__ = [
    "max_derivative",
    "max_derivative_exact",
    "depth_bound",
    "chain_forward",
    "chain_gradients",
    "global_norm",
    "clip_by_value",
    "clip_by_global_norm",
    "USUAL_INIT",
    "layer_gradient_norms",
    "train_clipped",
    "exploding_runs",
    "plot_layer_gradient_norms",
    "plot_exploding",
    "power_of_ten_label",
    "log_axis",
]

ActivationLike = str | act.Activation


def _activation(item: ActivationLike) -> act.Activation:
    if isinstance(item, act.Activation):
        return item
    return act.get(item)  # unknown names raise ValueError listing the valid ones


# ---------------------------------------------------------------------------
# Depth products


def max_derivative(activation: ActivationLike, xlim: tuple[float, float] = (-10.0, 10.0),
                   num: int = 20001) -> float:
    """``max |f'(x)|`` over a grid of ``num`` points on ``xlim`` (the grid includes 0).

    Examples
    --------
    >>> max_derivative("sigmoid")
    0.25
    """
    if num < 3:
        raise ValueError(f"num must be >= 3, got {num}")
    lo, hi = xlim
    if not lo < 0 < hi:
        raise ValueError(f"xlim must contain 0 strictly inside, got {xlim}")
    xs = np.union1d(np.linspace(lo, hi, num), [0.0])
    return float(np.max(np.abs(_activation(activation).df(xs))))


def max_derivative_exact(activation: ActivationLike) -> sp.Expr:
    """``max f'`` in closed form: ``f'`` at the critical points of ``f'`` found by SymPy.

    Works for smooth activations whose ``f''`` has finitely many closed-form
    zeros (sigmoid: 1/4, tanh: 1). Raises ValueError otherwise.
    """
    a = _activation(activation)
    points = symbolic.critical_points(a.dexpr)
    if not points:
        raise ValueError(f"{a.name}: f' has no critical point, so no interior maximum")
    return sp.Max(*[sp.simplify(a.dexpr.subs(symbolic.x, p)) for p in points])


def depth_bound(activation: ActivationLike, depths: Iterable[int] | int,
                weight: float = 1.0) -> np.ndarray:
    """Upper bound ``(|weight| * max|f'|)**n`` on the gradient through ``n`` layers.

    Parameters
    ----------
    activation : name or Activation
    depths : int or iterable of int
        The depths ``n >= 0``.
    weight : float
        Bound on the absolute value of every weight in the chain.

    Examples
    --------
    >>> depth_bound("sigmoid", [1, 2, 3]).tolist()
    [0.25, 0.0625, 0.015625]
    """
    n = np.atleast_1d(np.asarray(list(depths) if not isinstance(depths, int) else depths))
    if n.size and (not np.issubdtype(n.dtype, np.integer) or n.min() < 0):
        raise ValueError(f"depths must be integers >= 0, got {n.tolist()}")
    return (abs(weight) * max_derivative(activation)) ** n.astype(float)


# ---------------------------------------------------------------------------
# The chain of neurons


def _chain_parameters(depth: int, n_chains: int, weights: Any, biases: Any,
                      weight_scale: float, bias_scale: float,
                      seed: int) -> tuple[np.ndarray, np.ndarray]:
    if depth < 1:
        raise ValueError(f"depth must be >= 1, got {depth}")
    if n_chains < 1:
        raise ValueError(f"n_chains must be >= 1, got {n_chains}")
    rng = np.random.default_rng(seed)
    if weights is None:
        w = weight_scale * rng.standard_normal((n_chains, depth))
    else:
        w = np.broadcast_to(np.asarray(weights, dtype=float), (n_chains, depth))
    if biases is None:
        b = bias_scale * rng.standard_normal((n_chains, depth))
    else:
        b = np.broadcast_to(np.asarray(biases, dtype=float), (n_chains, depth))
    return w, b


def chain_forward(activation: ActivationLike, x0: float | np.ndarray, weights: Any,
                  biases: Any) -> np.ndarray:
    """Forward pass of the chain ``x_{k+1} = f(w_k x_k + b_k)``; returns ``x_n``.

    ``weights`` and ``biases`` have shape ``(depth,)`` or ``(n_chains, depth)``.
    Used to check :func:`chain_gradients` by finite differences.
    """
    f = _activation(activation).f
    w = np.atleast_2d(np.asarray(weights, dtype=float))
    b = np.broadcast_to(np.asarray(biases, dtype=float), w.shape)
    xk = np.broadcast_to(np.asarray(x0, dtype=float), w.shape[:1]).copy()
    for k in range(w.shape[1]):
        xk = f(w[:, k] * xk + b[:, k])
    return xk


def chain_gradients(activation: ActivationLike, depth: int, n_chains: int = 1,
                    x0: float | np.ndarray = 0.0, weights: Any = None, biases: Any = None,
                    weight_scale: float = 1.0, bias_scale: float = 0.0,
                    seed: int = 0) -> np.ndarray:
    """Backpropagated gradient ``d x_k / d x_0`` along a scalar chain of neurons.

    The chain is ``x_{k+1} = f(w_k x_k + b_k)`` for ``k = 0 .. depth-1``, so
    ``d x_k / d x_0 = prod_{j<k} w_j f'(w_j x_j + b_j)``.

    Parameters
    ----------
    activation : name or Activation
    depth : int
        Number of neurons in the chain.
    n_chains : int
        Independent chains (rows of the result), each with its own weights.
    x0 : float or array of shape (n_chains,)
        The input of each chain.
    weights, biases : array-like, optional
        Explicit parameters of shape ``(depth,)`` or ``(n_chains, depth)``.
        When omitted they are drawn as ``weight_scale * N(0, 1)`` and
        ``bias_scale * N(0, 1)`` from ``np.random.default_rng(seed)``.

    Returns
    -------
    np.ndarray, shape (n_chains, depth)
        Column ``k-1`` holds ``d x_k / d x_0``.

    Examples
    --------
    With ``w = 1`` and biases that keep every pre-activation at 0 the sigmoid
    chain attains the bound exactly:

    >>> g = chain_gradients("sigmoid", 3, weights=1.0, biases=[0.0, -0.5, -0.5])
    >>> g.tolist()
    [[0.25, 0.0625, 0.015625]]
    """
    a = _activation(activation)
    w, b = _chain_parameters(depth, n_chains, weights, biases, weight_scale, bias_scale, seed)
    xk = np.broadcast_to(np.asarray(x0, dtype=float), (n_chains,)).copy()
    grad = np.ones(n_chains)
    out = np.empty((n_chains, depth))
    for k in range(depth):
        z = w[:, k] * xk + b[:, k]
        grad = grad * w[:, k] * a.df(z)
        xk = a.f(z)
        out[:, k] = grad
    return out


# ---------------------------------------------------------------------------
# Gradient clipping


def _leaves(tree: Any) -> list[np.ndarray]:
    if isinstance(tree, Mapping):
        return [leaf for key in tree for leaf in _leaves(tree[key])]
    if isinstance(tree, (list, tuple)):
        return [leaf for item in tree for leaf in _leaves(item)]
    if tree is None:
        return []
    return [np.asarray(tree, dtype=float)]


def _map(fn: Callable[[np.ndarray], np.ndarray], tree: Any) -> Any:
    if isinstance(tree, Mapping):
        return {key: _map(fn, value) for key, value in tree.items()}
    if isinstance(tree, (list, tuple)):
        mapped = [_map(fn, item) for item in tree]
        return tuple(mapped) if isinstance(tree, tuple) else mapped
    if tree is None:
        return None
    return fn(np.asarray(tree, dtype=float))


def global_norm(grads: Any) -> float:
    """Euclidean norm of all gradient entries taken together (list/tuple/dict of arrays)."""
    leaves = _leaves(grads)
    if not leaves:
        raise ValueError("global_norm needs at least one array (got an empty structure)")
    return float(np.sqrt(sum(np.sum(leaf * leaf) for leaf in leaves)))


def clip_by_value(grads: Any, limit: float) -> Any:
    """Clip every gradient entry into ``[-limit, limit]``; same structure back.

    Changes the direction of the gradient whenever some but not all entries
    are clipped; :func:`clip_by_global_norm` does not.
    """
    if not (np.isfinite(limit) and limit > 0):
        raise ValueError(f"limit must be a finite number > 0, got {limit!r}")
    return _map(lambda g: np.clip(g, -limit, limit), grads)


def clip_by_global_norm(grads: Any, max_norm: float) -> tuple[Any, float]:
    """Rescale all gradients together so their global norm is at most ``max_norm``.

    Returns ``(clipped, norm)`` where ``norm`` is the global norm *before*
    clipping. When ``norm <= max_norm`` the gradients come back unchanged;
    otherwise every entry is multiplied by ``max_norm / norm``, which keeps
    the direction and caps the length (Pascanu et al., 2013).
    """
    if not (np.isfinite(max_norm) and max_norm > 0):
        raise ValueError(f"max_norm must be a finite number > 0, got {max_norm!r}")
    norm = global_norm(grads)
    if not np.isfinite(norm):
        raise ValueError(f"the gradient norm is {norm}; cannot rescale a non-finite gradient")
    scale = 1.0 if norm <= max_norm else max_norm / norm
    return _map(lambda g: g * scale, grads), norm


# ---------------------------------------------------------------------------
# Networks: per-layer gradient norms at initialisation, exploding and clipping

#: The initialisation each activation is usually paired with.
USUAL_INIT = {"sigmoid": "glorot", "tanh": "glorot", "relu": "he"}


def layer_gradient_norms(activation: str, depth: int = 10, width: int = 32,
                         init: str | None = None, seed: int = 0) -> np.ndarray:
    """Norm of the weight gradient of each layer of a fresh deep network, input side first.

    The network is ``[2] + [width] * depth + [2]`` (see ``helpers.nn.MLP``),
    initialised with ``init`` (default: :data:`USUAL_INIT` for the activation,
    else ``"he"``), evaluated once on the seeded two-arm spiral.

    Returns
    -------
    np.ndarray, shape (depth + 1,)
        ``||dL/dW_l||`` for ``l = 1 .. depth + 1`` (the last is the output layer).
    """
    from helpers import datasets, nn

    if depth < 1 or width < 1:
        raise ValueError(f"depth and width must be >= 1, got depth={depth}, width={width}")
    X, y = datasets.spiral(n=300, arms=2, noise=0.2, seed=seed)
    net = nn.MLP([2] + [width] * depth + [2], activation=activation,
                 init=init or USUAL_INIT.get(activation, "he"), seed=seed)
    _, grads = net.loss_and_gradients(X, y)
    return nn.gradient_norms(grads)


def train_clipped(net: Any, X: np.ndarray, y: np.ndarray, lr: float = 0.1, epochs: int = 100,
                  max_norm: float | None = None, max_value: float | None = None
                  ) -> dict[str, np.ndarray]:
    """Full-batch gradient descent with optional clipping; stops when the loss diverges.

    Parameters
    ----------
    net : helpers.nn.MLP
        Trained in place.
    max_norm : float, optional
        Clip by global norm (:func:`clip_by_global_norm`) before each step.
    max_value : float, optional
        Clip each entry into ``[-max_value, max_value]`` (:func:`clip_by_value`).

    Returns
    -------
    dict
        ``"loss"`` and ``"grad_norm"`` (before clipping), each of shape
        ``(epochs,)``, NaN after a divergence.
    """
    if max_norm is not None and max_value is not None:
        raise ValueError("give max_norm or max_value, not both")
    loss_log, norm_log = np.full(epochs, np.nan), np.full(epochs, np.nan)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        for epoch in range(epochs):
            loss, grads = net.loss_and_gradients(X, y)
            norm = global_norm(grads)
            if not (np.isfinite(loss) and np.isfinite(norm)):
                break
            loss_log[epoch], norm_log[epoch] = loss, norm
            if max_norm is not None:
                grads, _ = clip_by_global_norm(grads, max_norm)
            elif max_value is not None:
                grads = clip_by_value(grads, max_value)
            net.step(grads, lr)
    return {"loss": loss_log, "grad_norm": norm_log}


def exploding_runs(gain: float = 2.5, depth: int = 6, width: int = 32, lr: float = 0.05,
                   epochs: int = 50, max_norm: float = 1.0,
                   seed: int = 0) -> dict[str, dict[str, np.ndarray]]:
    """A deep ReLU net with He weights times ``gain``, trained without and with clipping.

    Returns ``{"no clipping": run, "clip by norm": run}`` as from
    :func:`train_clipped`; both start from the same seeded weights.
    """
    from helpers import datasets, nn

    X, y = datasets.spiral(n=300, arms=2, noise=0.2, seed=seed)
    runs = {}
    for label, clip in (("no clipping", None), (f"clip norm at {max_norm:g}", max_norm)):
        net = nn.MLP([2] + [width] * depth + [2], activation="relu", init="he", seed=seed)
        for W in net.params["W"]:
            W *= gain
        runs[label] = train_clipped(net, X, y, lr=lr, epochs=epochs, max_norm=clip)
    return runs


# ---------------------------------------------------------------------------
# Figures of the chapter *Training failures*

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_of_ten_label(value: float, _pos: object = None) -> str:
    """Tick label ``10⁻⁴`` in plain Unicode (no mathtext: cheaper to lay out and draw)."""
    if not value > 0:
        return ""
    exponent = np.log10(value)
    if abs(exponent - round(exponent)) > 1e-9:
        return ""
    return "10" + str(int(round(exponent))).translate(_SUPERSCRIPT)


def log_axis(ax: Axes, which: str = "y") -> None:
    """Log scale on ``ax`` with plain-text power-of-ten labels and unlabelled minor ticks."""
    from matplotlib import ticker

    axis = ax.yaxis if which == "y" else ax.xaxis
    (ax.set_yscale if which == "y" else ax.set_xscale)("log")
    axis.set_major_formatter(ticker.FuncFormatter(power_of_ten_label))
    axis.set_minor_formatter(ticker.NullFormatter())


def plot_layer_gradient_norms(activations: Iterable[str] = ("sigmoid", "tanh", "relu"),
                              depth: int = 10, width: int = 32, seed: int = 0) -> Axes:
    """Per-layer gradient norm at initialisation, one line per activation (log scale)."""
    from helpers import plotting

    names = list(activations)
    fig, grid = plotting.new_figure(width=5.5, height=3.0)
    ax = grid[0, 0]
    layers = np.arange(1, depth + 2)
    with plotting.book_style():
        for name, style in zip(names, plotting.series_styles(len(names)), strict=True):
            norms = layer_gradient_norms(name, depth, width, seed=seed)
            init = USUAL_INIT.get(name, "he")
            ax.plot(layers, norms, marker="o", markersize=4, label=f"{name} ({init} init)",
                    **style)
        log_axis(ax)
        ax.set_xlabel("layer (1 = next to the input)")
        ax.set_ylabel(r"$\|\partial L / \partial W_l\|$")
        ax.legend(fontsize=8)
    return ax


def plot_exploding(runs: Mapping[str, Mapping[str, np.ndarray]],
                   cap: float = 1e4) -> tuple[Axes, Axes]:
    """Loss (left) and gradient norm before clipping (right) per epoch for each run.

    The y axes stop at ``cap``; a run that blows up leaves through the top,
    and a label gives the last epoch at which its loss was still finite.
    """
    from helpers import plotting

    fig, grid = plotting.new_figure(ncols=2, width=3.6, height=2.8)
    ax_loss, ax_norm = grid[0]
    styles = plotting.series_styles(len(runs) + 1)[1:]
    with plotting.book_style():
        for (label, run), style in zip(runs.items(), styles, strict=True):
            epochs = np.arange(1, len(run["loss"]) + 1)
            for ax, key in ((ax_loss, "loss"), (ax_norm, "grad_norm")):
                ax.plot(epochs, run[key], label=label, **style)
                finite = np.isfinite(run[key])
                above = np.flatnonzero(finite & (np.where(finite, run[key], 0) > cap))
                if above.size:
                    last = int(np.flatnonzero(finite)[-1]) + 1
                    ax.annotate(f"leaves the plot; overflows after epoch {last}",
                                (above[0] + 1, cap), textcoords="offset points",
                                xytext=(6, -12), fontsize=8, color=style["color"])
        for ax, name in ((ax_loss, "training loss"), (ax_norm, "gradient norm")):
            log_axis(ax)
            ax.set_ylim(top=cap)
            ax.set_xlabel("epoch")
            ax.set_ylabel(name)
        ax_loss.legend(fontsize=8, loc="center right")
    return ax_loss, ax_norm
