#!/usr/bin/env bash
# Scores newsmark on a gold set with ../shared/eval/score.py.
#   scripts/eval.sh seed|gum_full|gum_ni|uner|wikigold|checkthat|FILE.jsonl [--show-errors N] [--json]
# Builds the release CLI, feeds it the gold texts as JSON lines, scores the predictions.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${NEWSMARK_SHARED:-../shared}
set_name=${1:?usage: scripts/eval.sh SET [score.py options]}; shift
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
case "$set_name" in
  seed) python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))))' "$shared/fixtures/seed/gold.json" > "$tmp/gold.jsonl" ;;
  gum_full) cp "$shared/data/dev/gum_news_full.jsonl" "$tmp/gold.jsonl" ;;
  gum_ni) cat "$shared/data/dev/gum_news_interview_dev.jsonl" "$shared/data/dev/gum_news_interview_test.jsonl" > "$tmp/gold.jsonl" ;;
  uner) cp "$shared/data/dev/uner_ewt_dev.jsonl" "$tmp/gold.jsonl" ;;
  wikigold) cp "$shared/data/dev/wikigold_dev20.jsonl" "$tmp/gold.jsonl" ;;
  checkthat)
    # Each dev sentence is a document; a check-worthy one holds one claim: the whole sentence.
    python3 - "$shared/data/claims/checkthat2024_en_dev.jsonl" > "$tmp/gold.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    claims = [{"start": 0, "end": len(d["text"]), "text": d["text"]}] if d["label"] == 1 else []
    print(json.dumps({"id": str(d["id"]), "text": d["text"], "claims": claims}))
PY
    ;;
  *) cp "$set_name" "$tmp/gold.jsonl" ;;
esac
cargo build --release --quiet --bin newsmark
python3 -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        d = json.loads(line); print(json.dumps({"id": d["id"], "text": d["text"]}))
' "$tmp/gold.jsonl" > "$tmp/in.jsonl"
./target/release/newsmark annotate --jsonl < "$tmp/in.jsonl" > "$tmp/pred.jsonl"
python3 "$shared/eval/score.py" "$tmp/gold.jsonl" "$tmp/pred.jsonl" "$@"
