#!/usr/bin/env bash
# Set up (scripts/setup.sh) and build the student edition: the book without its
# solutions (pages, _sources, .ipynb downloads) in _build/student/_build/html, and
# solution-free notebooks without outputs in _build/student/notebooks.
# Usage: bash scripts/student.sh [--out DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh

printf '\n==> Building the student edition (every chapter executed; any warning fails)\n'
.venv/bin/python scripts/student_edition.py "$@"
