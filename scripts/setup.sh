#!/usr/bin/env bash
# Installs what a build or test step needs and is missing. Usage: scripts/setup.sh rust node chromium
# Idempotent and quiet when everything is there; run by the Makefile before each target.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '[setup] %s\n' "$*" >&2; }

rust() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  # make pkg rebuilds std for the wasm (see the Makefile): it needs std's sources.
  if ! rustup component list --installed 2>/dev/null | grep -q '^rust-src'; then
    say "adding the rust-src component"
    rustup component add rust-src
  fi
  # The CLI must be exactly the wasm-bindgen version in Cargo.lock (pinned with "=" in Cargo.toml).
  local want have
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" != "$want" ] || ! command -v wasm-bindgen-test-runner >/dev/null; then
    say "installing wasm-bindgen-cli $want (about 2-3 minutes; --locked does not resolve on this registry)"
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

node_deps() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    say "Node.js >= 18 and npm are required: install them (e.g. apt-get install nodejs npm)"; exit 1
  fi
  if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing the development npm packages (npm ci)"
    npm ci --no-audit --no-fund
  fi
}

chromium() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then return; fi
  if [ "$(id -u)" = 0 ]; then
    say "installing Debian's chromium and chromium-driver"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
  else
    say "headless browser tests need Debian's Chromium: sudo apt-get install chromium chromium-driver"; exit 1
  fi
}

for step in "$@"; do
  case "$step" in
    rust) rust ;;
    node) node_deps ;;
    chromium) chromium ;;
    *) say "unknown step $step"; exit 2 ;;
  esac
done
