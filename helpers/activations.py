"""The activation registry: one :class:`Activation` per scalar function.

Introduced in the chapter *Sigmoid* and used by every chapter after it.

Each activation carries

* ``expr`` -- its SymPy expression in the real symbol :data:`x`, the single
  source of truth;
* ``dexpr`` -- ``sympy.diff(expr, x)``;
* ``f`` / ``df`` -- NumPy implementations written for numerical stability:
  vectorised, dtype-preserving for floating input, free of overflow or
  invalid-value warnings for ``|x|`` up to ``1e4``, and NaN in gives NaN out.

Convention at a kink: the derivative is the *left-hand* one, so
``relu'(0) = 0`` as in PyTorch. The SymPy expressions encode it by writing
every piecewise branch as ``(value, x <= k)``, so the left piece owns the
kink; the NumPy derivatives follow the same rule and the tests check that
they agree.

Examples
--------
>>> from helpers import activations as act
>>> a = act.get("leaky_relu", alpha=0.1)
>>> a.name, a.params
('leaky_relu', {'alpha': 0.1})
>>> float(act.get("sigmoid").df(0.0))
0.25
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import sympy as sp
from scipy import special

__all__ = [
    "Activation",
    "SELU_ALPHA",
    "SELU_LAMBDA",
    "GELU_TANH_COEFF",
    "x",
    "names",
    "aliases",
    "get",
    "all_activations",
    "KINK_CONVENTION",
]

#: The real symbol every expression is written in.
x = sp.Symbol("x", real=True)

#: SELU constants from Klambauer et al. (2017); ``helpers.symbolic`` re-derives them.
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_LAMBDA = 1.0507009873554804934193349852946

#: The cubic coefficient of the tanh approximation of GELU (Hendrycks & Gimpel).
GELU_TANH_COEFF = 0.044715

KINK_CONVENTION = (
    "At a kink the derivative is the left-hand one: relu'(0) = 0, as in PyTorch. "
    "(At the upper kinks of hard_tanh, relu6 and hard_sigmoid PyTorch uses 0 "
    "instead of the left-hand slope.)"
)

Array = np.ndarray
NumpyFn = Callable[..., Array]


# ---------------------------------------------------------------------------
# Parameters and their validation


@dataclass(frozen=True)
class Param:
    """A scalar parameter of an activation and the rule it must satisfy."""

    name: str
    default: float
    rule: str  # human-readable, e.g. "> 0"
    check: Callable[[float], bool]


def _positive(name: str, default: float) -> Param:
    return Param(name, default, "a finite number > 0", lambda v: v > 0)


def _finite(name: str, default: float) -> Param:
    return Param(name, default, "a finite number", lambda v: True)


def _slope(name: str, default: float) -> Param:
    return Param(name, default, "a finite number with 0 <= alpha < 1", lambda v: 0 <= v < 1)


# ---------------------------------------------------------------------------
# NumPy building blocks (stable, warning-free)


def _sigmoid(z: Array) -> Array:
    """Stable logistic function: never exponentiates a positive number."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def _sigmoid_df(z: Array) -> Array:
    """sigma'(z) = e^{-|z|} / (1 + e^{-|z|})^2: exact in the tails, where s(1 - s) gives 0."""
    e = np.exp(-np.abs(z))
    return e / (1 + e) ** 2


def _tanh_df(z: Array) -> Array:
    """tanh'(z) = 4 e^{-2|z|} / (1 + e^{-2|z|})^2: exact in the tails, unlike 1 - tanh^2."""
    e = np.exp(-2 * np.abs(z))
    return 4 * e / (1 + e) ** 2


def _softplus(z: Array) -> Array:
    """Stable ``log(1 + exp(z))``."""
    return np.logaddexp(z.dtype.type(0), z)


def _nonpositive(z: Array) -> Array:
    """``min(z, 0)``: feed this to ``exp``/``expm1`` on the negative branch."""
    return np.minimum(z, z.dtype.type(0))


def _std_normal_pdf(z: Array) -> Array:
    return np.exp(-0.5 * z * z) / z.dtype.type(math.sqrt(2 * math.pi))


# ---------------------------------------------------------------------------
# The Activation record


@dataclass(frozen=True)
class Activation:
    """One activation function with fixed parameters.

    Attributes
    ----------
    name : str
        Registry name, e.g. ``"leaky_relu"``.
    params : Mapping[str, float]
        Parameter values (read-only), e.g. ``{"alpha": 0.01}``.
    expr, dexpr : sympy.Expr
        The function and ``sympy.diff(expr, x)`` in the real symbol ``x``.
    kinks : tuple of float
        Points where the derivative jumps (empty for smooth functions).
    label : str
        LaTeX-ready display name for plots and tables.
    """

    name: str
    params: Mapping[str, float]
    expr: sp.Expr
    dexpr: sp.Expr
    kinks: tuple[float, ...]
    label: str
    _f: NumpyFn = field(repr=False)
    _df: NumpyFn = field(repr=False)
    kink_convention: str = KINK_CONVENTION

    def f(self, values: Any) -> Any:
        """Evaluate the activation elementwise (NumPy)."""
        return _apply(self._f, values)

    def df(self, values: Any) -> Any:
        """Evaluate the derivative elementwise (NumPy, left-hand at kinks)."""
        return _apply(self._df, values)

    def __call__(self, values: Any) -> Any:
        return self.f(values)


def _apply(fn: NumpyFn, values: Any) -> Any:
    """Run ``fn`` on a float array view of ``values``; keep dtype, shape and NaN."""
    arr = np.asarray(values)
    if not np.issubdtype(arr.dtype, np.floating):
        if not (np.issubdtype(arr.dtype, np.integer) or arr.dtype == bool):
            raise TypeError(f"expected real numbers, got an array of dtype {arr.dtype}")
        arr = arr.astype(np.float64)
    nan = np.isnan(arr)
    clean = np.where(nan, arr.dtype.type(0), arr)
    out = np.asarray(fn(clean), dtype=arr.dtype)
    out = np.where(nan, arr.dtype.type(np.nan), out)
    return out[()] if out.ndim == 0 else out


# ---------------------------------------------------------------------------
# Specifications: how to build each activation from its parameters


@dataclass(frozen=True)
class _Spec:
    name: str
    label: str
    params: tuple[Param, ...]
    expr: Callable[..., sp.Expr]
    f: Callable[..., NumpyFn]
    df: Callable[..., NumpyFn]
    kinks: Callable[..., tuple[float, ...]] = lambda **_: ()


def _pw(*pieces: tuple[sp.Expr, sp.Basic]) -> sp.Expr:
    return sp.Piecewise(*pieces)


_HALF = sp.Rational(1, 2)
_SPECS: dict[str, _Spec] = {}
_ALIASES: dict[str, str] = {"swish": "silu"}


def _register(spec: _Spec) -> None:
    _SPECS[spec.name] = spec


_register(_Spec(
    "identity", r"\mathrm{id}", (),
    expr=lambda: x,
    f=lambda: lambda z: z,
    df=lambda: lambda z: np.ones_like(z),
))
_register(_Spec(
    "step", r"\mathrm{step}", (),
    expr=lambda: _pw((0, x <= 0), (1, True)),
    f=lambda: lambda z: (z > 0).astype(z.dtype),
    df=lambda: lambda z: np.zeros_like(z),
    kinks=lambda: (0.0,),
))
_register(_Spec(
    "sigmoid", r"\sigma", (),
    expr=lambda: 1 / (1 + sp.exp(-x)),
    f=lambda: _sigmoid,
    df=lambda: _sigmoid_df,
))
_register(_Spec(
    "tanh", r"\tanh", (),
    expr=lambda: sp.tanh(x),
    f=lambda: np.tanh,
    df=lambda: _tanh_df,
))
_register(_Spec(
    "relu", r"\mathrm{ReLU}", (),
    expr=lambda: _pw((0, x <= 0), (x, True)),
    f=lambda: lambda z: np.where(z > 0, z, z.dtype.type(0)),
    df=lambda: lambda z: (z > 0).astype(z.dtype),
    kinks=lambda: (0.0,),
))


def _leaky_f(alpha: float) -> NumpyFn:
    return lambda z: np.where(z > 0, z, z.dtype.type(alpha) * z)


def _leaky_df(alpha: float) -> NumpyFn:
    return lambda z: np.where(z > 0, z.dtype.type(1), z.dtype.type(alpha))


_register(_Spec(
    "leaky_relu", r"\mathrm{LeakyReLU}", (_slope("alpha", 0.01),),
    expr=lambda alpha: _pw((alpha * x, x <= 0), (x, True)),
    f=_leaky_f, df=_leaky_df, kinks=lambda alpha: (0.0,),
))
_register(_Spec(
    "prelu", r"\mathrm{PReLU}", (_finite("alpha", 0.25),),
    expr=lambda alpha: _pw((alpha * x, x <= 0), (x, True)),
    f=_leaky_f, df=_leaky_df, kinks=lambda alpha: (0.0,) if alpha != 1 else (),
))


def _elu_f(alpha: float, scale: float = 1.0) -> NumpyFn:
    def f(z: Array) -> Array:
        t = z.dtype.type
        return t(scale) * np.where(z > 0, z, t(alpha) * np.expm1(_nonpositive(z)))
    return f


def _elu_df(alpha: float, scale: float = 1.0) -> NumpyFn:
    def df(z: Array) -> Array:
        t = z.dtype.type
        return t(scale) * np.where(z > 0, t(1), t(alpha) * np.exp(_nonpositive(z)))
    return df


_register(_Spec(
    "elu", r"\mathrm{ELU}", (_positive("alpha", 1.0),),
    expr=lambda alpha: _pw((alpha * (sp.exp(x) - 1), x <= 0), (x, True)),
    f=_elu_f, df=_elu_df, kinks=lambda alpha: (0.0,) if alpha != 1 else (),
))
_register(_Spec(
    "selu", r"\mathrm{SELU}", (),
    expr=lambda: sp.Float(SELU_LAMBDA, 30) * _pw(
        (sp.Float(SELU_ALPHA, 30) * (sp.exp(x) - 1), x <= 0), (x, True)),
    f=lambda: _elu_f(SELU_ALPHA, SELU_LAMBDA),
    df=lambda: _elu_df(SELU_ALPHA, SELU_LAMBDA),
    kinks=lambda: (0.0,),
))


def _celu_f(alpha: float) -> NumpyFn:
    def f(z: Array) -> Array:
        t = z.dtype.type
        return np.where(z > 0, z, t(alpha) * np.expm1(_nonpositive(z) / t(alpha)))
    return f


def _celu_df(alpha: float) -> NumpyFn:
    def df(z: Array) -> Array:
        t = z.dtype.type
        return np.where(z > 0, t(1), np.exp(_nonpositive(z) / t(alpha)))
    return df


_register(_Spec(
    "celu", r"\mathrm{CELU}", (_positive("alpha", 1.0),),
    expr=lambda alpha: _pw((alpha * (sp.exp(x / alpha) - 1), x <= 0), (x, True)),
    f=_celu_f, df=_celu_df,
))


def _gelu_df(z: Array) -> Array:
    return special.ndtr(z) + z * _std_normal_pdf(z)


_register(_Spec(
    "gelu", r"\mathrm{GELU}", (),
    expr=lambda: x * (1 + sp.erf(x / sp.sqrt(2))) / 2,
    f=lambda: lambda z: z * special.ndtr(z),
    df=lambda: _gelu_df,
))

_SQRT_2_OVER_PI = math.sqrt(2 / math.pi)


def _gelu_tanh_inner(z: Array) -> Array:
    """tanh(sqrt(2/pi) (z + c z^3)) on z clipped to [-10, 10].

    Beyond |z| = 10 the tanh is +-1 to float64 precision; the clip keeps
    ``z**3`` finite for any input.
    """
    t = z.dtype.type
    zc = np.clip(z, t(-10), t(10))
    return np.tanh(t(_SQRT_2_OVER_PI) * (zc + t(GELU_TANH_COEFF) * zc * zc * zc))


def _gelu_tanh_f(z: Array) -> Array:
    t = z.dtype.type
    return t(0.5) * z * (1 + _gelu_tanh_inner(z))


def _gelu_tanh_df(z: Array) -> Array:
    t = z.dtype.type
    zc = np.clip(z, t(-10), t(10))
    th = _gelu_tanh_inner(z)
    dinner = t(_SQRT_2_OVER_PI) * (1 + t(3 * GELU_TANH_COEFF) * zc * zc)
    return t(0.5) * (1 + th) + t(0.5) * zc * (1 - th * th) * dinner


_register(_Spec(
    "gelu_tanh", r"\mathrm{GELU}_{\tanh}", (),
    expr=lambda: _HALF * x * (1 + sp.tanh(
        sp.sqrt(2 / sp.pi) * (x + sp.Float(GELU_TANH_COEFF) * x**3))),
    f=lambda: _gelu_tanh_f,
    df=lambda: _gelu_tanh_df,
))


def _silu_f(beta: float) -> NumpyFn:
    return lambda z: z * _sigmoid(z.dtype.type(beta) * z)


def _silu_df(beta: float) -> NumpyFn:
    def df(z: Array) -> Array:
        b = z.dtype.type(beta)
        s = _sigmoid(b * z)
        return s + b * z * s * (1 - s)
    return df


_register(_Spec(
    "silu", r"\mathrm{SiLU}", (_positive("beta", 1.0),),
    expr=lambda beta: x / (1 + sp.exp(-beta * x)),
    f=_silu_f, df=_silu_df,
))


def _mish_f(z: Array) -> Array:
    return z * np.tanh(_softplus(z))


def _mish_df(z: Array) -> Array:
    th = np.tanh(_softplus(z))
    return th + z * (1 - th * th) * _sigmoid(z)


_register(_Spec(
    "mish", r"\mathrm{Mish}", (),
    expr=lambda: x * sp.tanh(sp.log(1 + sp.exp(x))),
    f=lambda: _mish_f,
    df=lambda: _mish_df,
))


def _softplus_f(beta: float) -> NumpyFn:
    return lambda z: _softplus(z.dtype.type(beta) * z) / z.dtype.type(beta)


def _softplus_df(beta: float) -> NumpyFn:
    return lambda z: _sigmoid(z.dtype.type(beta) * z)


_register(_Spec(
    "softplus", r"\mathrm{softplus}", (_positive("beta", 1.0),),
    expr=lambda beta: sp.log(1 + sp.exp(beta * x)) / beta,
    f=_softplus_f, df=_softplus_df,
))
_register(_Spec(
    "softsign", r"\mathrm{softsign}", (),
    expr=lambda: x / (1 + sp.Abs(x)),
    f=lambda: lambda z: z / (1 + np.abs(z)),
    df=lambda: lambda z: 1 / (1 + np.abs(z)) ** 2,
))
_register(_Spec(
    "hard_sigmoid", r"\mathrm{hard\,\sigma}", (),
    expr=lambda: _pw((0, x <= -3), (x / 6 + _HALF, x <= 3), (1, True)),
    f=lambda: lambda z: np.clip(z / z.dtype.type(6) + z.dtype.type(0.5), 0, 1).astype(z.dtype),
    df=lambda: lambda z: np.where((z > -3) & (z <= 3), z.dtype.type(1 / 6), z.dtype.type(0)),
    kinks=lambda: (-3.0, 3.0),
))
_register(_Spec(
    "hard_tanh", r"\mathrm{hard\,tanh}", (),
    expr=lambda: _pw((-1, x <= -1), (x, x <= 1), (1, True)),
    f=lambda: lambda z: np.clip(z, -1, 1).astype(z.dtype),
    df=lambda: lambda z: ((z > -1) & (z <= 1)).astype(z.dtype),
    kinks=lambda: (-1.0, 1.0),
))
_register(_Spec(
    "relu6", r"\mathrm{ReLU6}", (),
    expr=lambda: _pw((0, x <= 0), (x, x <= 6), (6, True)),
    f=lambda: lambda z: np.clip(z, 0, 6).astype(z.dtype),
    df=lambda: lambda z: ((z > 0) & (z <= 6)).astype(z.dtype),
    kinks=lambda: (0.0, 6.0),
))


# ---------------------------------------------------------------------------
# Public look-up


def names() -> list[str]:
    """Sorted list of the registered scalar activation names (aliases excluded)."""
    return sorted(_SPECS)


def aliases() -> dict[str, str]:
    """Alternative names and the registered name each resolves to."""
    return dict(_ALIASES)


def parameters(name: str) -> dict[str, float]:
    """Default parameters of activation ``name``, e.g. ``{"alpha": 0.01}``."""
    return {p.name: p.default for p in _spec(name).params}


def _spec(name: str) -> _Spec:
    if not isinstance(name, str):
        raise ValueError(f"activation name must be a string, got {name!r}")
    key = _ALIASES.get(name.strip().lower(), name.strip().lower())
    if key in _SPECS:
        return _SPECS[key]
    choices = names() + sorted(_ALIASES)
    close = difflib.get_close_matches(key, choices, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise ValueError(
        f"Unknown activation {name!r}.{hint} Valid names: {', '.join(choices)}."
    )


def _validated(spec: _Spec, given: Mapping[str, Any]) -> dict[str, float]:
    allowed = {p.name: p for p in spec.params}
    unknown = sorted(set(given) - set(allowed))
    if unknown:
        valid = ", ".join(allowed) if allowed else "none"
        raise ValueError(
            f"{spec.name} got unknown parameter(s) {', '.join(unknown)}; "
            f"valid parameters: {valid}."
        )
    values: dict[str, float] = {}
    for p in spec.params:
        raw = given.get(p.name, p.default)
        ok = isinstance(raw, (int, float, np.integer, np.floating)) and not isinstance(raw, bool)
        value = float(raw) if ok else math.nan
        if not (ok and math.isfinite(value) and p.check(value)):
            raise ValueError(
                f"{spec.name}: parameter {p.name!r} must be {p.rule}, got {raw!r}."
            )
        values[p.name] = value
    return values


def get(name: str, **params: float) -> Activation:
    """Build activation ``name`` with optional parameters.

    Parameters
    ----------
    name : str
        A registered name (see :func:`names`) or an alias such as ``"swish"``.
    **params : float
        Parameter values; omitted ones take their defaults.

    Returns
    -------
    Activation

    Raises
    ------
    ValueError
        For an unknown name (the message lists valid names and suggests the
        closest one) or an unknown or out-of-range parameter.
    """
    spec = _spec(name)
    values = _validated(spec, params)
    # Exact decimals keep expressions exact: beta=1.0 gives x/(1 + exp(-x)), not 1.0*x.
    expr = spec.expr(**{k: sp.Rational(repr(v)) for k, v in values.items()})
    return Activation(
        name=spec.name,
        params=MappingProxyType(dict(values)),
        expr=expr,
        dexpr=sp.diff(expr, x),
        kinks=spec.kinks(**values),
        label=spec.label,
        _f=spec.f(**values),
        _df=spec.df(**values),
    )


def all_activations() -> list[Activation]:
    """Every registered activation with its default parameters, in name order."""
    return [get(n) for n in names()]


# Vector activations live in their own module; the contract exposes them here.
from helpers.vector import (  # noqa: E402
    log_softmax,
    maxout,
    maxout_jacobian,
    softmax,
    softmax_jacobian,
)

__all__ += ["softmax", "log_softmax", "softmax_jacobian", "maxout", "maxout_jacobian",
            "parameters"]
