"""Chapter: book/properties.md

Answer keys of the exercises of *Properties at a glance*.
"""

from helpers import symbolic
from helpers.exercises.key import EXACT, Exercise

CHAPTER = "book/properties.md"

EXERCISES = (
    Exercise("properties-ex-softplus", CHAPTER, "formula",
             lambda: symbolic.derivative("softplus"), "softplus'(x)",
             hint="Chain rule on log(1 + e^x), then divide by e^x."),
    Exercise("properties-ex-elu", CHAPTER, "number", lambda: 1.0,
             "the alpha that makes ELU C^1", precision=EXACT,
             hint="Set the left derivative at 0 equal to the right one."),
    Exercise("properties-ex-gelu", CHAPTER, "formula",
             lambda: symbolic.derivative("gelu", order=2), "GELU''(x)",
             hint="Differentiate GELU' = Phi + x phi once more, with phi' = -x phi."),
)
