"""Argument checks of the trainer: one error style, a ValueError naming the argument.

Introduced in: none (used by other helpers modules only)

The scalar checks are the package's (:mod:`helpers._validate`), with the
trainer's argument order; the array checks are the trainer's own (shapes, labels).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from helpers import _validate

#: Floating-point types a network may compute in.
DTYPES: dict[str, type[np.floating]] = {"float64": np.float64, "float32": np.float32}


def check_int(name: str, value: object, minimum: int) -> int:
    """``value`` as an int, or a ValueError naming ``name`` (bools are not numbers here)."""
    return _validate.whole_number(value, name, minimum)


def check_positive(name: str, value: object) -> float:
    """``value`` as a float > 0, or a ValueError naming ``name``."""
    return _validate.real_number(value, name, "a finite number > 0", lambda v: v > 0)


def check_fraction(name: str, value: object) -> float:
    """``value`` as a float in ``[0, 1)``, or a ValueError naming ``name``."""
    return _validate.real_number(value, name, f"a number with 0 <= {name} < 1",
                                 lambda v: 0 <= v < 1)


def check_dtype(dtype: object) -> type[np.floating]:
    """``"float64"``/``"float32"`` (or the NumPy types) as a NumPy type."""
    try:
        key = np.dtype(dtype).name  # type: ignore[call-overload]
    except TypeError:
        key = None
    if key not in DTYPES:
        raise ValueError(f"dtype must be one of {', '.join(DTYPES)}, got {dtype!r}")
    return DTYPES[key]


def check_seeds(seed: object) -> tuple[int, ...] | None:
    """``None`` for one int seed (checked), or the tuple of seeds of a stacked network."""
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
        check_int("seed", seed, 0)
        return None
    if isinstance(seed, (Sequence, range, np.ndarray)) and not isinstance(seed, (str, bytes)):
        seeds = tuple(check_int(f"seed[{i}]", s, 0) for i, s in enumerate(seed))
        if not seeds:
            raise ValueError("seed must be a whole number >= 0 or a non-empty list of them")
        return seeds
    raise ValueError(f"seed must be a whole number >= 0 or a list of them, got {seed!r}")


def check_X(name: str, X: object, width: int, dtype: type[np.floating]) -> np.ndarray:
    """Inputs of shape ``(n, width)``, finite, as a C-contiguous array of ``dtype``."""
    arr = np.asarray(X)
    if arr.ndim != 2 or arr.shape[1] != width:
        raise ValueError(f"{name} must have shape (n, {width}), got {arr.shape}")
    if arr.dtype.kind not in "iuf":
        raise ValueError(f"{name} must hold real numbers, got dtype {arr.dtype}")
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (it holds NaN or infinity)")
    return np.ascontiguousarray(arr, dtype=dtype)


def check_y(name: str, y: object, n: int, classes: int) -> np.ndarray:
    """Integer labels ``0 .. classes-1`` of shape ``(n,)`` as int64."""
    arr = np.asarray(y)
    if arr.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},) to match the inputs, got {arr.shape}")
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.number) \
            or not np.all(np.isfinite(arr)) or np.any(arr != np.round(arr)):
        raise ValueError(f"{name} must hold whole-number class labels")
    if n and (arr.min() < 0 or arr.max() >= classes):
        raise ValueError(f"{name}: labels must be in 0 .. {classes - 1} (the network has "
                         f"{classes} outputs), got values {arr.min()} .. {arr.max()}")
    return arr.astype(np.int64)
