#!/usr/bin/env bash
# Build the web app's front-end: install the pinned npm packages (web/package-lock.json)
# and copy the files the page needs into src/factionmap/web/static/vendor/.
# Idempotent: re-running replaces the copied files. No bundler involved.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
    echo "error: npm and node are needed to build the web assets (apt-get install -y nodejs npm)" >&2
    exit 1
fi

cd "$root/web"
npm ci --no-audit --no-fund --ignore-scripts
node copy-vendor.js
