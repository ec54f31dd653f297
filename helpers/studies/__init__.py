"""Studies: the experiments and figures of one chapter each.

A study may use any engine module (:mod:`helpers.activations`,
:mod:`helpers.plotting`, :mod:`helpers.nn`, ...); no engine module imports
a study. The first line of each study's docstring names the chapter file(s)
that import it (``Chapter: book/<file>.md``), and a test keeps that line
true. Import one with ``from helpers.studies import centering``.
"""

import importlib
import pkgutil
from types import ModuleType

__all__ = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def __getattr__(name: str) -> ModuleType:
    """Import a study on first use (``helpers.studies.centering``)."""
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(
        f"module {__name__!r} has no attribute {name!r}; studies: {', '.join(__all__)}"
    )


def __dir__() -> list[str]:
    return list(__all__)
