"""Chapter: book/sigmoid.md

Answer keys of the exercises of *The sigmoid*.
"""

import math

from helpers import activations as act
from helpers import symbolic
from helpers.exercises.key import BY_HAND, EXACT, WHOLE, Exercise, Rubric, coding_exercise, sig_figs

CHAPTER = "book/sigmoid.md"
TITLE = "The sigmoid"
GOALS = (
    "Derive σ′ = σ(1 − σ) and σ″, and locate the sigmoid's steepest point.",
    "Turn the per-layer bound |w|·max σ′ into a depth at which gradients vanish.",
    "Explain the zig-zag of updates when every input has the same sign.",
    "Implement the sigmoid without overflow.",
)
PREREQUISITES = ("Why activation functions? (the chapter before).",
                 "Derivatives: product, quotient and chain rule; logarithms.")

#: The weight bound of the depth exercise.
WEIGHT = 1.5


def _saturation() -> float:
    """The x > 0 with sigma'(x) = 0.01: sigma(x) = p solves p(1 - p) = 0.01."""
    p = (1 + math.sqrt(1 - 4 * 0.01)) / 2
    return math.log(p / (1 - p))


def _depth() -> int:
    """Smallest n with (|w| max(sigma'))^n < 1e-6; max(sigma') = sigma'(0) from the registry."""
    factor = WEIGHT * float(act.get("sigmoid").df(0.0))
    return math.floor(math.log(1e-6) / math.log(factor)) + 1


EXERCISES = (
    Exercise("sigmoid-ex-second-derivative", CHAPTER, "formula",
             lambda: symbolic.derivative("sigmoid", 2), "sigma''(x)", forms=(BY_HAND,),
             hint="Apply the product rule to sigma (1 - sigma) and replace each "
                  "sigma' by sigma (1 - sigma).",
             points=2, minutes=10,
             rubric=(Rubric(
                 "Where is σ″ zero?", 1,
                 "1 point: only at x = 0 (σ = 1/2), with the reason (σ(1 − σ) > 0 "
                 "everywhere, so only the factor 1 − 2σ can vanish).",
                 "σ″ = σ(1 − σ)(1 − 2σ); σ(1 − σ) > 0 for every x, so σ″ = 0 only where "
                 "σ = 1/2, at x = 0 — where σ′ has its maximum 1/4."),)),
    Exercise("sigmoid-ex-depth", CHAPTER, "number", _depth, "the depth n", precision=WHOLE,
             hint="Each layer multiplies the bound by at most |w| times the largest sigma'; "
                  "take logarithms and remember that n is a whole number of layers.",
             points=2, minutes=10,
             rubric=(Rubric(
                 "From which weight bound on does the bound stop shrinking, and why does "
                 "that not make gradients safe?", 2,
                 "1 point: |w| ≥ 4 (4 · 1/4 = 1). 1 point: the bound is reached only when "
                 "every pre-activation is 0; large weights make large pre-activations, "
                 "where σ′ is far below 1/4 (or, with |w| > 4 near 0, gradients can grow).",
                 "The factor is |w|/4, so the bound stays ≥ 1 from |w| = 4 on. But σ′ = 1/4 "
                 "only at z = 0; large weights push pre-activations into the flat tails, "
                 "where σ′ is tiny, so the actual gradient still vanishes."),)),
    Exercise("sigmoid-ex-saturation", CHAPTER, "number", _saturation, "x",
             precision=sig_figs(2),
             hint="Take the root p of p(1 - p) = 0.01 that is above 1/2, then x = ln(p/(1 - p)).",
             points=2, minutes=10),
    Exercise("sigmoid-ex-signs", CHAPTER, "number", lambda: 1.0,
             "the fraction of same-sign updates", precision=EXACT,
             hint="The update is a scalar times the input vector h: what signs can "
                  "its entries have when every h_j is negative?",
             points=1, minutes=10,
             rubric=(Rubric(
                 "Explain the prediction.", 2,
                 "1 point: the update is the scalar ∂L/∂z times the vector h. 1 point: all "
                 "entries of h negative ⇒ all entries of the update share the sign of "
                 "−∂L/∂z (mixed signs are needed to free the direction).",
                 "The weight gradient is (∂L/∂z)·h. Multiplying a vector whose entries are all "
                 "negative by one scalar gives entries of one sign, so every update has "
                 "components of a common sign: the fraction is 1."),)),
    coding_exercise("sigmoid-ex-my-sigmoid", CHAPTER, "my_sigmoid", act.get("sigmoid").f,
                    "sigma(x)",
                    "Never take exp of a large positive number: with e = np.exp(-np.abs(x)), "
                    "sigma is 1/(1 + e) for x >= 0 and e/(1 + e) for x < 0.",
                    minutes=15),
)
