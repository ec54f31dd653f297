#!/usr/bin/env bash
# Set up (scripts/setup.sh) and build the book's website from scratch, executing
# every chapter. Fails on any warning. Usage: bash scripts/build.sh
# The build itself is `python scripts/book.py build` (see that file).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh

printf '\n==> Building the book (every chapter executed; any warning fails the build)\n'
.venv/bin/python scripts/book.py build

cat <<MSG

The book is built. Open it in a browser:
    $(pwd)/_build/html/index.html
or serve it (widgets and math work best over http):
    bash scripts/serve.sh        # then open http://127.0.0.1:8000/
MSG
