"""Chapter: book/tanh.md

Answer keys of the exercises of *Tanh*.
"""

from helpers import activations as act
from helpers import symbolic
from helpers.exercises.key import BY_HAND, EXACT, WITH_TANH_NO_EXP, Exercise

CHAPTER = "book/tanh.md"

EXERCISES = (
    Exercise("tanh-ex-derivative", CHAPTER, "formula",
             lambda: symbolic.derivative("tanh"), "tanh'(x)", forms=(BY_HAND,),
             hint="With u = e^x - e^-x and v = e^x + e^-x, note u' = v and v' = u."),
    Exercise("tanh-ex-sigmoid", CHAPTER, "formula", lambda: act.get("sigmoid").expr,
             "sigma(x)", forms=(WITH_TANH_NO_EXP,),
             hint="Solve tanh(x) = 2 sigma(2x) - 1 for sigma(2x), then replace x by x/2."),
    Exercise("tanh-ex-softsign", CHAPTER, "formula", lambda: act.get("softsign").dexpr,
             "softsign'(x)",
             hint="Differentiate x/(1 + x) and x/(1 - x) separately; both are one "
                  "expression in |x|."),
    Exercise("tanh-ex-saturated", CHAPTER, "number", lambda: 1 - 0.99**2,
             "tanh'(z) when tanh(z) = 0.99", precision=EXACT,
             hint="tanh' can be written with tanh itself."),
)
