"""Lazy submodules for a package: listed from disk, imported on first use.

Introduced in: none (used by other helpers modules only)
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from types import ModuleType


def lazy_submodules(package: str, path: Iterable[str], kind: str = "modules"
                    ) -> tuple[list[str], Callable[[str], ModuleType], Callable[[], list[str]]]:
    """``(__all__, __getattr__, __dir__)`` for ``package`` whose files are in ``path``.

    ``__all__`` lists the public submodules found on disk (names not starting
    with ``_``), so a new module is listed without editing anything; an
    unknown attribute raises AttributeError naming them as ``kind``.
    """
    names = sorted(m.name for m in pkgutil.iter_modules(path) if not m.name.startswith("_"))

    def getattr_(name: str) -> ModuleType:
        if name in names:
            return importlib.import_module(f"{package}.{name}")
        raise AttributeError(
            f"module {package!r} has no attribute {name!r}; {kind}: {', '.join(names)}")

    def dir_() -> list[str]:
        return list(names)

    return names, getattr_, dir_
