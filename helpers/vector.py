"""Vector activations: softmax and maxout, with their Jacobians (NumPy only).

Introduced in: book/output_layers.md

Re-exported from :mod:`helpers.activations` (``act.softmax``, ``act.maxout``,
...). The chapter's symbolic derivations and figures are in
:mod:`helpers.studies.output_layers`; this module imports nothing but NumPy
and the argument checks, so the registry can depend on it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from helpers._validate import real_array, real_number, whole_number

__all__ = [
    "softmax",
    "log_softmax",
    "softmax_naive",
    "softmax_jacobian",
    "maxout",
    "maxout_jacobian",
    "maxout_affine",
]


def _as_float(z: np.typing.ArrayLike) -> np.ndarray:
    arr = real_array(z, "z")
    if arr.ndim == 0:
        raise ValueError("z must be a vector (or a batch of vectors), got a scalar")
    return arr


def _check_temperature(temperature: float) -> None:
    real_number(temperature, "temperature", "a finite number > 0", lambda t: t > 0)


def softmax(z: np.typing.ArrayLike, axis: int = -1, temperature: float = 1.0) -> np.ndarray:
    """Numerically stable softmax ``exp(z/T) / sum(exp(z/T))`` along ``axis``.

    Subtracts the maximum first (the log-sum-exp trick), so no ``exp`` of a
    large positive number is ever taken.

    Parameters
    ----------
    z : array_like
        Logits; a vector or a batch of vectors.
    axis : int
        Axis that holds the classes.
    temperature : float
        ``T > 0``; large ``T`` flattens the distribution, small ``T`` sharpens it.
    """
    _check_temperature(temperature)
    arr = _as_float(z) / temperature
    shifted = arr - np.max(arr, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax(z: np.typing.ArrayLike, axis: int = -1) -> np.ndarray:
    """Stable ``log(softmax(z))`` = ``z - logsumexp(z)``."""
    arr = _as_float(z)
    m = np.max(arr, axis=axis, keepdims=True)
    return arr - m - np.log(np.sum(np.exp(arr - m), axis=axis, keepdims=True))


def softmax_naive(z: np.typing.ArrayLike, axis: int = -1) -> np.ndarray:
    """Softmax *without* the max-shift: overflows for logits above ~709.

    Kept to show in the chapter what goes wrong; do not use it.
    """
    arr = _as_float(z)
    e = np.exp(arr)
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_jacobian(z: np.typing.ArrayLike, temperature: float = 1.0) -> np.ndarray:
    """Jacobian ``d softmax(z)_i / d z_j = (diag(s) - s s^T) / T`` of one vector."""
    arr = _as_float(z)
    if arr.ndim != 1:
        raise ValueError(f"softmax_jacobian takes one vector, got shape {arr.shape}")
    s = softmax(arr, temperature=temperature)
    return (np.diag(s) - np.outer(s, s)) / temperature


def _groups(z: np.typing.ArrayLike, pieces: int) -> np.ndarray:
    whole_number(pieces, "pieces", minimum=1)
    arr = _as_float(z)
    width = arr.shape[-1]
    if width % pieces:
        raise ValueError(
            f"the last axis ({width}) must be a multiple of pieces ({pieces})"
        )
    return arr.reshape(*arr.shape[:-1], width // pieces, pieces)


def maxout(z: np.typing.ArrayLike, pieces: int) -> np.ndarray:
    """Maxout: the maximum over consecutive groups of ``pieces`` pre-activations.

    ``z`` has shape ``(..., units * pieces)``; the result ``(..., units)``.
    Each unit needs ``pieces`` affine maps, hence ``pieces`` times the weights.
    """
    return _groups(z, pieces).max(axis=-1)


def maxout_jacobian(z: np.typing.ArrayLike, pieces: int) -> np.ndarray:
    """Jacobian of :func:`maxout` for one vector: a 0/1 matrix ``(units, units*pieces)``.

    Row ``u`` has a single 1 at the winning piece of unit ``u`` (the first
    one on ties).
    """
    g = _groups(z, pieces)
    if g.ndim != 2:
        raise ValueError("maxout_jacobian takes one vector")
    units = g.shape[0]
    jac = np.zeros((units, units * pieces), dtype=g.dtype)
    jac[np.arange(units), np.arange(units) * pieces + g.argmax(axis=-1)] = 1
    return jac


def maxout_affine(x: np.typing.ArrayLike, weights: Sequence[float],
                  biases: Sequence[float] | None = None) -> np.ndarray:
    """One maxout unit of a scalar input: ``max_k (weights[k] * x + biases[k])``.

    Parameters
    ----------
    x : array_like
        Inputs (any shape).
    weights, biases : sequence of float
        One slope and one intercept per piece (biases default to 0).
    """
    w = np.asarray(weights, dtype=np.float64)
    b = np.zeros_like(w) if biases is None else np.asarray(biases, dtype=np.float64)
    if w.ndim != 1 or w.size == 0 or b.shape != w.shape:
        raise ValueError("weights and biases must be 1-D sequences of the same length >= 1, "
                         f"got shapes {w.shape} and {b.shape}")
    arr = np.asarray(x, dtype=np.float64)
    z = arr[..., None] * w + b
    return maxout(z, pieces=w.size)[..., 0]
