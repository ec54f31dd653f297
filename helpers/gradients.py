"""Why gradients vanish or explode with depth, and how clipping tames them.

Introduced in: book/sigmoid.md

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

:func:`chain_rule` differentiates a nested chain symbolically and prints the
same on every run. The experiments on real networks (per-layer gradient
norms, an exploding network trained with and without clipping) are a study:
:mod:`helpers.studies.gradient_flow`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import sympy as sp

from helpers import activations as act
from helpers import symbolic
from helpers._validate import real_number, whole_number

__all__ = [
    "max_derivative",
    "max_derivative_exact",
    "depth_bound",
    "chain_forward",
    "chain_gradients",
    "global_norm",
    "clip_by_value",
    "clip_by_global_norm",
    "chain_rule",
]

ActivationLike = act.ActivationLike
_activation = act.resolve


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
    whole_number(depth, "depth", minimum=1)
    whole_number(n_chains, "n_chains", minimum=1)
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
    limit = real_number(limit, "limit", "a finite number > 0", lambda v: v > 0)
    return _map(lambda g: np.clip(g, -limit, limit), grads)


def clip_by_global_norm(grads: Any, max_norm: float) -> tuple[Any, float]:
    """Rescale all gradients together so their global norm is at most ``max_norm``.

    Returns ``(clipped, norm)`` where ``norm`` is the global norm *before*
    clipping. When ``norm <= max_norm`` the gradients come back unchanged;
    otherwise every entry is multiplied by ``max_norm / norm``, which keeps
    the direction and caps the length (Pascanu et al., 2013).
    """
    max_norm = real_number(max_norm, "max_norm", "a finite number > 0", lambda v: v > 0)
    norm = global_norm(grads)
    if not np.isfinite(norm):
        raise ValueError(f"the gradient norm is {norm}; cannot rescale a non-finite gradient")
    scale = 1.0 if norm <= max_norm else max_norm / norm
    return _map(lambda g: g * scale, grads), norm


# ---------------------------------------------------------------------------
# The chain rule, symbolically


def chain_rule(expr: sp.Expr, wrt: sp.Symbol) -> sp.Expr:
    """``d expr / d wrt`` with the chain rule's dummy variables given fixed names.

    Differentiating ``f(g(x))`` for an unspecified ``f`` gives factors like
    ``Subs(Derivative(f(xi), xi), xi, g(x))`` whose ``xi`` is a fresh
    :class:`sympy.Dummy`; SymPy orders such factors by the dummies' creation
    order, which follows Python's hash seed, so the printed product changed
    from run to run. Replacing each dummy by the plain symbol of the same name
    makes the factor order depend on the expression alone.

    Examples
    --------
    >>> import sympy as sp
    >>> x0, f = sp.Symbol("x_0"), sp.Function("f")
    >>> chain_rule(f(2 * f(x0)), x0)
    2*Derivative(f(x_0), x_0)*Subs(Derivative(f(xi_1), xi_1), xi_1, 2*f(x_0))
    """
    derivative = sp.diff(expr, wrt)
    return derivative.xreplace({d: sp.Symbol(d.name, **d.assumptions0)
                                for d in derivative.atoms(sp.Dummy)})
