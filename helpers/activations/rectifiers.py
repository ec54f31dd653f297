"""The piecewise activations: step, the ReLU family, ELU/SELU/CELU and the hard ones.

Introduced in: none (used by other helpers modules only)

Every piecewise branch is written ``(value, x <= k)``, so the left piece owns
the kink and the derivative there is the left-hand one, as the NumPy
derivatives also do. :mod:`helpers.activations` imports this module.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from helpers.activations import kernels as k
from helpers.activations._registry import NumpyFn, Spec, finite, positive, register, slope, x

__all__ = ["SELU_ALPHA", "SELU_LAMBDA"]

#: SELU constants from Klambauer et al. (2017); ``helpers.studies.self_normalizing``
#: re-derives them.
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_LAMBDA = 1.0507009873554804934193349852946

_HALF = sp.Rational(1, 2)
Array = np.ndarray


def _pw(*pieces: tuple[sp.Expr, sp.Basic]) -> sp.Expr:
    return sp.Piecewise(*pieces)


register(Spec(
    "step", r"\mathrm{step}", (),
    display="Step",
    expr=lambda: _pw((0, x <= 0), (1, True)),
    f=lambda: lambda z: (z > 0).astype(z.dtype),
    df=lambda: lambda z: np.zeros_like(z),
    kinks=lambda: (0.0,),
))
register(Spec(
    "relu", r"\mathrm{ReLU}", (),
    display="ReLU",
    expr=lambda: _pw((0, x <= 0), (x, True)),
    f=lambda: lambda z: np.where(z > 0, z, z.dtype.type(0)),
    df=lambda: lambda z: (z > 0).astype(z.dtype),
    kinks=lambda: (0.0,),
))


def _leaky_f(alpha: float) -> NumpyFn:
    return lambda z: np.where(z > 0, z, z.dtype.type(alpha) * z)


def _leaky_df(alpha: float) -> NumpyFn:
    return lambda z: np.where(z > 0, z.dtype.type(1), z.dtype.type(alpha))


register(Spec(
    "leaky_relu", r"\mathrm{LeakyReLU}", (slope("alpha", 0.01),),
    display="Leaky ReLU",
    expr=lambda alpha: _pw((alpha * x, x <= 0), (x, True)),
    f=_leaky_f, df=_leaky_df, kinks=lambda alpha: (0.0,),
))
register(Spec(
    "prelu", r"\mathrm{PReLU}", (finite("alpha", 0.25),),
    display="PReLU",
    expr=lambda alpha: _pw((alpha * x, x <= 0), (x, True)),
    f=_leaky_f, df=_leaky_df, kinks=lambda alpha: (0.0,) if alpha != 1 else (),
))


def _elu_f(alpha: float, scale: float = 1.0) -> NumpyFn:
    def f(z: Array) -> Array:
        t = z.dtype.type
        return t(scale) * np.where(z > 0, z, t(alpha) * np.expm1(k.nonpositive(z)))
    return f


def _elu_df(alpha: float, scale: float = 1.0) -> NumpyFn:
    def df(z: Array) -> Array:
        t = z.dtype.type
        return t(scale) * np.where(z > 0, t(1), t(alpha) * np.exp(k.nonpositive(z)))
    return df


register(Spec(
    "elu", r"\mathrm{ELU}", (positive("alpha", 1.0),),
    display="ELU",
    expr=lambda alpha: _pw((alpha * (sp.exp(x) - 1), x <= 0), (x, True)),
    f=_elu_f, df=_elu_df, kinks=lambda alpha: (0.0,) if alpha != 1 else (),
))
register(Spec(
    "selu", r"\mathrm{SELU}", (),
    display="SELU",
    expr=lambda: sp.Float(SELU_LAMBDA, 30) * _pw(
        (sp.Float(SELU_ALPHA, 30) * (sp.exp(x) - 1), x <= 0), (x, True)),
    f=lambda: _elu_f(SELU_ALPHA, SELU_LAMBDA),
    df=lambda: _elu_df(SELU_ALPHA, SELU_LAMBDA),
    kinks=lambda: (0.0,),
))


def _celu_f(alpha: float) -> NumpyFn:
    def f(z: Array) -> Array:
        t = z.dtype.type
        return np.where(z > 0, z, t(alpha) * np.expm1(k.nonpositive(z) / t(alpha)))
    return f


def _celu_df(alpha: float) -> NumpyFn:
    def df(z: Array) -> Array:
        t = z.dtype.type
        return np.where(z > 0, t(1), np.exp(k.nonpositive(z) / t(alpha)))
    return df


register(Spec(
    "celu", r"\mathrm{CELU}", (positive("alpha", 1.0),),
    display="CELU",
    expr=lambda alpha: _pw((alpha * (sp.exp(x / alpha) - 1), x <= 0), (x, True)),
    f=_celu_f, df=_celu_df,
))
register(Spec(
    "hard_sigmoid", r"\mathrm{hard\,\sigma}", (),
    display="Hard sigmoid",
    expr=lambda: _pw((0, x <= -3), (x / 6 + _HALF, x <= 3), (1, True)),
    f=lambda: lambda z: np.clip(z / z.dtype.type(6) + z.dtype.type(0.5), 0, 1).astype(z.dtype),
    df=lambda: lambda z: np.where((z > -3) & (z <= 3), z.dtype.type(1 / 6), z.dtype.type(0)),
    kinks=lambda: (-3.0, 3.0),
))
register(Spec(
    "hard_tanh", r"\mathrm{hard\,tanh}", (),
    display="Hard tanh",
    expr=lambda: _pw((-1, x <= -1), (x, x <= 1), (1, True)),
    f=lambda: lambda z: np.clip(z, -1, 1).astype(z.dtype),
    df=lambda: lambda z: ((z > -1) & (z <= 1)).astype(z.dtype),
    kinks=lambda: (-1.0, 1.0),
))
register(Spec(
    "relu6", r"\mathrm{ReLU6}", (),
    display="ReLU6",
    expr=lambda: _pw((0, x <= 0), (x, x <= 6), (6, True)),
    f=lambda: lambda z: np.clip(z, 0, 6).astype(z.dtype),
    df=lambda: lambda z: ((z > 0) & (z <= 6)).astype(z.dtype),
    kinks=lambda: (0.0, 6.0),
))
