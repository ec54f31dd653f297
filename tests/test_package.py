"""The package imports cheaply and loads every module it lists, studies included."""

import subprocess
import sys

import pytest

import helpers
from helpers import studies

LISTED = [f"helpers.{name}" for name in helpers.__all__] + [
    f"helpers.studies.{name}" for name in studies.__all__]


def test_import_has_no_side_effects():
    code = ("import sys, matplotlib; before = dict(matplotlib.rcParams); import helpers; "
            "import helpers.studies; "
            "assert 'sympy' not in sys.modules and 'helpers.widgets' not in sys.modules; "
            "assert not any(m.startswith('helpers.studies.') for m in sys.modules); "
            "assert dict(matplotlib.rcParams) == before")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_listing_is_the_package_on_disk():
    assert {"activations", "studies", "vector", "widgets"} <= set(helpers.__all__)
    assert {"centering", "gelu_approx", "properties"} <= set(studies.__all__)
    assert not any(name.startswith("_") for name in helpers.__all__ + studies.__all__)


@pytest.mark.parametrize("dotted", LISTED)
def test_every_listed_module_loads_lazily(dotted):
    parent, name = dotted.rsplit(".", 1)
    module = getattr(sys.modules[parent], name)
    assert module.__name__ == dotted


def test_unknown_attribute_lists_modules():
    with pytest.raises(AttributeError, match="modules: activations"):
        helpers.not_a_module  # noqa: B018
    with pytest.raises(AttributeError, match="studies: approximation"):
        studies.not_a_study  # noqa: B018
