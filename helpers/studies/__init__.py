"""Studies: the experiments and figures of one chapter each.

A study may use any engine module (:mod:`helpers.activations`,
:mod:`helpers.plotting`, :mod:`helpers.nn`, ...); no engine module imports
a study. The first line of each study's docstring names the chapter file(s)
that import it (``Chapter: book/<file>.md``), and a test keeps that line
true. Import one with ``from helpers.studies import centering``.
"""

from helpers._lazy import lazy_submodules

# A study is imported on first use (``helpers.studies.centering``).
__all__, __getattr__, __dir__ = lazy_submodules(__name__, __path__, kind="studies")
