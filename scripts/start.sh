#!/usr/bin/env bash
# Sets everything up on a fresh machine, builds the command line and the wasm module, and
# serves the paste page on http://127.0.0.1:${PORT:-8080}/ (Ctrl+C stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo build --release --bin newsmark
bash scripts/build-wasm.sh
echo
echo "command line: ./target/release/newsmark annotate ARTICLE.txt --format text"
echo "              ./target/release/newsmark annotate --jsonl < in.jsonl > out.jsonl"
exec node scripts/serve.mjs --port "${PORT:-8080}"
