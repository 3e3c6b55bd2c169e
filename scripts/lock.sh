#!/usr/bin/env bash
# Lock the Python dependencies with hashes (pip-tools), from pyproject.toml:
#   requirements.txt      runtime (what `pip install .` needs)
#   requirements-dev.txt  runtime + the test and notebook extras (what scripts/setup.sh installs)
# Both are resolved against the same pins, so a package has one version in both.
#
#   bash scripts/lock.sh            # keep the versions locked now, add what is new
#   bash scripts/lock.sh --upgrade  # move everything to the newest allowed versions
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
.venv/bin/python -m pip install --quiet "pip-tools==7.6.2"
pins="$(mktemp)"
trap 'rm -f "$pins"' EXIT
if [ "${1:-}" != "--upgrade" ] && [ -f requirements-dev.txt ]; then
    # the versions locked now, as plain constraints (no hashes, no extras)
    grep -E '^[A-Za-z0-9_.-]+(\[[^]]*\])?==' requirements-dev.txt | sed -E 's/\[[^]]*\]//; s/ .*//' > "$pins"
fi
common=(--quiet --generate-hashes --strip-extras --allow-unsafe --no-annotate --no-emit-index-url
        --no-emit-find-links --no-header -c "$pins")
.venv/bin/pip-compile "${common[@]}" --extra test --extra notebook -o requirements-dev.txt pyproject.toml
grep -E '^[A-Za-z0-9_.-]+==' requirements-dev.txt | sed -E 's/ .*//' > "$pins"
.venv/bin/pip-compile "${common[@]}" -o requirements.txt pyproject.toml
for f in requirements.txt requirements-dev.txt; do  # say where the file comes from
    { echo "# Locked with hashes by scripts/lock.sh (pip-compile) from pyproject.toml; do not edit by hand."; cat "$f"; } > "$f.new"
    mv "$f.new" "$f"
done
echo "locked: $(grep -cE '^[A-Za-z0-9_.-]+==' requirements.txt) runtime and $(grep -cE '^[A-Za-z0-9_.-]+==' requirements-dev.txt) development packages"
