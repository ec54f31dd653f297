"""Timing helpers: medians of repeated runs and ratios to a named baseline.

The tests drive a fake clock (``time.perf_counter``), so they check the
arithmetic exactly without depending on how fast this machine is.
"""

import numpy as np
import pytest

from helpers import timing


class FakeClock:
    """A ``perf_counter`` stand-in that a function under test advances by known amounts."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def costs(self, *seconds: float):
        """A function whose successive calls take ``seconds[0]``, ``seconds[1]``, ... (cycling)."""
        calls = iter(range(10**6))

        def fn(_values: np.ndarray) -> None:
            self.now += seconds[next(calls) % len(seconds)]
        return fn


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(timing.time, "perf_counter", fake)
    return fake


def test_ratio_is_slow_time_over_baseline_time(clock):
    ratios = timing.relative_cost({"fast": clock.costs(0.002), "slow": clock.costs(0.014)},
                                  baseline="fast", size=10, repeat=5)
    assert ratios == {"fast": 1.0, "slow": pytest.approx(7.0)}
    inverse = timing.relative_cost({"fast": clock.costs(0.002), "slow": clock.costs(0.014)},
                                   baseline="slow", size=10, repeat=5)
    assert inverse["fast"] == pytest.approx(1 / 7)


def test_median_ignores_the_warm_up_and_one_outlier(clock):
    # warm-up call (1.0 s, not timed), then 0.01, 0.01, 5.0 (an outlier), 0.01, 0.01
    fn = clock.costs(1.0, 0.01, 0.01, 5.0, 0.01, 0.01)
    assert timing.median_seconds(fn, np.zeros(3), repeat=5) == pytest.approx(0.01)


def test_bad_arguments():
    with pytest.raises(ValueError, match="baseline 'nope' is not one of: copy"):
        timing.relative_cost({"copy": np.copy}, baseline="nope")
    with pytest.raises(ValueError, match="repeat"):
        timing.median_seconds(np.copy, np.zeros(3), repeat=0)
