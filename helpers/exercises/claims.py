"""Chapter: book/claims.md

Answer keys of the exercises of *Common claims, checked*.
"""

import numpy as np

from helpers import activations as act
from helpers.exercises.key import WHOLE, Exercise, coding_exercise, sig_figs
from helpers.studies import property_effects

CHAPTER = "book/claims.md"
TITLE = "Common claims, checked"
GOALS = (
    "Decide a claim about activations by computing the number that settles it.",
    "State the correct version of a carelessly worded claim, with its conditions.",
    "Tell a property of a function (a derivative, a limit) from a property of training "
    "(a variance through depth, held-out accuracy over seeds).",
)
PREREQUISITES = ("The chapters on the activation functions, Breaking training and "
                 "Initialisation.",)


def _sigmoid_area() -> float:
    """Share of the area under sigma' outside [-1, 1]: 1 - (sigma(1) - sigma(-1))."""
    sigma = act.get("sigmoid").f
    return 1.0 - float(sigma(1.0) - sigma(-1.0))


def _maxout_parameters() -> int:
    """256 units x 3 pieces x (784 weights + 1 bias)."""
    return 256 * 3 * (784 + 1)


def _gelu_relu_gap() -> float:
    """|GELU(x) - ReLU(x)| = |x| Phi(-|x|), largest over |x| >= 3 at |x| = 3."""
    return abs(float(act.get("gelu").f(3.0)) - float(act.get("relu").f(3.0)))


def _selu_he() -> float:
    """Pre-activation std after 30 SELU layers with He's gain sqrt(2) (variance rule)."""
    return property_effects.bounded_depth("selu", 2 ** 0.5)[0]


def _elu_grad(x: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """The registry's ELU' (left-hand at the kink: alpha at x = 0)."""
    return act.get("elu", alpha=alpha).df(x)


EXERCISES = (
    Exercise("claims-ex-sigmoid-area", CHAPTER, "number", _sigmoid_area,
             "the share of the area under σ′ outside [−1, 1]", precision=sig_figs(3), points=1,
             minutes=5,
             hint="The area under σ′ from a to b is σ(b) − σ(a), and the whole area is 1."),
    Exercise("claims-ex-maxout", CHAPTER, "number", _maxout_parameters,
             "the number of parameters of the maxout layer", precision=WHOLE, points=1, minutes=5,
             hint="Every unit has k affine pieces, and every piece has one weight per input "
                  "and its own bias."),
    Exercise("claims-ex-gelu-relu", CHAPTER, "number", _gelu_relu_gap,
             "the largest |GELU(x) − ReLU(x)| for |x| ≥ 3", precision=sig_figs(3), points=2,
             minutes=15,
             hint="The difference is |x|·Φ(−|x|); find where on |x| ≥ 3 it is largest."),
    Exercise("claims-ex-selu-he", CHAPTER, "number", _selu_he,
             "the standard deviation after 30 layers", precision=sig_figs(2), points=2,
             minutes=10,
             hint="bounded_depth returns two numbers: the pre-activations' standard deviation "
                  "after the last layer comes first."),
    coding_exercise("claims-ex-my-elu-grad", CHAPTER, "my_elu_grad", _elu_grad, "ELU'(x)",
                    "For x > 0 the slope is 1, otherwise alpha * exp(x); take exp of "
                    "np.minimum(x, 0), never of a large positive x, and use the alpha the "
                    "caller passes (the check also calls my_elu_grad(x, alpha=0.5)).",
                    minutes=10, special=(0.0,), variants=({}, {"alpha": 0.5})),
)
