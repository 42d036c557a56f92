#!/usr/bin/env bash
# Builds the browser extension for Chromium and Firefox (see scripts/build-extension.mjs):
# dist/chromium/, dist/firefox/, dist/newsmark-chromium.zip, dist/newsmark-firefox.zip.
# Needs www/pkg (scripts/build-wasm.sh) and the npm packages (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/build-extension.mjs
