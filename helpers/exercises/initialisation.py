"""Chapter: book/initialisation.md

Answer keys of the exercises of *Initialisation*.
"""

import math

from helpers import activations as act
from helpers.exercises.key import EXACT, WHOLE, Exercise, Rubric, coding_exercise, sig_figs
from helpers.studies import initialisation

CHAPTER = "book/initialisation.md"
TITLE = "Initialisation"
GOALS = (
    "Derive how one layer scales the variance of activations (forward) and of "
    "gradients (backward).",
    "Compute He's, LeCun's and Glorot's weight variances and any activation's gain.",
    "Explain where PyTorch's gain constants differ from the computed ones, and why.",
    "Explain why equal initial weights never become different.",
)
PREREQUISITES = ("The sigmoid, ReLU and ELU/SELU chapters; Breaking training.",
                 "Expectation and variance of independent random variables.")


def _gain_relu(x):
    """ReLU times its forward gain sqrt(2), from the registry."""
    return math.sqrt(2) * act.get("relu").f(x)


def _he_std() -> float:
    """He's rule for 512 inputs (Var(w) = 2 / n_in), as a standard deviation."""
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
             precision=sig_figs(3), points=1, minutes=5,
             hint="He's rule sets the variance to 2 / n_in; the standard deviation is its "
                  "square root."),
    Exercise("init-ex-glorot", CHAPTER, "number", _glorot_variance, "Glorot's variance",
             precision=EXACT, points=1, minutes=10,
             rubric=(Rubric(
                 "Which of LeCun's forward rule and the backward rule is it closer to?", 1,
                 "1 point: the forward rule 1/300 ≈ 0.0033 (0.005 lies between 0.0033 and "
                 "0.01, nearer the first), with both values computed.",
                 "Forward 1/n_in = 1/300 ≈ 0.0033, backward 1/n_out = 0.01; Glorot's 0.005 "
                 "is their harmonic mean and lies closer to the forward value."),),
             hint="Glorot averages the forward and backward rules: 2 / (n_in + n_out). "
                  "The question asks for the variance, not the standard deviation."),
    Exercise("init-ex-leaky-gain", CHAPTER, "number", _leaky_gain, "the forward gain",
             precision=sig_figs(4), points=2, minutes=15,
             hint="E[f(u)^2] is 1/2 from the positive half plus alpha^2/2 from the "
                  "negative half; the gain is one over its square root."),
    Exercise("init-ex-symmetry", CHAPTER, "number", _distinct_units,
             "the number of different units", precision=WHOLE, points=2, minutes=10,
             hint="Equal units receive equal gradients. Can an update ever make two "
                  "of them differ?"),
    coding_exercise("init-ex-my-gain-relu", CHAPTER, "my_gain_relu", _gain_relu,
                    "sqrt(2) ReLU(x)",
                    "np.maximum(x, 0) keeps NaN and the dtype; multiply by the gain cast to "
                    "the input's dtype (x.dtype.type(math.sqrt(2))).", minutes=10),
)
