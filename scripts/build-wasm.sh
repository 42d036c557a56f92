#!/usr/bin/env bash
# Builds the wasm module and its JS glue into www/pkg (what the page, the extension and the
# embed load). Cargo profile `wasm` (opt-level "s", LTO; Cargo.toml says why), then wasm-opt -Oz
# from the npm binaryen. `-ocimfs 100`: wasm-opt inlines a function with one caller only when
# it is small. By default it inlines every such function, whatever its size, which folded the
# whole pipeline into one giant function. V8 optimizes a wasm function only between calls (no
# on-stack replacement), so a 10 MB paste read in one call, or the first article after start,
# ran in the baseline tier throughout. It was 22% slower on a cold 2 MB text, and 12 KB bigger.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -p newsmark-wasm --target wasm32-unknown-unknown --profile wasm --quiet
rm -rf www/pkg
wasm-bindgen --target web --out-dir www/pkg --remove-name-section --remove-producers-section \
  "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/wasm/newsmark_wasm.wasm"
if [ -x node_modules/.bin/wasm-opt ]; then
  node_modules/.bin/wasm-opt -Oz -ocimfs 100 --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types \
    www/pkg/newsmark_wasm_bg.wasm -o www/pkg/newsmark_wasm_bg.wasm
fi
rm -f www/pkg/.gitignore www/pkg/package.json
# Mozilla's Readability for the page's HTML paste (the extension bundles its own copy), as an
# ES module beside the wasm: nothing is fetched at run time.
if [ -x node_modules/.bin/esbuild ] && [ -d node_modules/@mozilla/readability ]; then
  echo "export { Readability } from '@mozilla/readability';" |
    node_modules/.bin/esbuild --bundle --format=esm --minify --log-level=warning \
      --outfile=www/pkg/readability.js
fi
ls -l www/pkg >&2
