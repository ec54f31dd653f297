#!/usr/bin/env bash
# Set up (scripts/setup.sh) and build the student edition: the book without its
# solutions (pages, _sources, .ipynb downloads) in _build/student/_build/html, and
# solution-free notebooks without outputs in _build/student/notebooks.
# It reuses the executed outputs of the last `scripts/build.sh` while helpers/, the
# data and the pinned requirements are unchanged; otherwise every chapter executes.
# Usage: bash scripts/student.sh [--out DIR] [--fresh]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh

printf '\n==> Building the student edition (any warning fails)\n'
.venv/bin/python scripts/book.py student "$@"
