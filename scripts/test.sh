#!/usr/bin/env bash
# Install everything (Python, model, web assets, Chromium, PostgreSQL) and run the test suite.
#
#   bash scripts/test.sh [pytest args...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
bash scripts/setup-browser.sh >&2
bash scripts/setup-postgres.sh >&2
# shellcheck disable=SC1091
source "${FACTIONMAP_PG_DIR:-/tmp/factionmap-pg}/env.sh"
export FACTIONMAP_TEST_PG_URL
.venv/bin/python -m pytest "$@"
