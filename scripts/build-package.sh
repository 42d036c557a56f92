#!/usr/bin/env bash
# Builds the npm package `newsmark` (packages/newsmark) and packs it.
#   packages/newsmark/dist/      what ships: src/ (the API, the element, the ProseMirror plugin,
#                                their .d.ts), lib/ (the www/lib modules they use, unchanged),
#                                pkg/ (the wasm and its glue from www/pkg), analysis.d.ts
#                                (wasm/newsmark.d.ts)
#   dist/newsmark-VERSION.tgz    the `npm pack` tarball; dist/pack.json its file list and sizes
# Needs www/pkg (scripts/build-wasm.sh) first. Prints the tarball's size and files.
set -euo pipefail
cd "$(dirname "$0")/.."
P=packages/newsmark
for f in newsmark_wasm.js newsmark_wasm_bg.wasm; do
  [ -f "www/pkg/$f" ] || { echo "build-package: www/pkg/$f is missing: run scripts/build-wasm.sh first" >&2; exit 1; }
done
rm -rf "$P/dist"
mkdir -p "$P/dist/lib" "$P/dist/pkg"
cp "$P"/src/*.js "$P"/src/*.d.ts "$P/dist/"
# The shared modules, as the page uses them (the worker loads ../pkg/, as in www/).
for m in worker client corrections offsets highlight segments summary selection annotation-key; do
  cp "www/lib/$m.js" "$P/dist/lib/"
done
cp www/pkg/newsmark_wasm.js www/pkg/newsmark_wasm_bg.wasm www/pkg/newsmark_wasm.d.ts "$P/dist/pkg/"
cp wasm/newsmark.d.ts "$P/dist/analysis.d.ts"
# Every relative import in what ships must be shipped too (a www/lib module that gains an
# import is caught here, not by a user).
missing=0
while IFS= read -r line; do
  file=${line%%:*}; spec=$(sed -E "s/.*['\"](\.\.?\/[^'\"]+)['\"].*/\1/" <<<"${line#*:}")
  target=$(realpath -m "$(dirname "$file")/$spec")
  if [[ $file == *.d.ts ]]; then target=${target%.js}.d.ts; fi  # types import './x.js' for x.d.ts
  if [ ! -f "$target" ]; then echo "build-package: $file imports $spec, which is not shipped" >&2; missing=1; fi
done < <(grep -HoE "(from|import\(|new URL\() *['\"]\.\.?/[^'\"]+['\"]" "$P"/dist/*.js "$P"/dist/lib/*.js "$P"/dist/*.d.ts)
[ "$missing" -eq 0 ] || exit 1
mkdir -p dist
rm -f dist/newsmark-*.tgz
(cd "$P" && npm pack --json --pack-destination ../../dist 2>/dev/null) > dist/pack.json
node -e '
const [p] = JSON.parse(require("fs").readFileSync("dist/pack.json", "utf8"));
console.error(`dist/${p.filename}: ${p.size} bytes packed, ${p.unpackedSize} unpacked, ${p.entryCount} files`);
for (const f of p.files) console.error(`  ${String(f.size).padStart(9)}  ${f.path}`);
'
