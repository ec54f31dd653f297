"""Chapter: book/playground.md

Answer keys of the exercises of *The Playground*.
"""

import sympy as sp

from helpers import datasets, nn
from helpers.exercises.key import WHOLE, Exercise
from helpers.studies import playground

CHAPTER = "book/playground.md"
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
             "the boundary x2 as a function of x1", symbol=x1,
             hint="The boundary is where the logit difference is 0; solve for the "
                  "pre-activation first, then for x2."),
    Exercise("playground-ex-xor", CHAPTER, "number", _slowest_on_xor,
             "the slowest activation's epochs to 0.9 on XOR (seed 0)", precision=WHOLE,
             hint="Train each of the four with playground.train_run('xor', name) and read "
                  "run.epochs_to()[0]; None means it never got there."),
    Exercise("playground-ex-recipe", CHAPTER, "number", _recipe_relu,
             "ReLU's epochs to 0.9 with the Playground's recipe (seed 0)", precision=WHOLE,
             hint="Use the exact call of the statement and read "
                  "history.epochs_to(0.9, 'test_accuracy')[0]."),
)
