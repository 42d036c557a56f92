#!/usr/bin/env bash
# Scores newsmark on a gold set with ../shared/eval/score.py.
#   scripts/eval.sh seed|gum_full|gum_tune|gum_test|gum_ni|uner|wikigold|checkthat|FILE.jsonl [--show-errors N] [--json]
#   NEWSMARK_WRAP=72 scripts/eval.sh SET   the same texts hard-wrapped at 72 columns (offsets kept)
#   NEWSMARK_BIN=/tmp/newsmark scripts/eval.sh SET   score that build instead of building this tree
# Builds the release CLI, feeds it the gold texts as JSON lines, scores the predictions.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${NEWSMARK_SHARED:-../shared}
set_name=${1:?usage: scripts/eval.sh SET [score.py options]}; shift
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
case "$set_name" in
  seed) python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))))' "$shared/fixtures/seed/gold.json" > "$tmp/gold.jsonl" ;;
  gum_full) cp "$shared/data/dev/gum_news_full.jsonl" "$tmp/gold.jsonl" ;;
  # gum_full split by document (scripts/split_gum.py): tune on gum_tune; gum_test is test-only,
  # scored but never inspected, so --show-errors is refused there.
  gum_tune) python3 scripts/split_gum.py tune "$shared/data/dev/gum_news_full.jsonl" > "$tmp/gold.jsonl" ;;
  gum_test)
    for a in "$@"; do
      case "$a" in --show-errors*) echo "gum_test is test-only: no --show-errors" >&2; exit 2 ;; esac
    done
    python3 scripts/split_gum.py test "$shared/data/dev/gum_news_full.jsonl" > "$tmp/gold.jsonl" ;;
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
# NEWSMARK_BIN=PATH scores another build (an older commit's, to compare) without building.
bin=${NEWSMARK_BIN:-}
if [ -z "$bin" ]; then
  cargo build --release --quiet --bin newsmark
  bin="${CARGO_TARGET_DIR:-target}/release/newsmark"
fi
python3 -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        d = json.loads(line); print(json.dumps({"id": d["id"], "text": d["text"]}))
' "$tmp/gold.jsonl" > "$tmp/in.jsonl"
if [ -n "${NEWSMARK_WRAP:-}" ]; then
  # Hard-wrap every paragraph at NEWSMARK_WRAP columns by turning spaces into line breaks, as a
  # PDF, an e-mail or a wire feed does; the length of the text, so every gold offset, is kept.
  python3 - "$NEWSMARK_WRAP" "$tmp/in.jsonl" > "$tmp/wrapped.jsonl" <<'PY'
import json, sys
width = int(sys.argv[1])
def wrap(text):
    out = list(text)
    col = 0
    last_space = -1
    for i, c in enumerate(text):
        if c == "\n":
            col, last_space = 0, -1
            continue
        col += 1
        if c == " ":
            last_space = i
        if col > width and last_space >= 0:
            out[last_space] = "\n"
            col = i - last_space
            last_space = -1
    return "".join(out)
for line in open(sys.argv[2], encoding="utf-8"):
    d = json.loads(line)
    d["text"] = wrap(d["text"])
    print(json.dumps(d))
PY
  mv "$tmp/wrapped.jsonl" "$tmp/in.jsonl"
fi
"$bin" annotate --jsonl < "$tmp/in.jsonl" > "$tmp/pred.jsonl"
python3 "$shared/eval/score.py" "$tmp/gold.jsonl" "$tmp/pred.jsonl" "$@"
