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

# 3. Chromium and ChromeDriver for the browser tests, Firefox ESR for the extension's Firefox
#    test (Debian packages).
apt_missing=()
command -v chromium >/dev/null 2>&1 || apt_missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || apt_missing+=(chromium-driver)
command -v firefox-esr >/dev/null 2>&1 || command -v firefox >/dev/null 2>&1 || apt_missing+=(firefox-esr)
if [ ${#apt_missing[@]} -gt 0 ]; then
  log "installing ${apt_missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${apt_missing[@]}" >/dev/null
fi

# 4. npm packages (playwright-core drives the system Chromium; binaryen gives wasm-opt;
#    esbuild, @mozilla/readability and web-ext build and lint the browser extension).
npm_missing=0
for p in playwright-core binaryen esbuild @mozilla/readability web-ext; do
  [ -d "node_modules/$p" ] || npm_missing=1
done
if [ "$npm_missing" = 1 ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
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

# 6. The browser extension (dist/), when the wasm it packs is already built and the extension
#    is not (scripts/test.sh rebuilds both in order: build-wasm, then build-extension).
if [ -f www/pkg/newsmark_wasm_bg.wasm ] && [ ! -f dist/chromium/manifest.json ]; then
  log "building the browser extension"
  bash scripts/build-extension.sh >&2
fi
# 7. A Python venv (.venv-py/, gitignored) with maturin, pytest and dask[distributed] from PyPI,
#    for the Python package (python/) and the Dask example (examples/dask/). Reinstalled only
#    when the requirements file changes.
if [ ! -x .venv-py/bin/python ]; then
  log "creating the Python venv .venv-py"
  python3 -m venv .venv-py
fi
if [ ! -f .venv-py/.requirements-dev.txt ] || ! cmp -s python/requirements-dev.txt .venv-py/.requirements-dev.txt; then
  log "installing python/requirements-dev.txt into .venv-py"
  .venv-py/bin/python -m pip install -q --disable-pip-version-check -r python/requirements-dev.txt
  cp python/requirements-dev.txt .venv-py/.requirements-dev.txt
fi
log "setup complete"
