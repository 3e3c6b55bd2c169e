#!/usr/bin/env bash
# The main job on the bundled sample articles: set up, ingest into SQLite,
# print the summary, and write the HTML report.
#
#   bash scripts/demo.sh     # → factionmap.db, report/factionmap-report.html
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
fm=.venv/bin/factionmap
$fm ingest samples/articles.jsonl samples/feeds samples/pages --db factionmap.db
$fm contradictions --db factionmap.db
$fm report --db factionmap.db --out report
