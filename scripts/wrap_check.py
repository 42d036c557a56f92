#!/usr/bin/env python3
"""Every gold set scored as pasted and hard-wrapped (issue 21): spaces turned into line breaks
at 60, 72 and 100 columns, offsets unchanged, so each figure can be compared with the unwrapped
one.

    python3 scripts/wrap_check.py                 # table of figures, all sets, all widths
    python3 scripts/wrap_check.py --max-drop 0.01 # exit 1 if a wrapped figure drops more
"""
import argparse, json, os, subprocess, sys

SETS = ["seed", "gum_full", "gum_ni", "uner", "wikigold"]
METRICS = [
    "names.overlap.all",
    "quotes.direct",
    "quotes.all",
    "quotes.direct.speaker_given_match",
    "quotes.all.with_speaker_end_to_end",
    "claims",
]
here = os.path.dirname(os.path.abspath(__file__))


def scores(gold, wrap):
    env = dict(os.environ)
    env.pop("NEWSMARK_WRAP", None)
    if wrap:
        env["NEWSMARK_WRAP"] = str(wrap)
    out = subprocess.run([os.path.join(here, "eval.sh"), gold, "--json"], capture_output=True, text=True, env=env)
    if out.returncode != 0:
        sys.exit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])["scores"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--widths", default="60,72,100")
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--max-drop", type=float, default=None)
    a = ap.parse_args()
    widths = [int(w) for w in a.widths.split(",")]
    worst = 0.0
    for gold in a.sets.split(","):
        base = scores(gold, None)
        rows = {w: scores(gold, w) for w in widths}
        print(f"{gold}")
        for m in METRICS:
            b = base.get(m, {}).get("f1")
            if b is None or base.get(m, {}).get("gold", 0) == 0 and m != "claims":
                continue
            cells = []
            for w in widths:
                f = rows[w].get(m, {}).get("f1", 0.0)
                worst = max(worst, b - f)
                cells.append(f"{w}: {f:.3f} ({f - b:+.3f})")
            print(f"  {m:38s} unwrapped {b:.3f}   " + "   ".join(cells))
    print(f"largest drop: {worst:.3f}")
    if a.max_drop is not None and worst > a.max_drop:
        sys.exit(1)


main()
