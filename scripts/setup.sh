#!/usr/bin/env bash
# Installs everything newsmark needs to build, serve and test, idempotently: each step is
# skipped when what it installs is already present. Safe to run again and again.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*" >&2; }

# 1. The wasm target for the core and the wasm crate.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen CLI at exactly the version pinned in Cargo.lock (toolchain.md: no --locked).
want=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ -n "$want" ] && [ "$have" != "$want" ]; then
  log "installing wasm-bindgen-cli $want (have: ${have:-none})"
  cargo install wasm-bindgen-cli --version "$want" --force
fi

# 3. Chromium and ChromeDriver for the browser tests (Debian packages).
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  log "installing chromium and chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# 4. npm packages (playwright-core drives the system Chromium; binaryen gives wasm-opt).
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/binaryen ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
# 5. The npm package's tools (tsc, vite, webpack) and the CMS editor example's packages.
for d in packages/newsmark examples/cms-editor; do
  if [ ! -d "$d/node_modules" ] || [ "$d/package-lock.json" -nt "$d/node_modules/.package-lock.json" ]; then
    log "installing npm packages in $d"
    npm ci --prefix "$d" --no-audit --no-fund --loglevel=error
  fi
done
log "setup complete"
