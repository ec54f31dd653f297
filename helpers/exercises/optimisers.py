"""Chapter: book/optimisers.md

Answer keys of the exercises of *Optimisers and dead units*.
"""

import numpy as np

from helpers import nn
from helpers.exercises.key import Exercise, sig_figs
from helpers.studies import optimisers

CHAPTER = "book/optimisers.md"


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
             hint="Sum the geometric series of the velocity and let t grow."),
    Exercise("opt-ex-adam-first-step", CHAPTER, "number", _adam_first_step,
             "the size of Adam's first step", precision=sig_figs(3),
             hint="After the bias correction, m-hat and sqrt(v-hat) are both |g| at t = 1."),
    Exercise("opt-ex-uncorrected", CHAPTER, "number", _uncorrected_mean,
             "Adam's first moment m_3 without the bias correction", precision=sig_figs(3),
             hint="Unroll m_t = beta1 m_(t-1) + (1 - beta1) g three times from m_0 = 0."),
    Exercise("opt-ex-dead-sgd", CHAPTER, "number", _dead_sgd_4,
             "the mean percentage of dead units with SGD at learning rate 4",
             precision=sig_figs(2),
             hint="Read it off the table's SGD row, or compute it from "
                  "optimisers.dead_grid()."),
)
