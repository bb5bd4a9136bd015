#!/usr/bin/env bash
# JavaScript tests against the package as a user gets it: `npm pack` pkg/, install the tarball
# into a scratch app, then run node:test suites that import it from there.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
scratch="$root/tests/.scratch"
app="$scratch/app"

rm -rf "$scratch"
mkdir -p "$app"
tarball=$(cd "$scratch" && npm pack "$root/pkg" --silent | tail -n 1)
cat > "$app/package.json" <<JSON
{ "name": "scratch-app", "private": true, "type": "module" }
JSON
(cd "$app" && npm install --no-audit --no-fund --silent "$scratch/$tarball")
echo "installed $tarball into $app"

export CC_SCRATCH_APP="$app"
node --test --test-reporter=spec tests/js/ tests/sandbox/
