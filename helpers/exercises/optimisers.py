"""Chapter: book/optimisers.md

Answer keys of the exercises of *Optimisers and dead units*.
"""

import numpy as np

from helpers import nn
from helpers.exercises.key import Exercise, Rubric, coding_exercise, sig_figs
from helpers.studies import optimisers

CHAPTER = "book/optimisers.md"
TITLE = "Optimisers and dead units"
GOALS = (
    "Derive momentum's effective step 1/(1 − β) and Adam's bias correction.",
    "Measure dead-unit fractions and held-out accuracy by optimiser and learning rate.",
    "Decide, with numbers, whether Adam or momentum prevents dead ReLUs.",
)
PREREQUISITES = ("ReLU; Breaking training (dead units).",
                 "Geometric series; gradient descent.")


def _adam_step_of(g):
    """Adam's first update for gradient g (lr 0.01, eps 1e-8): bias-corrected m/sqrt(v) = g/|g|."""
    return 0.01 * g / (np.abs(g) + 1e-8)


def _steps(name: str, g: float, lr: float, n: int, **options: float) -> np.ndarray:
    opt = nn.Optimiser(name, 1, lr, **options)
    theta = np.zeros(1)
    for _ in range(n):
        opt.step(theta, np.array([g]))
    return theta


def _momentum_step() -> float:
    before = _steps("momentum", 1.0, 0.1, 199, momentum=0.9)[0]
    return float(before - _steps("momentum", 1.0, 0.1, 200, momentum=0.9)[0])


def _adam_first_step() -> float:
    return float(-_steps("adam", 5.0, 0.01, 1)[0])


def _uncorrected_mean() -> float:
    m = 0.0
    for _ in range(3):
        m = 0.9 * m + (1 - 0.9) * 2.0
    return m


def _dead_sgd_4() -> float:
    return float(100 * optimisers.dead_grid()["sgd", 4.0]["dead"].mean())


EXERCISES = (
    Exercise("opt-ex-momentum-step", CHAPTER, "number", _momentum_step,
             "momentum's step size after many steps of a constant gradient",
             precision=sig_figs(3),
             hint="Sum the geometric series of the velocity and let t grow.",
             points=2, minutes=10),
    Exercise("opt-ex-adam-first-step", CHAPTER, "number", _adam_first_step,
             "the size of Adam's first step", precision=sig_figs(3),
             hint="After the bias correction, m-hat and sqrt(v-hat) are both |g| at t = 1.",
             rubric=(Rubric(
                 "Would it be different for g = 0.001?", 1,
                 "1 point: no — the first step is lr * g/|g|, about 0.01 for any non-zero "
                 "g (until |g| approaches eps).",
                 "No: after the bias correction m-hat = g and sqrt(v-hat) = |g|, so the "
                 "step is 0.01 * g/(|g| + eps), 0.01 for g = 5 and for g = 0.001 alike."),),
             points=2, minutes=10),
    Exercise("opt-ex-uncorrected", CHAPTER, "number", _uncorrected_mean,
             "Adam's first moment m_3 without the bias correction", precision=sig_figs(3),
             hint="Unroll m_t = beta1 m_(t-1) + (1 - beta1) g three times from m_0 = 0.",
             rubric=(Rubric(
                 "By what factor would the bias correction divide it?", 1,
                 "1 point: 1 - 0.9^3 = 0.271.",
                 "m_3 = (1 - 0.9^3) g = 0.542, and the correction divides by "
                 "1 - 0.9^3 = 0.271, giving back g = 2."),),
             points=2, minutes=10),
    Exercise("opt-ex-dead-sgd", CHAPTER, "number", _dead_sgd_4,
             "the mean percentage of dead units with SGD at learning rate 4",
             precision=sig_figs(2),
             hint="Read it off the table's SGD row, or compute it from "
                  "optimisers.dead_grid().",
             points=1, minutes=10),
    coding_exercise("opt-ex-my-adam-step", CHAPTER, "my_adam_step", _adam_step_of,
                    "Adam's first step", "After one step the bias-corrected moments are "
                    "m = g and v = g**2, so the step is lr * g / (sqrt(v) + eps); cast the "
                    "constants to the gradient's dtype.", minutes=15),
)
