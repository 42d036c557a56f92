#!/usr/bin/env bash
# Mozilla's linter (web-ext lint, the checks addons.mozilla.org runs) on the Firefox build.
# Fails on any error; prints the counts and each warning. Run scripts/build-extension.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f dist/firefox/manifest.json ]; then
  echo "dist/firefox is missing: run scripts/build-extension.sh first" >&2
  exit 1
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
rc=0
NO_UPDATE_NOTIFIER=1 node_modules/.bin/web-ext lint --source-dir dist/firefox --no-input --output json >"$out" 2>/dev/null || rc=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const c = r.count ?? 0, s = r.summary ?? {};
  console.log(`web-ext lint dist/firefox: ${s.errors ?? 0} errors, ${s.warnings ?? 0} warnings, ${s.notices ?? 0} notices`);
  for (const kind of ["errors", "warnings", "notices"]) for (const m of r[kind] ?? []) console.log(`  ${kind.slice(0, -1)} ${m.code} ${m.file ?? ""}${m.line ? ":" + m.line : ""} ${m.message}`);
  process.exit((s.errors ?? 0) > 0 ? 1 : 0);
' "$out" || rc=1
exit "$rc"
