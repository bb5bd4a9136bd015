#!/usr/bin/env bash
# Installs certcentral-orders into www/node_modules exactly as a portal developer gets it:
# build pkg/ if needed (make pkg), `npm pack` it, then `npm install` the tarball here.
# Usage: www/setup.sh [--no-build]   (--no-build: use pkg/ as it is, e.g. when make already built it)
set -euo pipefail
www="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$www")"

build=1
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    *) echo "usage: www/setup.sh [--no-build]" >&2; exit 2 ;;
  esac
done

if [ "$build" = 1 ]; then
  make -C "$root" --no-print-directory pkg >&2   # stdout stays for the portal's URL
elif [ ! -f "$root/pkg/package.json" ]; then
  echo "www/setup.sh: pkg/ is not built; run 'make pkg' first (or drop --no-build)" >&2
  exit 1
fi

# A fixed tarball name, so www/package.json can depend on "file:.pack/certcentral-orders.tgz".
mkdir -p "$www/.pack"
rm -f "$www/.pack/"*.tgz
tarball=$(npm pack "$root/pkg" --silent --pack-destination "$www/.pack" | tail -n 1)
mv "$www/.pack/$tarball" "$www/.pack/certcentral-orders.tgz"

# Remove the old copy first: npm skips a file: tarball whose version it already has installed.
rm -rf "$www/node_modules/certcentral-orders"
(cd "$www" && npm install --no-audit --no-fund --silent)
echo "www/setup.sh: installed $tarball into www/node_modules" >&2
