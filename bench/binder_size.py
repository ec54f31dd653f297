"""How big is the Binder environment above its JupyterLab base? (Target: 300 MB or less.)

Builds, in a temporary folder, the two environments Binder has:

1. the base: a fresh virtual environment with JupyterLab (the version pinned in
   constraints.txt), standing in for Binder's base image;
2. the same plus what ``binder/`` adds: ``pip install -r binder/requirements.txt``
   and the steps of ``binder/postBuild``;

and prints the disk usage of each (as ``du`` counts it, the whole environment:
site-packages and MNIST-1D's arrays, which postBuild saves under ``share/``), the
difference, and the packages that take the most of it. ``--venv ENV --base BASE`` measures two
existing environments instead (for example the one tests/lab caches under
``_build/``). Nothing is written outside the temporary folder except the
editable install's metadata of ``helpers`` in the repository (ignored by git).

Usage: python bench/binder_size.py [--keep] | [--venv ENV --base BASE]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MB = 300
MB = 1024 * 1024


def disk_usage(path: Path) -> int:
    """Bytes ``path`` occupies on disk (allocated blocks, like ``du``; hard links once)."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for dirpath, dirnames, filenames in os.walk(path):
        for name in dirnames + filenames:
            st = os.lstat(os.path.join(dirpath, name))
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            total += st.st_blocks * 512
    return total


def site_packages(env: Path) -> Path:
    return next((env / "lib").glob("python3*/site-packages"))


def entries(env: Path) -> dict[str, int]:
    """Disk usage of each top-level entry of the environment's site-packages."""
    sp = site_packages(env)
    return {p.name: disk_usage(p) if p.is_dir() else p.lstat().st_blocks * 512
            for p in sp.iterdir()}


def run(cmd: list[str], env: dict[str, str] | None = None) -> None:
    subprocess.run(cmd, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)


def pip(env: Path, *args: str) -> None:
    run([str(env / "bin" / "python"), "-m", "pip", "install", "-q",
         "--disable-pip-version-check", *args])


def make_base(env: Path) -> None:
    """A fresh venv with JupyterLab, pinned by constraints.txt."""
    run([sys.executable, "-m", "venv", str(env)])
    pip(env, "jupyterlab", "-c", str(ROOT / "constraints.txt"))


def add_binder(env: Path, config_dir: Path) -> None:
    """What Binder does after its base: binder/requirements.txt, then postBuild."""
    pip(env, "-r", str(ROOT / "binder" / "requirements.txt"))
    path = f"{env / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"
    run(["bash", str(ROOT / "binder" / "postBuild")],
        env=dict(os.environ, PATH=path, VIRTUAL_ENV=str(env),
                 JUPYTER_CONFIG_DIR=str(config_dir)))


def report(env: Path, base: Path) -> int:
    full, floor = disk_usage(env), disk_usage(base)
    extra = full - floor
    print(f"JupyterLab base:          {floor / MB:7.0f} MB  ({base})")
    print(f"Binder environment:       {full / MB:7.0f} MB  ({env})")
    print(f"above the base:           {extra / MB:7.0f} MB  (target <= {TARGET_MB} MB: "
          f"{'met' if extra <= TARGET_MB * MB else 'NOT met'})")
    before, after = entries(base), entries(env)
    grown = sorted(((size - before.get(name, 0), name) for name, size in after.items()),
                   reverse=True)
    print("largest additions (site-packages):")
    for size, name in grown[:12]:
        print(f"  {size / MB:7.1f} MB  {name}")
    return extra


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", type=Path, help="an existing Binder-like environment")
    parser.add_argument("--base", type=Path, help="an existing JupyterLab-only environment")
    parser.add_argument("--keep", action="store_true", help="keep the temporary environments")
    args = parser.parse_args()
    if (args.venv is None) != (args.base is None):
        parser.error("give both --venv and --base, or neither")
    if args.venv:
        report(args.venv, args.base)
        return
    tmp = Path(tempfile.mkdtemp(prefix="binder-size-"))
    try:
        base, env = tmp / "base", tmp / "binder"
        print("building the JupyterLab base ...", flush=True)
        make_base(base)
        print("building the Binder environment (base + binder/) ...", flush=True)
        make_base(env)
        add_binder(env, tmp / "jupyter-config")
        report(env, base)
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            subprocess.run(["rm", "-rf", str(tmp)], check=False)


if __name__ == "__main__":
    main()
