#!/usr/bin/env bash
# Installs the pinned client (package-lock.json) into js/node_modules, unless it is there already
# for this lock file. Without npm it says so and leaves the suite to report the missing install.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v npm >/dev/null 2>&1; then
  echo "rivetkit-compat: npm is not installed: skipping npm ci (RivetKitCompatIT will fail and say so)"
  exit 0
fi
stamp=node_modules/.package-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ -f $stamp && $(cat "$stamp") == "$want" ]]; then
  echo "rivetkit-compat: node_modules matches package-lock.json"
  exit 0
fi
echo "rivetkit-compat: npm ci (node $(node --version), npm $(npm --version))"
# --ignore-scripts: the client needs no native module; without it npm compiles better-sqlite3
# (a dependency of RivetKit's server side) from source, minutes on a small machine.
if ! npm ci --ignore-scripts --no-audit --no-fund --loglevel=silent; then
  # A registry without the other platforms' optional packages (the engine and napi builds for
  # macOS and Windows) leaves them out of the lock, and npm ci refuses it; npm install keeps the
  # locked versions of everything it has.
  echo "rivetkit-compat: npm ci refused the lock file; npm install with it instead"
  npm install --ignore-scripts --no-audit --no-fund --loglevel=error
fi
echo "$want" > "$stamp"
