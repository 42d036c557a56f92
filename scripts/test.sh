#!/usr/bin/env bash
# Runs every test layer and ends with one line: `N passed, N failed`.
#   lint (fmt, clippy native + wasm32, the pure-core boundary) · native unit, integration,
#   property and doc tests · wasm-bindgen tests in Node and headless Chromium · the built
#   module in Node · end-to-end page tests in Chromium · the browser extension (built for
#   Chromium and Firefox, its tests in headless Chromium, web-ext lint) · the Python wheel and
#   its pytest tests, with the Dask example's · accuracy gates with the scorer ·
#   no dev-set text in tests/ or src/ ·
#   the shipped-size budget.
# Every layer runs even when an earlier one fails; the exit code is 1 if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
# Install what is missing first (idempotent: quick when everything is there), so that this one
# command works on a fresh machine.
if ! bash scripts/setup.sh; then
  echo "setup failed: see above"
  echo "0 passed, 1 failed"
  exit 1
fi
passed=0; failed=0; failures=()
log=$(mktemp -d)

check() { # check NAME CMD...: one pass/fail for a command
  local name=$1; shift
  if "$@" >"$log/$name.out" 2>&1; then passed=$((passed + 1)); echo "ok    $name"
  else failed=$((failed + 1)); failures+=("$name"); echo "FAIL  $name"; tail -n 40 "$log/$name.out"; fi
}

count_cargo() { # count_cargo NAME CMD...: sums cargo's `test result:` lines
  local name=$1; shift
  "$@" >"$log/$name.out" 2>&1; local rc=$?
  local p f
  p=$(awk '/^test result:/ { for (i = 1; i < NF; i++) if ($(i+1) ~ /^passed/) s += $i } END { print s + 0 }' "$log/$name.out")
  f=$(awk '/^test result:/ { for (i = 1; i < NF; i++) if ($(i+1) ~ /^failed/) s += $i } END { print s + 0 }' "$log/$name.out")
  p=${p:-0}; f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi  # a build failure counts as a failure
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$f" -gt 0 ]; then failures+=("$name"); echo "FAIL  $name ($p passed, $f failed)"; grep -E -A 30 '^failures:|panicked|^error' "$log/$name.out" | head -n 80
  else echo "ok    $name ($p passed)"; fi
}

count_node() { # count_node NAME DIR: node's test runner summary
  local name=$1 dir=$2
  node --test --test-reporter=tap "$dir" >"$log/$name.out" 2>&1; local rc=$?
  local p f
  p=$(grep -E '^# pass ' "$log/$name.out" | awk '{print $3}'); f=$(grep -E '^# fail ' "$log/$name.out" | awk '{print $3}')
  p=${p:-0}; f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$f" -gt 0 ]; then failures+=("$name"); echo "FAIL  $name ($p passed, $f failed)"; grep -E -B 2 -A 25 '^not ok|^\s+not ok' "$log/$name.out" | head -n 120
  else echo "ok    $name ($p passed)"; fi
}

count_pytest() { # count_pytest NAME CMD...: pytest's `N passed, N failed, N errors` summary
  local name=$1; shift
  "$@" >"$log/$name.out" 2>&1; local rc=$?
  local summary p f e
  summary=$(grep -E '[0-9]+ (passed|failed|errors?|skipped)' "$log/$name.out" | tail -n 1)
  p=$(grep -oE '[0-9]+ passed' <<<"$summary" | awk '{print $1}')
  f=$(grep -oE '[0-9]+ failed' <<<"$summary" | awk '{print $1}')
  e=$(grep -oE '[0-9]+ errors?' <<<"$summary" | awk '{print $1}')
  p=${p:-0}; f=$(( ${f:-0} + ${e:-0} ))
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi  # no tests collected, or pytest failed to start
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$f" -gt 0 ]; then failures+=("$name"); echo "FAIL  $name ($p passed, $f failed)"; tail -n 60 "$log/$name.out"
  else echo "ok    $name ($p passed)"; fi
}

check fmt cargo fmt --all --check
check clippy-native cargo clippy --workspace --all-targets --quiet -- -D warnings
check clippy-wasm32 cargo clippy -p newsmark -p newsmark-wasm --target wasm32-unknown-unknown --quiet -- -D warnings
check core-is-pure bash -c '! cargo tree -p newsmark -e normal | grep -E "wasm-bindgen|js-sys|web-sys|pyo3"'
check core-builds-for-wasm32 cargo build -p newsmark --target wasm32-unknown-unknown --quiet

count_cargo native cargo test --workspace

# The Python wheel (python/), built by maturin in the workspace's target dir (it shares the
# compiled dependencies) and installed into .venv-py/; then its tests (the API, offsets, hostile
# input, the same JSON as the CLI built by the native layer) and the Dask example's test.
target=${CARGO_TARGET_DIR:-target}
check build-wheel bash -c "rm -rf '$target/wheels' && .venv-py/bin/maturin build --release -m python/Cargo.toml --out '$target/wheels' && .venv-py/bin/python -m pip install -q --disable-pip-version-check --force-reinstall --no-deps '$target'/wheels/newsmark-*.whl"
NEWSMARK_CLI="$target/debug/newsmark" count_pytest python .venv-py/bin/python -m pytest -q -p no:cacheprovider python/tests examples/dask

export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
count_cargo wasm-node cargo test -p newsmark-wasm --target wasm32-unknown-unknown --test node
count_cargo wasm-chromium cargo test -p newsmark-wasm --target wasm32-unknown-unknown --test browser

check build-wasm scripts/build-wasm.sh
count_node package tests/package/  # the npm package: pack, Node, tsc, vite/webpack/element/editor in Chromium
# The extension is built from www/pkg, so after build-wasm.
check build-extension bash scripts/build-extension.sh
count_node js-module tests/js/
count_node e2e-chromium tests/e2e/
count_node extension tests/extension/
check web-ext-lint bash scripts/lint-extension.sh
check page-under-1mb-gzip node scripts/size.mjs --max-gzip 1048576

# Accuracy gates: the figures the issues require, measured with ../shared/eval/score.py.
check accuracy-gates python3 scripts/gates.py
# Issue 21: every gold set hard-wrapped at 60, 72 and 100 columns scores within 0.01 of itself.
check wrapped-text python3 scripts/wrap_check.py --max-drop 0.01
# The gates' dev sets stay unseen: no 40-character string of ../shared/data/dev in tests/ or
# src/ (the self-test first proves the check still finds a planted copy).
check no-dev-text bash -c 'python3 scripts/no_dev_text.py --self-test && python3 scripts/no_dev_text.py'

echo
[ ${#failures[@]} -gt 0 ] && echo "failed layers: ${failures[*]}"
rm -rf "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
