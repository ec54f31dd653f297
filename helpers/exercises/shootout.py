"""Chapter: book/shootout.md

Answer keys of the exercises of *The shoot-out*.
"""

import numpy as np

from helpers import nn
from helpers.exercises.key import Exercise, sig_figs
from helpers.studies import shootout, shootout_report

CHAPTER = "book/shootout.md"

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
                  "degrees of freedom."),
    Exercise("shootout-ex-adam", CHAPTER, "number", _adam_after_two_steps,
             "theta after two Adam steps", precision=sig_figs(4),
             hint="Keep m and v between the steps, and divide by 1 - beta^t with t = 1, 2 "
                  "(bias correction) before the update."),
    Exercise("shootout-ex-drop", CHAPTER, "number", _digits_drop,
             "ReLU's lead over the network without activation on the digits",
             precision=sig_figs(2),
             hint="Take the mean test accuracies over the five seeds of the two cells "
                  "(shootout_report.cell and shootout_report.summary) and subtract."),
)
