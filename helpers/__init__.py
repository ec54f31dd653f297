"""The package every chapter of the activation-functions book imports.

Submodules load on first use (``from helpers import nn`` or
``helpers.nn``), and nothing here runs work or changes global state at
import time.

Layers
------
engine
    Modules any chapter may use: ``activations`` (the registry; a package
    split by family, with softmax and maxout re-exported), ``vector``
    (softmax, log-softmax, maxout and their Jacobians, NumPy only),
    ``symbolic`` and ``piecewise`` (derivation and sound verification),
    ``plotting`` (shared style, function-and-gradient figures, log axes),
    ``tables``, ``timing``, ``nn`` (the NumPy MLP and its training loop),
    ``datasets``, ``gradients`` (depth bounds, chains, clipping), ``verdicts``
    (claims decided by computed numbers), ``frames``
    and ``widgets`` (static-first sliders), ``distributions`` (the normal
    distribution function and Student's t quantile), ``numerics`` (root
    finding, bounded minimisation, quadrature; NumPy only), and ``_validate``
    (the shared argument checks).
studies
    ``helpers.studies.<topic>``: one chapter's experiments and figures
    (centering, saturation, sparsity, the GELU approximations, SELU's
    self-normalisation, the property table, dead units, ...).
homework
    ``checks`` (the self-check front end) and, where present,
    ``helpers.exercises`` (one answer-key module per chapter).

The rule, enforced by ``tests/test_layout.py``: engine modules never import
studies or homework; studies may import the engine; homework may import
both; no import circles, and no imports inside functions except for an
optional heavy dependency. Every module names the chapter that introduces it
(engine: ``Introduced in: book/<file>.md``) or the chapters that import it
(studies and answer keys: ``Chapter: book/<file>.md`` as the first line).
"""

from helpers._lazy import lazy_submodules

# Submodules are imported on first use, so ``import helpers`` stays cheap.
__all__, __getattr__, __dir__ = lazy_submodules(__name__, __path__)
