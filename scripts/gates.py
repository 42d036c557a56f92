#!/usr/bin/env python3
"""Accuracy gates: the scorer's figures that the closed issues promise, checked on every CI run.

    python3 scripts/gates.py            # exits 1 if any gate is missed

Each gate is (gold set, metric, minimum F1), scored by ../shared/eval/score.py through
scripts/eval.sh. Raise a gate when an issue raises the bar; never lower one to pass.
"""
import json, subprocess, sys, os

GATES = [
    # issue 2: the seed article end to end
    ("seed", "names.overlap.all", 0.80),
    ("seed", "quotes.direct", 0.80),
    ("seed", "quotes.direct.with_speaker_end_to_end", 0.60),
    ("seed", "claims", 0.60),
    # issue 3: who said what
    ("gum_full", "quotes.direct", 0.90),
    ("gum_full", "quotes.direct.speaker_given_match", 0.90),
    ("gum_full", "quotes.direct.with_speaker_end_to_end", 0.80),
    ("gum_full", "quotes.all", 0.70),
    ("gum_full", "quotes.all.with_speaker_end_to_end", 0.60),
    ("seed", "quotes.direct", 0.90),
    ("seed", "quotes.all.with_speaker_end_to_end", 0.65),
    # issue 4: claims a fact-checker would pick (CheckThat! dev: each sentence a document)
    ("checkthat", "claims", 0.88),
    ("gum_full", "claims", 0.80),
    ("seed", "claims", 0.70),
    # issue 6: names that beat spaCy (names overlap F1)
    ("seed", "names.overlap.all", 0.90),
    ("gum_ni", "names.overlap.all", 0.80),
    ("uner", "names.overlap.all", 0.78),
    ("wikigold", "names.overlap.all", 0.78),
    # issue 14: who said it
    ("gum_full", "quotes.direct.speaker_given_match", 0.95),
    ("gum_full", "quotes.all.with_speaker_end_to_end", 0.80),
]

here = os.path.dirname(os.path.abspath(__file__))
results = {}
bad = 0
for gold, metric, minimum in GATES:
    if gold not in results:
        out = subprocess.run([os.path.join(here, "eval.sh"), gold, "--json"], capture_output=True, text=True)
        if out.returncode != 0:
            print(out.stderr, file=sys.stderr)
            sys.exit(2)
        results[gold] = json.loads(out.stdout.strip().splitlines()[-1])["scores"]
    f1 = results[gold].get(metric, {}).get("f1", 0.0)
    ok = f1 >= minimum
    bad += not ok
    print(f"{'ok  ' if ok else 'MISS'}  {gold:10s} {metric:42s} F1 {f1:.3f}  (gate {minimum:.2f})")
sys.exit(1 if bad else 0)
