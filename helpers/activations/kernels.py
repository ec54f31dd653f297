"""Stable NumPy kernels the registry's functions are built from.

Introduced in: none (used by other helpers modules only)

Each kernel takes a floating array and returns one of the same dtype, never
exponentiates a large positive number and raises no overflow warning for
``|z|`` up to ``1e4``. Studies that vary a constant of a registered function
(the GELU approximations) call these instead of writing the formula again.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "GELU_TANH_COEFF",
    "sigmoid",
    "sigmoid_df",
    "tanh_df",
    "softplus",
    "nonpositive",
    "std_normal_pdf",
    "tanh_cdf",
    "tanh_cdf_df",
]

#: The cubic coefficient of the tanh approximation of GELU (Hendrycks & Gimpel).
GELU_TANH_COEFF = 0.044715

_SQRT_2_OVER_PI = math.sqrt(2 / math.pi)

Array = np.ndarray


def sigmoid(z: Array) -> Array:
    """Stable logistic function: never exponentiates a positive number."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_df(z: Array) -> Array:
    """sigma'(z) = e^{-|z|} / (1 + e^{-|z|})^2: exact in the tails, where s(1 - s) gives 0."""
    e = np.exp(-np.abs(z))
    return e / (1 + e) ** 2


def tanh_df(z: Array) -> Array:
    """tanh'(z) = 4 e^{-2|z|} / (1 + e^{-2|z|})^2: exact in the tails, unlike 1 - tanh^2."""
    e = np.exp(-2 * np.abs(z))
    return 4 * e / (1 + e) ** 2


def softplus(z: Array) -> Array:
    """Stable ``log(1 + exp(z))``."""
    return np.logaddexp(z.dtype.type(0), z)


def nonpositive(z: Array) -> Array:
    """``min(z, 0)``: feed this to ``exp``/``expm1`` on the negative branch."""
    return np.minimum(z, z.dtype.type(0))


def std_normal_pdf(z: Array) -> Array:
    """The standard normal density."""
    return np.exp(-0.5 * z * z) / z.dtype.type(math.sqrt(2 * math.pi))


def _tanh_inner(z: Array, coeff: float) -> tuple[Array, Array]:
    """``(clip(z), tanh(sqrt(2/pi) (z + coeff z^3)))`` with z clipped to [-10, 10].

    Beyond |z| = 10 the tanh is +-1 to float64 precision; the clip keeps
    ``z**3`` finite for any input.
    """
    t = z.dtype.type
    zc = np.clip(z, t(-10), t(10))
    return zc, np.tanh(t(_SQRT_2_OVER_PI) * (zc + t(coeff) * zc * zc * zc))


def tanh_cdf(z: Array, coeff: float = GELU_TANH_COEFF) -> Array:
    """``(1 + tanh(sqrt(2/pi) (z + coeff z^3))) / 2``: the tanh stand-in for Phi(z)."""
    t = z.dtype.type
    return t(0.5) * (1 + _tanh_inner(z, coeff)[1])


def tanh_cdf_df(z: Array, coeff: float = GELU_TANH_COEFF) -> Array:
    """Derivative of :func:`tanh_cdf` (0 where the clip is active, where it is below 1e-40)."""
    t = z.dtype.type
    zc, th = _tanh_inner(z, coeff)
    return t(0.5) * (1 - th * th) * t(_SQRT_2_OVER_PI) * (1 + t(3 * coeff) * zc * zc)
