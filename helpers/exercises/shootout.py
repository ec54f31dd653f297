"""Chapter: book/shootout.md

Answer keys of the exercises of *The shoot-out*.
"""

import numpy as np

from helpers import activations as act
from helpers import nn
from helpers.exercises.key import Exercise, Rubric, coding_exercise, sig_figs
from helpers.studies import shootout, shootout_report

CHAPTER = "book/shootout.md"
TITLE = "The shoot-out"
GOALS = (
    "Compare activations fairly: learning rates chosen on validation data, several seeds.",
    "Report test accuracy as a mean with a 95 % confidence interval.",
    "Explain why removing the activation costs little on the digits and much on MNIST-1D.",
    "Check popular claims (ReLU 6x faster, smooth activations win) against measured numbers.",
)
PREREQUISITES = ("The activation chapters; The Playground.",
                 "Mean, standard deviation and the idea of a confidence interval.")

#: The five test accuracies of the interval exercise.
CI_VALUES = (0.61, 0.64, 0.60, 0.63, 0.62)
#: Adam exercise: start, gradients, learning rate (betas 0.9, 0.999; eps 1e-8).
ADAM_START, ADAM_GRADIENTS, ADAM_LR = 1.0, (2.0, -1.0), 0.1


def _adam_after_two_steps() -> float:
    theta = np.array([ADAM_START])
    opt = nn.Optimiser("adam", 1, ADAM_LR)
    for g in ADAM_GRADIENTS:
        opt.step(theta, np.array([g]))
    return float(theta[0])


def _digits_drop() -> float:
    return shootout_report.claim_numbers(shootout.load())["drop_digits"]


EXERCISES = (
    Exercise("shootout-ex-ci", CHAPTER, "number", lambda: nn.mean_ci(CI_VALUES)[1],
             "the half-width of the 95 % interval", precision=sig_figs(2),
             hint="Half-width = t * s / sqrt(n), with s the standard deviation with n - 1 in "
                  "the denominator and t the 97.5 % quantile of Student's t with n - 1 "
                  "degrees of freedom.", points=2, minutes=10),
    Exercise("shootout-ex-adam", CHAPTER, "number", _adam_after_two_steps,
             "theta after two Adam steps", precision=sig_figs(4),
             hint="Keep m and v between the steps, and divide by 1 - beta^t with t = 1, 2 "
                  "(bias correction) before the update.", points=3, minutes=20,
             rubric=(Rubric(
                 "Compare with nn.Optimiser stepping a one-element array.", 1,
                 "1 point: the student runs the optimiser on the same gradients and reports "
                 "that it gives the same theta_2 (0.8734) to 4 significant figures.",
                 "Both give theta_2 = 0.8734: the first step moves theta by about -0.1 "
                 "(Adam's first step has size lr), the second by about +0.027."),)),
    Exercise("shootout-ex-drop", CHAPTER, "number", _digits_drop,
             "ReLU's lead over the network without activation on the digits",
             precision=sig_figs(2),
             hint="Take the mean test accuracies over the five seeds of the two cells "
                  "(shootout_report.cell and shootout_report.summary) and subtract.",
             points=1, minutes=15,
             rubric=(Rubric(
                 "Predict before looking: more or less than on MNIST-1D, and why?", 2,
                 "1 point: less than on MNIST-1D. 1 point: the reason — a linear classifier "
                 "already separates most digits (about 0.95), while MNIST-1D's shifted, "
                 "scaled signals need a nonlinear map (a linear model reaches about 0.31).",
                 "Less: on the digits the network without activation still reaches 0.952 "
                 "against ReLU's 0.968 (1.6 points), because the classes are almost linearly "
                 "separable in pixel space; on MNIST-1D the drop is about 29 points "
                 "(0.60 to 0.31)."),)),
    coding_exercise("shootout-ex-my-mish", CHAPTER, "my_mish", act.get("mish").f,
                    "Mish(x)",
                    "Mish is x tanh(softplus(x)), and softplus(x) = max(x, 0) + "
                    "log1p(exp(-|x|)) never overflows, keeps float32 and lets NaN through.",
                    minutes=15),
)
