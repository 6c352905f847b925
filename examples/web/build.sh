#!/usr/bin/env bash
# Builds the examples' browser demo, the chat room as a React page (chat-room/main.tsx):
#   1. installs the pinned npm packages (package-lock.json) into node_modules, once per lock file;
#   2. writes the registry's TypeScript declaration from the Java actor classes
#      (rivulet types --out chat-room/registry.d.ts);
#   3. type-checks the page against it with the pinned tsc: a page that no longer fits the Java
#      actors fails the build;
#   4. bundles it with the pinned esbuild into <out-dir>/chat-room.js.
# Maven runs it in the examples' prepare-package phase (skip with -Drivulet.web.skip=true):
#   build.sh <java> <class path of the examples> <out-dir>
# Without npm, or when the packages cannot be installed (no registry), it says so and builds
# nothing; the page then tells how to build it.
set -euo pipefail
cd "$(dirname "$0")"
java=$1
classpath=$2
out=$3

if ! command -v npm >/dev/null 2>&1; then
  echo "examples/web: npm is not installed: the chat room demo is not bundled (install Node.js and npm, then build again)" >&2
  exit 0
fi
stamp=node_modules/.package-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
  echo "examples/web: npm ci (node $(node --version), npm $(npm --version))" >&2
  # --ignore-scripts: nothing here needs an install script (esbuild's binary is its own package).
  # A registry without the other platforms' optional packages leaves them out of the lock, and
  # npm ci refuses it; npm install keeps the locked versions of everything it has.
  if ! npm ci --ignore-scripts --no-audit --no-fund --loglevel=silent >&2 &&
    ! npm install --ignore-scripts --no-audit --no-fund --loglevel=error >&2; then
    echo "examples/web: the npm packages could not be installed (no npm registry?): the chat room demo is not bundled" >&2
    exit 0
  fi
  echo "$want" > "$stamp"
fi

"$java" -cp "$classpath" dev.rivulet.server.RivuletMain types --out chat-room/registry.d.ts >/dev/null
node_modules/.bin/tsc -p tsconfig.json >&2
mkdir -p "$out"
node_modules/.bin/esbuild chat-room/main.tsx --bundle --minify --format=iife \
  --platform=browser --target=es2022 --define:process.env.NODE_ENV='"production"' \
  --outfile="$out/chat-room.js" --log-level=warning
echo "examples/web: bundled the chat room demo into $out/chat-room.js ($(du -k "$out/chat-room.js" | cut -f1) KiB)" >&2
