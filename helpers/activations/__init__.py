"""The activation registry: one :class:`Activation` per scalar function.

Introduced in: book/why_activations.md

Each activation carries

* ``expr`` -- its SymPy expression in the real symbol :data:`x`, the single
  source of truth;
* ``dexpr`` -- ``sympy.diff(expr, x)``;
* ``f`` / ``df`` -- NumPy implementations written for numerical stability:
  vectorised, dtype-preserving for floating input, free of overflow or
  invalid-value warnings for ``|x|`` up to ``1e4``, and NaN in gives NaN out.
  Non-real input (strings, booleans, complex numbers) raises ValueError.

Convention at a kink: the derivative is the *left-hand* one, so
``relu'(0) = 0`` as in PyTorch. The SymPy expressions encode it by writing
every piecewise branch as ``(value, x <= k)``, so the left piece owns the
kink; the NumPy derivatives follow the same rule and the tests check that
they agree.

The package is split by family: :mod:`~helpers.activations.smooth` and
:mod:`~helpers.activations.rectifiers` register the functions, built from the
stable NumPy :mod:`~helpers.activations.kernels`; ``_registry`` holds the
record and the look-up. Softmax and maxout, vector functions, come from
:mod:`helpers.vector` and are re-exported here.

Examples
--------
>>> from helpers import activations as act
>>> a = act.get("leaky_relu", alpha=0.1)
>>> a.name, a.params
('leaky_relu', {'alpha': 0.1})
>>> float(act.get("sigmoid").df(0.0))
0.25
"""

from helpers.activations import kernels, rectifiers, smooth
from helpers.activations._registry import (
    KINK_CONVENTION,
    Activation,
    ActivationLike,
    aliases,
    all_activations,
    get,
    names,
    parameters,
    resolve,
    x,
)
from helpers.activations.kernels import GELU_TANH_COEFF
from helpers.activations.rectifiers import SELU_ALPHA, SELU_LAMBDA
from helpers.vector import (
    log_softmax,
    maxout,
    maxout_jacobian,
    softmax,
    softmax_jacobian,
)

__all__ = [
    "Activation",
    "ActivationLike",
    "SELU_ALPHA",
    "SELU_LAMBDA",
    "GELU_TANH_COEFF",
    "x",
    "names",
    "aliases",
    "parameters",
    "get",
    "resolve",
    "all_activations",
    "KINK_CONVENTION",
    "kernels",
    "rectifiers",
    "smooth",
    "softmax",
    "log_softmax",
    "softmax_jacobian",
    "maxout",
    "maxout_jacobian",
]
