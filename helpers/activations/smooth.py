"""The smooth activations: identity, sigmoid, tanh, GELU, SiLU, Mish, softplus, softsign.

Introduced in: none (used by other helpers modules only)

Each is registered at import with its SymPy expression and stable NumPy
function and derivative; :mod:`helpers.activations` imports this module.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from helpers import distributions
from helpers.activations import kernels as k
from helpers.activations._registry import NumpyFn, Spec, positive, register, x

__all__: list[str] = []

_HALF = sp.Rational(1, 2)
Array = np.ndarray

register(Spec(
    "identity", r"\mathrm{id}", (),
    display="Identity",
    expr=lambda: x,
    f=lambda: lambda z: z,
    df=lambda: lambda z: np.ones_like(z),
))
register(Spec(
    "sigmoid", r"\sigma", (),
    display="Sigmoid",
    expr=lambda: 1 / (1 + sp.exp(-x)),
    f=lambda: k.sigmoid,
    df=lambda: k.sigmoid_df,
))
register(Spec(
    "tanh", r"\tanh", (),
    display="tanh",
    expr=lambda: sp.tanh(x),
    f=lambda: np.tanh,
    df=lambda: k.tanh_df,
))


def _gelu_df(z: Array) -> Array:
    return distributions.normal_cdf(z) + z * k.std_normal_pdf(z)


register(Spec(
    "gelu", r"\mathrm{GELU}", (),
    display="GELU",
    expr=lambda: x * (1 + sp.erf(x / sp.sqrt(2))) / 2,
    f=lambda: lambda z: z * distributions.normal_cdf(z),
    df=lambda: _gelu_df,
))


def _gelu_tanh_f(z: Array) -> Array:
    return z * k.tanh_cdf(z)


def _gelu_tanh_df(z: Array) -> Array:
    t = z.dtype.type
    return k.tanh_cdf(z) + np.clip(z, t(-10), t(10)) * k.tanh_cdf_df(z)


register(Spec(
    "gelu_tanh", r"\mathrm{GELU}_{\tanh}", (),
    display="GELU (tanh approx.)",
    expr=lambda: _HALF * x * (1 + sp.tanh(
        sp.sqrt(2 / sp.pi) * (x + sp.Float(k.GELU_TANH_COEFF) * x**3))),
    f=lambda: _gelu_tanh_f,
    df=lambda: _gelu_tanh_df,
))


def _silu_f(beta: float) -> NumpyFn:
    return lambda z: z * k.sigmoid(z.dtype.type(beta) * z)


def _silu_df(beta: float) -> NumpyFn:
    def df(z: Array) -> Array:
        b = z.dtype.type(beta)
        s = k.sigmoid(b * z)
        return s + b * z * s * (1 - s)
    return df


register(Spec(
    "silu", r"\mathrm{SiLU}", (positive("beta", 1.0),),
    display="SiLU (swish)",
    expr=lambda beta: x / (1 + sp.exp(-beta * x)),
    f=_silu_f, df=_silu_df,
))


def _mish_f(z: Array) -> Array:
    return z * np.tanh(k.softplus(z))


def _mish_df(z: Array) -> Array:
    th = np.tanh(k.softplus(z))
    return th + z * (1 - th * th) * k.sigmoid(z)


register(Spec(
    "mish", r"\mathrm{Mish}", (),
    display="Mish",
    expr=lambda: x * sp.tanh(sp.log(1 + sp.exp(x))),
    f=lambda: _mish_f,
    df=lambda: _mish_df,
))


def _softplus_f(beta: float) -> NumpyFn:
    return lambda z: k.softplus(z.dtype.type(beta) * z) / z.dtype.type(beta)


def _softplus_df(beta: float) -> NumpyFn:
    return lambda z: k.sigmoid(z.dtype.type(beta) * z)


register(Spec(
    "softplus", r"\mathrm{softplus}", (positive("beta", 1.0),),
    display="Softplus",
    expr=lambda beta: sp.log(1 + sp.exp(beta * x)) / beta,
    f=_softplus_f, df=_softplus_df,
))
register(Spec(
    "softsign", r"\mathrm{softsign}", (),
    display="Softsign",
    expr=lambda: x / (1 + sp.Abs(x)),
    f=lambda: lambda z: z / (1 + np.abs(z)),
    df=lambda: lambda z: 1 / (1 + np.abs(z)) ** 2,
))
