"""Chapter: book/initialisation.md

Answer keys of the exercises of *Initialisation*.
"""

import math

from helpers import activations as act
from helpers.exercises.key import EXACT, WHOLE, Exercise, sig_figs
from helpers.studies import initialisation

CHAPTER = "book/initialisation.md"


def _he_std() -> float:
    """He: Var(w) = 2 / n_in, so the standard deviation is sqrt(2 / 512)."""
    return math.sqrt(2 / 512)


def _glorot_variance() -> float:
    """Glorot: Var(w) = 2 / (n_in + n_out)."""
    return 2 / (300 + 100)


def _leaky_gain() -> float:
    """The forward gain of Leaky ReLU (alpha = 0.2), integrated from the registry."""
    return initialisation.forward_gain(act.get("leaky_relu", alpha=0.2))


def _distinct_units() -> int:
    """Distinct first-layer units after training from all weights equal to 0.1."""
    return initialisation.symmetric_start("relu", value=0.1)["distinct"][0]


EXERCISES = (
    Exercise("init-ex-he-std", CHAPTER, "number", _he_std, "He's standard deviation",
             precision=sig_figs(3),
             hint="He's rule sets the variance to 2 / n_in; the standard deviation is its "
                  "square root."),
    Exercise("init-ex-glorot", CHAPTER, "number", _glorot_variance, "Glorot's variance",
             precision=EXACT,
             hint="Glorot averages the forward and backward rules: 2 / (n_in + n_out). "
                  "The question asks for the variance, not the standard deviation."),
    Exercise("init-ex-leaky-gain", CHAPTER, "number", _leaky_gain, "the forward gain",
             precision=sig_figs(4),
             hint="E[f(u)^2] is 1/2 from the positive half plus alpha^2/2 from the "
                  "negative half; the gain is one over its square root."),
    Exercise("init-ex-symmetry", CHAPTER, "number", _distinct_units,
             "the number of different units", precision=WHOLE,
             hint="Equal units receive equal gradients. Can an update ever make two "
                  "of them differ?"),
)
