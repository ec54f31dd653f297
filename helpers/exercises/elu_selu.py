"""Chapter: book/elu_selu.md

Answer keys of the exercises of *ELU, SELU and CELU*.
"""

from helpers import activations as act
from helpers import symbolic
from helpers.exercises.key import EXACT, Exercise, sig_figs

CHAPTER = "book/elu_selu.md"


def _alpha_dropout_scale(rate: float = 0.2) -> float:
    """AlphaDropout's a: rescales q + q (1 - q) alpha'^2 to 1, alpha' = -lambda alpha."""
    q, sat = 1 - rate, -act.SELU_LAMBDA * act.SELU_ALPHA
    return (q + sat**2 * q * (1 - q)) ** -0.5


EXERCISES = (
    Exercise("elu-ex-celu-derivative", CHAPTER, "formula",
             lambda: symbolic.derivative(act.get("celu", alpha=2.0)), "CELU_2'(x)",
             hint="Differentiate 2 (e^(x/2) - 1) on x <= 0; the other piece is x."),
    Exercise("elu-ex-zero-mean", CHAPTER, "number", lambda: act.SELU_ALPHA, "alpha",
             precision=sig_figs(4),
             hint="The mean is linear in alpha; set it to 0 and solve."),
    Exercise("elu-ex-alpha-dropout", CHAPTER, "number", _alpha_dropout_scale, "a",
             precision=sig_figs(3),
             hint="With q = 1 - p, the dropped-out variable has variance "
                  "q + q (1 - q) alpha'^2; a scales it back to 1."),
    Exercise("elu-ex-dropout-variance", CHAPTER, "number", lambda: 1 / (1 - 0.2),
             "the variance after dropout", precision=EXACT,
             hint="A kept value is x/(1 - p); compute the second moment."),
)
