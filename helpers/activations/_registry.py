"""The registry's machinery: the Activation record, parameter rules, look-up.

Introduced in: none (used by other helpers modules only)

The families (:mod:`helpers.activations.smooth`,
:mod:`helpers.activations.rectifiers`) register a :class:`Spec` per
function; :func:`get` builds an :class:`Activation` from a spec and
parameter values. Readers use the package, :mod:`helpers.activations`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import sympy as sp

from helpers._validate import real_array, real_number

__all__ = [
    "Activation",
    "ActivationLike",
    "KINK_CONVENTION",
    "Param",
    "Spec",
    "x",
    "register",
    "names",
    "aliases",
    "parameters",
    "get",
    "resolve",
    "all_activations",
]

#: The real symbol every expression is written in.
x = sp.Symbol("x", real=True)

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


def positive(name: str, default: float) -> Param:
    """A parameter that must be a finite number > 0."""
    return Param(name, default, "a finite number > 0", lambda v: v > 0)


def finite(name: str, default: float) -> Param:
    """A parameter that may be any finite number."""
    return Param(name, default, "a finite number", lambda v: True)


def slope(name: str, default: float) -> Param:
    """A negative-side slope: a finite number in [0, 1)."""
    return Param(name, default, "a finite number with 0 <= alpha < 1", lambda v: 0 <= v < 1)


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
    display_name : str
        The name readers know, in plain text ("Leaky ReLU"), for tables and prose.
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
    display_name: str = ""

    def f(self, values: Any) -> Any:
        """Evaluate the activation elementwise (NumPy)."""
        return _apply(self._f, values)

    def df(self, values: Any) -> Any:
        """Evaluate the derivative elementwise (NumPy, left-hand at kinks)."""
        return _apply(self._df, values)

    def __call__(self, values: Any) -> Any:
        return self.f(values)


ActivationLike = str | Activation


def _apply(fn: NumpyFn, values: Any) -> Any:
    """Run ``fn`` on a float array view of ``values``; keep dtype, shape and NaN."""
    arr = real_array(values)
    nan = np.isnan(arr)
    clean = np.where(nan, arr.dtype.type(0), arr)
    out = np.asarray(fn(clean), dtype=arr.dtype)
    out = np.where(nan, arr.dtype.type(np.nan), out)
    return out[()] if out.ndim == 0 else out


# ---------------------------------------------------------------------------
# Specifications: how to build each activation from its parameters


@dataclass(frozen=True)
class Spec:
    """How to build one registered activation from its parameter values."""

    name: str
    label: str
    params: tuple[Param, ...]
    expr: Callable[..., sp.Expr]
    f: Callable[..., NumpyFn]
    df: Callable[..., NumpyFn]
    kinks: Callable[..., tuple[float, ...]] = lambda **_: ()
    display: str = ""  # the name readers know ("Leaky ReLU"); defaults to ``name``


_SPECS: dict[str, Spec] = {}
_ALIASES: dict[str, str] = {"swish": "silu"}


def register(spec: Spec) -> None:
    """Add ``spec`` to the registry (the families call this at import)."""
    _SPECS[spec.name] = spec


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


def _spec(name: str) -> Spec:
    if not isinstance(name, str):
        raise ValueError(f"activation must be a registry name (a string) or an Activation, "
                         f"got {name!r}; valid names: {', '.join(names())}.")
    key = _ALIASES.get(name.strip().lower(), name.strip().lower())
    if key in _SPECS:
        return _SPECS[key]
    choices = names() + sorted(_ALIASES)
    close = difflib.get_close_matches(key, choices, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise ValueError(
        f"Unknown activation {name!r}.{hint} Valid names: {', '.join(choices)}."
    )


def _validated(spec: Spec, given: Mapping[str, Any]) -> dict[str, float]:
    allowed = {p.name: p for p in spec.params}
    unknown = sorted(set(given) - set(allowed))
    if unknown:
        valid = ", ".join(allowed) if allowed else "none"
        raise ValueError(
            f"{spec.name} got unknown parameter(s) {', '.join(unknown)}; "
            f"valid parameters: {valid}."
        )
    return {p.name: real_number(given.get(p.name, p.default),
                                f"{spec.name}: parameter {p.name!r}", p.rule, p.check)
            for p in spec.params}


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
        display_name=spec.display or spec.name,
    )


def resolve(item: ActivationLike) -> Activation:
    """An :class:`Activation` as is, or a registry name looked up with :func:`get`.

    The one place where "a name or an Activation" is turned into an
    Activation; anything else raises ValueError listing the valid names.
    """
    if isinstance(item, Activation):
        return item
    return get(item)


def all_activations() -> list[Activation]:
    """Every registered activation with its default parameters, in name order."""
    return [get(n) for n in names()]
