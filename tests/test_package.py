"""The package imports cheaply and exposes every module it lists."""

import subprocess
import sys

import pytest

import helpers


def test_import_has_no_side_effects():
    code = ("import sys, matplotlib; before = dict(matplotlib.rcParams); import helpers; "
            "assert 'sympy' not in sys.modules and 'helpers.widgets' not in sys.modules; "
            "assert dict(matplotlib.rcParams) == before")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("name", helpers.__all__)
def test_every_listed_module_loads_and_names_its_chapter(name):
    module = getattr(helpers, name)
    assert module.__name__ == f"helpers.{name}"
    assert module.__doc__ and len(module.__doc__) > 40


def test_unknown_attribute_lists_modules():
    with pytest.raises(AttributeError, match="modules: activations"):
        helpers.not_a_module  # noqa: B018
