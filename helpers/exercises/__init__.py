"""Introduced in: none (used by other helpers modules only)

The answer keys of the book's exercises, one module per chapter.

Each chapter module defines ``EXERCISES``, a tuple of
:class:`helpers.exercises.key.Exercise`. :data:`KEYS` maps every label to its
key; :mod:`helpers.checks` (the students' front end) and grading tools read
it. The expected answers live here and nowhere in a chapter's check cell.
"""

from __future__ import annotations

from helpers.exercises import (
    choosing,
    claims,
    elu_selu,
    gelu_silu,
    initialisation,
    leaky_relu,
    normalisation,
    optimisers,
    output_layers,
    playground,
    properties,
    recurrent,
    relu,
    shootout,
    sigmoid,
    tanh,
    training_failures,
    why_activations,
)
from helpers.exercises.key import Exercise

__all__ = ["KEYS", "MODULES", "Exercise"]

#: The key modules, in the book's order.
MODULES = (why_activations, sigmoid, tanh, relu, leaky_relu, elu_selu, gelu_silu,
           output_layers, properties, choosing, playground, shootout, training_failures,
           initialisation, normalisation, recurrent, optimisers, claims)


def _collect() -> dict[str, Exercise]:
    keys: dict[str, Exercise] = {}
    for module in MODULES:
        for ex in module.EXERCISES:
            if ex.label in keys:
                raise ValueError(f"exercise label {ex.label!r} is defined twice")
            keys[ex.label] = ex
    return keys


#: Every checked exercise, by label.
KEYS: dict[str, Exercise] = _collect()
