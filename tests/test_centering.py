"""Tests of helpers.centering: the sign argument behind the zig-zag."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.studies import centering


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from([1.0, -1.0]))
def test_inputs_of_one_sign_give_same_sign_updates(seed: int, sign: float) -> None:
    h = sign * np.random.default_rng(seed).uniform(0.05, 1.0, size=(20, 3))
    path = centering.sgd_path(h, np.array([1.0, -2.0, 0.5]), lr=0.3, steps=40)
    assert centering.same_sign_fraction(path) == 1.0


def test_sgd_path_first_step() -> None:
    h = np.array([[1.0, 2.0]])
    path = centering.sgd_path(h, np.array([1.0, -1.0]), lr=0.1, steps=1)
    # w0 = 0, target t = -1, gradient (0 - t) h = h, so w1 = -0.1 h
    np.testing.assert_allclose(path, [[0.0, 0.0], [-0.1, -0.2]])


def test_demo_centring_is_faster_and_mixes_signs() -> None:
    positive, centred = centering.zigzag_demo(n=200, steps=150, seed=0)
    assert positive.same_sign == 1.0
    assert 0.3 < centred.same_sign < 0.7
    assert centred.steps_to_target is not None and positive.steps_to_target is not None
    assert centred.steps_to_target * 2 < positive.steps_to_target
    np.testing.assert_allclose(centred.inputs, positive.inputs - 0.5)
    assert np.all(positive.inputs > 0)


def test_steps_to_reach() -> None:
    path = np.array([[0.0, 0.0], [0.5, -0.5], [0.95, -0.97]])
    assert centering.steps_to_reach(path, np.array([1.0, -1.0]), tol=0.1) == 2
    assert centering.steps_to_reach(path, np.array([5.0, 5.0])) is None


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"inputs": np.ones((3, 3))}, r"shape \(n, 2\)"),
    ({"lr": 0.0}, "lr"),
    ({"steps": 0}, "steps"),
])
def test_bad_input(kwargs, match: str) -> None:
    args = {"inputs": np.ones((3, 2)), "w_true": np.ones(2), "lr": 0.1, "steps": 3} | kwargs
    with pytest.raises(ValueError, match=match):
        centering.sgd_path(**args)


def test_same_sign_fraction_needs_movement() -> None:
    with pytest.raises(ValueError, match="never moves"):
        centering.same_sign_fraction(np.zeros((4, 2)))
