#!/usr/bin/env python3
"""Precision of the top 3 claims per article, ranked by the model's score (issue 15): what a
fact-checker who reads only the first three claims of the panel gets.

    python3 scripts/claims_top3.py                  # gum_news_full (builds the release CLI)
    python3 scripts/claims_top3.py --gold FILE.jsonl [--k 3] [--show]

Runs the CLI over the gold texts (`newsmark annotate --jsonl`), takes each article's claims in
the order the panel lists them (highest `score` first, text order on ties), and walks down the
list. A claim is a hit when it covers at least half of a required gold claim (the match
`../shared/eval/score.py` uses); one that matches only an optional (borderline) gold claim or
sits in an `ignore` region is skipped, neither hit nor miss, as score.py forgives it, and the
next one takes its place. Each gold claim is hit at most once. Precision = hits / claims taken,
over all articles (an article with fewer than k claims gives fewer). `lenient` also counts the
optional gold claims as hits.
"""
import argparse, json, os, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)


def overlap(a, b):
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def covers(g, p):
    o = overlap((g["start"], g["end"]), (p["start"], p["end"]))
    return o > 0 and o * 2 >= g["end"] - g["start"]


def top_k(gold, pred, k, lenient):
    ignore = [(r["start"], r["end"]) for r in gold.get("ignore", [])]
    claims = [a for a in pred.get("annotations", []) if a["kind"] == "claim"]
    claims = [a for a in claims if not any(overlap((a["start"], a["end"]), r) > 0 for r in ignore)]
    claims.sort(key=lambda a: (-a.get("score", 0.0), a["start"]))
    golds = [g for g in gold.get("claims", []) if not any(overlap((g["start"], g["end"]), r) > 0 for r in ignore)]
    used, taken = set(), []
    for a in claims:
        if len(taken) == k:
            break
        hit = next((i for i, g in enumerate(golds) if i not in used and covers(g, a)
                    and (lenient or not g.get("optional"))), None)
        if hit is None and not lenient and any(g.get("optional") and covers(g, a) for g in golds):
            continue  # forgiven: a borderline claim
        if hit is not None:
            used.add(hit)
        taken.append((a, hit is not None))
    return taken


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", default=os.path.join(root, "..", "shared", "data", "dev", "gum_news_full.jsonl"))
    ap.add_argument("--k", type=int, default=3)
    ap.add_argument("--show", action="store_true", help="print each article's top claims")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    a = ap.parse_args()
    golds = [json.loads(l) for l in open(a.gold, encoding="utf-8") if l.strip()]
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "newsmark"], cwd=root, check=True)
    binary = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target")), "release", "newsmark")
    with tempfile.TemporaryDirectory() as tmp:
        inp = os.path.join(tmp, "in.jsonl")
        with open(inp, "w", encoding="utf-8") as f:
            for g in golds:
                f.write(json.dumps({"id": g["id"], "text": g["text"]}) + "\n")
        with open(inp, encoding="utf-8") as f:
            out = subprocess.run([binary, "annotate", "--jsonl"], stdin=f, capture_output=True, text=True, check=True)
    preds = {}
    for l in out.stdout.splitlines():
        if l.strip():
            p = json.loads(l)
            preds[p["id"]] = p
    result = {}
    for lenient in (False, True):
        hits = taken = 0
        for g in golds:
            t = top_k(g, preds.get(g["id"], {}), a.k, lenient)
            hits += sum(h for _, h in t)
            taken += len(t)
            if a.show and not lenient:
                print(g["id"])
                for c, h in t:
                    print(f"  {'HIT ' if h else 'miss'} {c.get('score', 0):.3f} {c['text'][:100]!r}")
        result["lenient" if lenient else "strict"] = {"precision": hits / max(taken, 1), "hits": hits, "taken": taken}
    result["articles"] = len(golds)
    if a.json:
        print(json.dumps(result))
    else:
        s, l = result["strict"], result["lenient"]
        print(f"top-{a.k} claim precision over {len(golds)} articles: {s['precision']:.3f} "
              f"({s['hits']}/{s['taken']}; optional gold skipped); lenient {l['precision']:.3f} "
              f"({l['hits']}/{l['taken']}; optional gold counts as a hit)")


if __name__ == "__main__":
    sys.exit(main())
