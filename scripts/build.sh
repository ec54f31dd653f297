#!/usr/bin/env bash
# Set up (scripts/setup.sh) and build the book's website from scratch, executing
# every chapter. Fails on any warning. Usage: bash scripts/build.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh

printf '\n==> Building the book (every chapter executed; any warning fails the build)\n'
# A clean build: Sphinx only reports the warnings of the pages it re-reads.
rm -rf _build/html _build/.doctrees _build/jupyter_execute
.venv/bin/jupyter-book build -W -n --keep-going .

cat <<MSG

The book is built. Open it in a browser:
    $(pwd)/_build/html/index.html
or serve it (widgets and math work best over http):
    bash scripts/serve.sh        # then open http://127.0.0.1:8000/
MSG
