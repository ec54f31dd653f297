"""Chapter: book/properties.md

Answer keys of the exercises of *Properties at a glance*.
"""

from helpers import activations as act
from helpers import symbolic
from helpers.exercises.key import EXACT, Exercise, Rubric, coding_exercise

CHAPTER = "book/properties.md"
TITLE = "Properties at a glance"
GOALS = (
    "Read and justify the entries of the property table (range, slope, smoothness).",
    "Decide the smoothness class of a piecewise function from one-sided derivatives.",
    "Implement softplus without overflow.",
)
PREREQUISITES = ("The activation chapters before it.",
                 "One-sided derivatives; suprema and maxima.")

EXERCISES = (
    Exercise("properties-ex-softplus", CHAPTER, "formula",
             lambda: symbolic.derivative("softplus"), "softplus'(x)",
             hint="Chain rule on log(1 + e^x), then divide by e^x.",
             points=2, minutes=10,
             rubric=(Rubric(
                 "Explain why softplus's largest slope is 1 and why the table says it is "
                 "\"not attained\".", 2,
                 "1 point: softplus′ = σ increases to 1 as x → ∞. 1 point: σ(x) < 1 for "
                 "every real x, so 1 is a supremum, never a value.",
                 "softplus′ = σ is strictly increasing with limit 1 at +∞, so sup softplus′ = 1; "
                 "but σ(x) < 1 for every real x, so no input reaches that slope."),)),
    Exercise("properties-ex-elu", CHAPTER, "number", lambda: 1.0,
             "the alpha that makes ELU C^1", precision=EXACT,
             hint="Set the left derivative at 0 equal to the right one.",
             points=2, minutes=10),
    Exercise("properties-ex-gelu", CHAPTER, "formula",
             lambda: symbolic.derivative("gelu", order=2), "GELU''(x)",
             hint="Differentiate GELU' = Phi + x phi once more, with phi' = -x phi.",
             points=2, minutes=15,
             rubric=(Rubric(
                 "Where is GELU's slope largest, and where most negative?", 2,
                 "1 point: GELU″ has the sign of 2 − x², so GELU′ has its maximum at √2 and "
                 "its minimum at −√2. 1 point: the values, about 1.129 and −0.129.",
                 "φ > 0, so GELU″ has the sign of 2 − x²: GELU′ increases on (−√2, √2) and "
                 "decreases outside. Largest slope at x = √2 (≈ 1.129), most negative at "
                 "x = −√2 (≈ −0.129)."),)),
    coding_exercise("properties-ex-my-softplus", CHAPTER, "my_softplus",
                    act.get("softplus").f, "softplus(x)",
                    "log(1 + e^x) = max(x, 0) + log1p(exp(-|x|)): no exp of a large positive "
                    "number, and log1p keeps the small values accurate.",
                    minutes=15),
)
