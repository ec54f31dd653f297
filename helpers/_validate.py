"""Argument checks shared by the helpers modules, with one error style.

Introduced in: none (used by other helpers modules only)

Every check raises :class:`ValueError` naming the argument and what it
accepts, e.g. ``rate must be a finite number in [0, 1), got 1.5``. Non-real
input (strings, booleans, complex numbers, objects) is a ``ValueError`` too,
never a ``TypeError``, so a caller handles bad input in one way.

This module sits at the bottom of the package: it imports nothing from
:mod:`helpers`, so every other module may use it. Resolving "a registry name
or an :class:`~helpers.activations.Activation`" needs the registry, so it is
written once there, as :func:`helpers.activations.resolve`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

__all__ = [
    "is_real_number",
    "real_number",
    "whole_number",
    "real_array",
    "one_of",
]


def is_real_number(value: Any) -> bool:
    """True for a Python or NumPy real scalar that is not a bool (finite or not)."""
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, (bool, np.bool_))


def real_number(value: Any, name: str, rule: str = "a finite number",
                check: Callable[[float], bool] | None = None) -> float:
    """``value`` as a float, if it is a finite real number (not a bool) passing ``check``.

    Parameters
    ----------
    value : object
        What the caller passed.
    name : str
        The argument's name, for the message.
    rule : str
        What a valid value is, in words (``"a finite number > 0"``).
    check : callable, optional
        Extra condition on the float value.

    Raises
    ------
    ValueError
        ``"<name> must be <rule>, got <value!r>"``.
    """
    ok = is_real_number(value) and math.isfinite(float(value))
    if not (ok and (check is None or check(float(value)))):
        raise ValueError(f"{name} must be {rule}, got {value!r}")
    return float(value)


def whole_number(value: Any, name: str, minimum: int | None = None) -> int:
    """``value`` as an int, if it is an integer (not a bool) and at least ``minimum``."""
    ok = isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))
    if not (ok and (minimum is None or value >= minimum)):
        rule = "a whole number" if minimum is None else f"a whole number >= {minimum}"
        raise ValueError(f"{name} must be {rule}, got {value!r}")
    return int(value)


def real_array(values: Any, name: str = "input") -> np.ndarray:
    """``values`` as a floating NumPy array; integers become float64, other dtypes fail.

    Floating input keeps its dtype (float32 stays float32). Booleans, strings,
    complex numbers and objects raise ValueError ("... must be real numbers").
    """
    arr = np.asarray(values)
    if np.issubdtype(arr.dtype, np.floating):
        return arr
    if np.issubdtype(arr.dtype, np.integer):
        return arr.astype(np.float64)
    raise ValueError(f"{name} must be real numbers, got an array of dtype {arr.dtype}")


def one_of(value: Any, name: str, choices: Iterable[Any]) -> Any:
    """``value`` if it is one of ``choices``; otherwise a ValueError listing them."""
    options = list(choices)
    if value not in options:
        listed = ", ".join(repr(c) for c in options)
        raise ValueError(f"{name} must be one of {listed}; got {value!r}")
    return value
