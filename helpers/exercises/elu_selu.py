"""Chapter: book/elu_selu.md

Answer keys of the exercises of *ELU, SELU and CELU*.
"""

from helpers import activations as act
from helpers import symbolic
from helpers.exercises.key import EXACT, Exercise, Rubric, coding_exercise, sig_figs

CHAPTER = "book/elu_selu.md"
TITLE = "ELU, CELU and SELU: smooth negatives and self-normalisation"
GOALS = (
    "Differentiate exponential units and check their smoothness at 0.",
    "Derive SELU's α from a zero-mean condition.",
    "Explain why ordinary dropout breaks self-normalisation and how AlphaDropout fixes it.",
    "Implement SELU without overflow (np.where evaluates both branches).",
)
PREREQUISITES = ("Leaky ReLU (mean and second moment under normal inputs).",
                 "Expectations of functions of a normal variable.")

#: Mean of the inputs in the dropout exercise.
MEAN = 0.5


def _alpha_dropout_scale(rate: float = 0.2) -> float:
    """AlphaDropout's a: rescales q + q (1 - q) alpha'^2 to 1, alpha' = -lambda alpha."""
    q, sat = 1 - rate, -act.SELU_LAMBDA * act.SELU_ALPHA
    return (q + sat**2 * q * (1 - q)) ** -0.5


def _dropout_variance(rate: float = 0.2) -> float:
    """Var[m x / (1 - p)] for x with mean MEAN and variance 1, m ~ Bernoulli(1 - p)."""
    second = (1 + MEAN**2) / (1 - rate)
    return second - MEAN**2


EXERCISES = (
    Exercise("elu-ex-celu-derivative", CHAPTER, "formula",
             lambda: symbolic.derivative(act.get("celu", alpha=2.0)), "CELU_2'(x)",
             hint="Differentiate 2 (e^(x/2) - 1) on x <= 0; the other piece is x.",
             points=2, minutes=10),
    Exercise("elu-ex-zero-mean", CHAPTER, "number", lambda: act.SELU_ALPHA, "alpha",
             precision=sig_figs(4),
             hint="The mean is linear in alpha; set it to 0 and solve.",
             points=2, minutes=20,
             rubric=(Rubric(
                 "Show that there is exactly one solution α > 0.", 2,
                 "1 point: the mean is affine in α, 1/√(2π) + α(e^{1/2}Φ(−1) − 1/2). "
                 "1 point: its slope is negative (e^{1/2}Φ(−1) ≈ 0.26 < 1/2) and its value "
                 "at α = 0 positive, so there is one root, and it is positive.",
                 "E[ELU_α(z)] = 1/√(2π) + α(e^{1/2}Φ(−1) − 1/2) is a line in α with value "
                 "1/√(2π) > 0 at α = 0 and slope ≈ −0.24 < 0, so it crosses 0 exactly once, "
                 "at α ≈ 1.6733."),)),
    Exercise("elu-ex-alpha-dropout", CHAPTER, "number", _alpha_dropout_scale, "a",
             precision=sig_figs(3),
             hint="With q = 1 - p, the dropped-out variable has variance "
                  "q + q (1 - q) alpha'^2; a scales it back to 1.",
             points=2, minutes=15),
    Exercise("elu-ex-dropout-variance", CHAPTER, "number", _dropout_variance,
             "the variance after dropout", precision=EXACT,
             hint="Dropout keeps the mean; compute the second moment of m x/(1 - p) "
                  "and subtract the squared mean.",
             points=2, minutes=15,
             rubric=(Rubric(
                 "Which moment does inverted dropout keep, and what does that mean for a "
                 "SELU network?", 2,
                 "1 point: it keeps the mean but inflates the second moment by 1/(1 − p). "
                 "1 point: SELU's fixed point (mean 0, variance 1) is moved, so the "
                 "activations drift; AlphaDropout restores both moments with a and b.",
                 "The mean stays (each value is kept with probability 1 − p and scaled by "
                 "1/(1 − p)), the second moment grows to E[x²]/(1 − p). A SELU network "
                 "relies on variance 1 at every layer, so ordinary dropout pushes it off its "
                 "fixed point; AlphaDropout's affine correction keeps mean and variance."),)),
    coding_exercise("elu-ex-my-selu", CHAPTER, "my_selu", act.get("selu").f, "SELU(x)",
                    "np.where computes both branches everywhere: take exp (better, np.expm1) "
                    "of np.minimum(x, 0), never of a large positive x; use act.SELU_ALPHA "
                    "and act.SELU_LAMBDA as Python floats.",
                    minutes=15, special=(0.0,)),
)
