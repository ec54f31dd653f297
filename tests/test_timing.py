"""Timing helpers return ratios relative to the named baseline."""

import numpy as np
import pytest

from helpers import timing


def test_baseline_ratio_is_one_and_all_labels_present():
    ratios = timing.relative_cost({"copy": np.copy, "exp": np.exp}, baseline="copy",
                                  size=1000, repeat=3)
    assert ratios["copy"] == 1.0 and set(ratios) == {"copy", "exp"}
    assert ratios["exp"] > 0


def test_bad_arguments():
    with pytest.raises(ValueError, match="baseline 'nope' is not one of: copy"):
        timing.relative_cost({"copy": np.copy}, baseline="nope")
    with pytest.raises(ValueError, match="repeat"):
        timing.median_seconds(np.copy, np.zeros(3), repeat=0)
