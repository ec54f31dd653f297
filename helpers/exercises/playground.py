"""Chapter: book/playground.md

Answer keys of the exercises of *The Playground*.
"""

import sympy as sp

from helpers import activations as act
from helpers import datasets, nn
from helpers.exercises.key import WHOLE, Exercise, Rubric, coding_exercise
from helpers.studies import playground

CHAPTER = "book/playground.md"
TITLE = "The Playground"
GOALS = (
    "Show that a network without an activation draws only straight boundaries.",
    "Predict, then measure, how fast each activation fits XOR and the spiral.",
    "Recognise a too-large learning rate by its dead ReLU units.",
    "Judge a claim about training speed by its protocol (data, loss, optimiser).",
)
PREREQUISITES = ("Why activation functions?; the ReLU and sigmoid chapters.",
                 "Cross-entropy and gradient descent at the level of the earlier chapters.")
#: The variable of the boundary exercise (the chapter's ``x1``).
x1 = sp.Symbol("x1", real=True)


def _boundary() -> sp.Expr:
    """The boundary of ``d = 2 tanh(x1 - 2 x2 + 1) - 1`` as ``x2(x1)``
    (``artanh(1/2)`` written as ``log(3)/2``, which a typed answer can use too)."""
    _, line, s = playground.one_unit_boundary("tanh")
    line = line.subs({s["w1"]: 1, s["w2"]: -2, s["c"]: 1, s["a"]: 2, s["e"]: -1, s["x1"]: x1})
    return sp.expand(line.rewrite(sp.log))


def _slowest_on_xor() -> int:
    """Seed 0's epochs to the threshold for sigmoid, the slowest that gets there on XOR."""
    return playground.train_run("xor", "sigmoid").epochs_to()[0]


def _recipe_relu() -> int:
    """Seed 0's epochs to the threshold for ReLU with the Playground's own recipe."""
    data = datasets.playground("spiral", seed=0)
    _, h = nn.train_many(list(playground.SIZES), *data.train, seeds=[0], activation="relu",
                         epochs=300, test=data.test, diagnostics=False,
                         **playground.PLAYGROUND_RECIPE)
    return h.epochs_to(playground.THRESHOLD, "test_accuracy")[0]


EXERCISES = (
    Exercise("playground-ex-boundary", CHAPTER, "formula", _boundary,
             "the boundary x2 as a function of x1", symbol=x1, points=2, minutes=10,
             hint="The boundary is where the logit difference is 0; solve for the "
                  "pre-activation first, then for x2."),
    Exercise("playground-ex-xor", CHAPTER, "number", _slowest_on_xor,
             "the slowest activation's epochs to 0.9 on XOR (seed 0)", precision=WHOLE,
             points=1, minutes=15,
             rubric=(Rubric(
                 "Rank identity, sigmoid, tanh and ReLU before running, and say which never "
                 "gets there.", 2,
                 "1 point: identity never reaches 0.9 (a line cannot separate XOR). 1 point: "
                 "sigmoid is the slowest of the others, with a reason (small derivative, "
                 "outputs all positive). A wrong prediction that is then corrected with the "
                 "measured numbers earns both points.",
                 "Identity never gets there: the network is one affine map and a line "
                 "classifies at most three of XOR's four clusters. Tanh and ReLU need a few "
                 "epochs; sigmoid is slowest (165 epochs for seed 0) because σ′ ≤ 1/4 and its "
                 "outputs are all positive."),),
             hint="Train each of the four with playground.train_run('xor', name) and read "
                  "run.epochs_to()[0]; None means it never got there."),
    Exercise("playground-ex-recipe", CHAPTER, "number", _recipe_relu,
             "ReLU's epochs to 0.9 with the Playground's recipe (seed 0)", precision=WHOLE,
             points=1, minutes=15,
             rubric=(Rubric(
                 "Is the full-batch shortcut fair?", 1,
                 "1 point: yes, up to a small factor — the two counts are of the same order "
                 "(34 vs 55) and both far below 1,500; the equivalence holds for small steps.",
                 "Yes: 34 epochs with the recipe against 55 with full-batch steps of 0.6, the "
                 "same order of magnitude; the equivalence is exact only for small steps."),),
             hint="Use the exact call of the statement and read "
                  "history.epochs_to(0.9, 'test_accuracy')[0]."),
    coding_exercise("playground-ex-my-relu-grad", CHAPTER, "my_relu_grad",
                    act.get("relu").df, "ReLU'(x)",
                    "Use the left-hand derivative at 0 (ReLU'(0) = 0), keep the dtype "
                    "((x > 0).astype(x.dtype)) and let NaN through with "
                    "np.where(np.isnan(x), x, ...).",
                    minutes=10),
)
