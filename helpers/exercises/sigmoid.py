"""Chapter: book/sigmoid.md

Answer keys of the exercises of *The sigmoid*.
"""

import math

from helpers import activations as act
from helpers import symbolic
from helpers.exercises.key import BY_HAND, EXACT, WHOLE, Exercise, sig_figs

CHAPTER = "book/sigmoid.md"


def _saturation() -> float:
    """The x > 0 with sigma'(x) = 0.01: sigma(x) = p solves p(1 - p) = 0.01."""
    p = (1 + math.sqrt(1 - 4 * 0.01)) / 2
    return math.log(p / (1 - p))


def _depth() -> int:
    """Smallest n with max(sigma')^n < 1e-6; max(sigma') = sigma'(0) from the registry."""
    peak = float(act.get("sigmoid").df(0.0))
    return math.floor(math.log(1e-6) / math.log(peak)) + 1


EXERCISES = (
    Exercise("sigmoid-ex-second-derivative", CHAPTER, "formula",
             lambda: symbolic.derivative("sigmoid", 2), "sigma''(x)", forms=(BY_HAND,),
             hint="Apply the product rule to sigma (1 - sigma) and replace each "
                  "sigma' by sigma (1 - sigma)."),
    Exercise("sigmoid-ex-depth", CHAPTER, "number", _depth, "the depth n", precision=WHOLE,
             hint="Take logarithms of 0.25^n < 10^-6 and remember that n is a whole "
                  "number of layers."),
    Exercise("sigmoid-ex-saturation", CHAPTER, "number", _saturation, "x",
             precision=sig_figs(2),
             hint="Take the root p of p(1 - p) = 0.01 that is above 1/2, then x = ln(p/(1 - p))."),
    Exercise("sigmoid-ex-signs", CHAPTER, "number", lambda: 1.0,
             "the fraction of same-sign updates", precision=EXACT,
             hint="The update is a scalar times the input vector h: what signs can "
                  "its entries have when every h_j is negative?"),
)
