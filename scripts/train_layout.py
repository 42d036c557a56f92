#!/usr/bin/env python3
"""Fits the layout stage's block classifier (src/layout/model.rs) on invented web pages made of
shippable text (scripts/synth_pages.py) and writes data/layout.model.

    python3 scripts/synth_pages.py && python3 scripts/train_layout.py

Each block of an invented page (the layout stage's own blocks, with the features the core
computes: `cargo xtask layout-features`) is labelled by the line it starts with: article,
furniture, or neither (a headline, a byline, a caption: left out). Two logistic models are
fitted by Adagrad on the log loss with an L2 penalty, each block weighted by the log of its
length: stage one on a block's own features, stage two on those and stage one's reading of the
blocks around it (jackknifed). Deterministic.

The real pages of ../shared/data/pages are not fitted on (their licence forbids it: dev only).
The script measures the model on their train split, labelling their blocks with
../shared/eval/furniture.py's alignment of the gold bodies; the test split is never read.
Python 3 standard library only.
"""
import argparse
import json
import math
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def load_furniture(shared):
    sys.path.insert(0, os.path.join(shared, "eval"))
    import furniture  # noqa: E402  (the scorer's own alignment)
    return furniture


def xtask(files, model=None):
    """The layout blocks of each file, with their features, from `cargo xtask layout-features`
    (with `model`, the furniture decisions of that model file)."""
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "xtask"], cwd=ROOT, check=True)
    cmd = [os.path.join(ROOT, "target", "release", "xtask"), "layout-features"]
    if model:
        cmd += ["--model", model]
    out = subprocess.run(cmd + files, capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines()]


def page_rows(shared, names, furniture):
    """[(name, site, [(x, label, chars)])] for the pages named: every block in order, label 1
    (article), 0 (furniture) or None (headline, caption), chars its non-space characters."""
    pages = os.path.join(shared, "data", "pages")
    with open(os.path.join(pages, "INDEX.json"), encoding="utf-8") as f:
        index = {e["name"]: e for e in json.load(f)["pages"]}
    files = [os.path.join(pages, n + ".page.txt") for n in names]
    rows = []
    for name, doc in zip(names, xtask(files)):
        entry = index[name]
        with open(os.path.join(pages, name + ".page.txt"), encoding="utf-8", newline="") as f:
            page = f.read()
        with open(os.path.join(pages, name + ".gold.txt"), encoding="utf-8", newline="") as f:
            gold = f.read()
        zone, _ = furniture.zones_for(page, gold, entry)
        blocks = []
        for b in doc["blocks"]:
            counts = [0, 0, 0, 0]
            for c in range(b["start"], b["end"]):
                if not page[c].isspace():
                    counts[zone[c]] += 1
            n = sum(counts)
            label = None
            if n and counts[0] * 2 >= n:
                label = 1
            elif n and counts[3] * 2 > n:
                label = 0
            blocks.append((b["x"], label, n))
        rows.append((name, entry.get("site", name), blocks))
    return rows


def synth_rows(folder):
    """[(name, name, [(x, label, chars)])] of the invented pages of scripts/synth_pages.py:
    each block labelled by the line it starts with."""
    with open(os.path.join(folder, "labels.jsonl"), encoding="utf-8") as f:
        labels = [json.loads(l) for l in f]
    files = [os.path.join(folder, d["name"] + ".page.txt") for d in labels]
    rows = []
    for d, doc in zip(labels, xtask(files)):
        starts, pos = {}, 0
        for label, text in d["lines"]:
            starts[pos] = label
            pos += len(text) + 1
        blocks = [(b["x"], starts.get(b["start"]), b["end"] - b["start"]) for b in doc["blocks"]]
        rows.append((d["name"], d["name"], blocks))
    return rows


def logistic(z):
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def fit(samples, n_features, epochs=30, rate=0.2, l2=1e-4, seed=7):
    """Logistic weights for samples [(x, y, weight)], by Adagrad on the weighted log loss."""
    w = [0.0] * n_features
    g2 = [1e-8] * n_features
    order = list(range(len(samples)))
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            x, y, sw = samples[i]
            d = (logistic(sum(a * b for a, b in zip(w, x))) - y) * sw
            for j, xj in enumerate(x):
                g = d * xj + l2 * w[j]
                if g:
                    g2[j] += g * g
                    w[j] -= rate * g / math.sqrt(g2[j])
    return w


# Mirrors of src/layout/model.rs: LOGIT_SCALE, P_FLOOR and context(); the trainer checks its
# predictions against the core's on the pages it fitted.
LOGIT_SCALE = 5.0
P_FLOOR = 1e-6


def context(p):
    n = len(p)
    z = []
    for q in p:
        q = min(max(q, P_FLOOR), 1 - P_FLOOR)
        z.append(math.log(q / (1 - q)) / LOGIT_SCALE)
    at = lambda k: z[k] if 0 <= k < n else 0.0

    def mean(a, b):
        a, b = max(a, 0), min(b, n)
        return sum(z[a:b]) / (b - a) if b > a else 0.0
    return [[z[k], at(k - 1), at(k + 1), at(k - 2), at(k + 2), mean(k - 3, k + 4),
             mean(k - 10, k + 11), mean(0, k), mean(k + 1, n)] for k in range(n)]


def labelled(rows, xs):
    """Training samples of rows: (features, label, log length) of each labelled block; xs(r)
    gives the features of row r's blocks."""
    return [(x, b[1], math.log(1 + b[2])) for r in rows for x, b in zip(xs(r), r[2])
            if b[1] is not None]


def stage1_p(w1, r):
    return [logistic(sum(a * b for a, b in zip(w1, blk[0]))) for blk in r[2]]


def fit_model(rows, n1, epochs, l2, jack=4):
    """Stage one on the blocks' own features; stage two on those and stage one's context,
    read from jackknifed stage-one models (each page's from a model that did not see it)."""
    w1 = fit(labelled(rows, lambda r: [b[0] for b in r[2]]), n1, epochs, l2=l2)
    held = {}
    for j in range(jack):
        wj = fit(labelled([r for t, r in enumerate(rows) if t % jack != j],
                          lambda r: [b[0] for b in r[2]]), n1, epochs, l2=l2)
        for t, r in enumerate(rows):
            if t % jack == j:
                held[r[0]] = context(stage1_p(wj, r))
    w2 = fit(labelled(rows, lambda r: [b[0] + c for b, c in zip(r[2], held[r[0]])]),
             n1 + len(held[rows[0][0]][0]), epochs, l2=l2)
    return w1, w2


def write_model(path, w1, w2, names1, names2, note):
    with open(path, "w", encoding="utf-8") as f:
        f.write("# newsmark layout block classifier (src/layout/model.rs): logistic weights of\n")
        f.write("# stage one (a block's own features) and stage two (and stage one's context).\n")
        f.write(f"# {note}\n")
        for n, v in zip(names1, w1):
            f.write(f"stage1 {n} {v:.6f}\n")
        for n, v in zip(names1 + names2, w2):
            f.write(f"stage2 {n} {v:.6f}\n")


def names_of(shared, split):
    with open(os.path.join(shared, "data", "pages", "INDEX.json"), encoding="utf-8") as f:
        return [e["name"] for e in json.load(f)["pages"] if e["split"] == split]


def feature_names(const):
    src = open(os.path.join(ROOT, "src", "layout", "model.rs"), encoding="utf-8").read()
    body = src.split(f"pub const {const}: &[&str] = &[", 1)[1].split("];", 1)[0]
    return [s.strip().strip('",') for s in body.split("\n") if s.strip()]


def score_decisions(rows, docs, tally):
    """Adds to tally [furniture chars, set aside, article chars, kept] the decisions `docs`
    (xtask output) make on the labelled blocks of rows."""
    for r, doc in zip(rows, docs):
        assert len(doc["blocks"]) == len(r[2])
        for b, d in zip(r[2], doc["blocks"]):
            if b[1] is None:
                continue
            tally[2 * b[1]] += b[2]
            tally[2 * b[1] + 1] += b[2] * (d["furniture"] != bool(b[1]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--synth", default=os.path.join(ROOT, "target", "synth"),
                    help="the invented pages to fit on (made by scripts/synth_pages.py with "
                         "its defaults when the folder has none)")
    ap.add_argument("--out", default=os.path.join(ROOT, "data", "layout.model"))
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--l2", type=float, default=1e-4)
    args = ap.parse_args()
    if not os.path.exists(os.path.join(args.synth, "labels.jsonl")):
        subprocess.run([sys.executable, os.path.join(HERE, "synth_pages.py"), "--shared",
                        args.shared, "--out", args.synth], check=True)
    names1, names2 = feature_names("FEATURES"), feature_names("CONTEXT_FEATURES")
    rows = synth_rows(args.synth)
    w1, w2 = fit_model(rows, len(names1), args.epochs, args.l2)
    n = sum(1 for r in rows for b in r[2] if b[1] is not None)
    write_model(args.out, w1, w2, names1, names2,
                f"Fitted by `python3 scripts/train_layout.py` on {len(rows)} invented pages of "
                f"scripts/synth_pages.py ({n} labelled blocks): shippable text only (GUM CC BY, "
                f"LitBank CC BY; see data/README.md).")
    # The core must read the blocks as this script does.
    docs = xtask([os.path.join(args.synth, r[0] + ".page.txt") for r in rows], args.out)
    worst = 0.0
    for r, doc in zip(rows, docs):
        for b, c, d in zip(r[2], context(stage1_p(w1, r)), doc["blocks"]):
            p2 = logistic(sum(a * x for a, x in zip(w2, b[0] + c)))
            worst = max(worst, abs(p2 - d["p"]))
    print(f"{args.out}: {n} blocks of {len(rows)} invented pages; largest difference from the "
          f"core's probabilities {worst:.5f}", file=sys.stderr)
    if worst > 1e-3:
        sys.exit("the core's probabilities differ from the trainer's")
    # Measured, never fitted on: the real pages of the train split.
    pages = os.path.join(args.shared, "data", "pages")
    if os.path.exists(os.path.join(pages, "INDEX.json")):
        real = page_rows(args.shared, names_of(args.shared, "train"), load_furniture(args.shared))
        docs = xtask([os.path.join(pages, r[0] + ".page.txt") for r in real], args.out)
        tally = [0, 0, 0, 0]
        score_decisions(real, docs, tally)
        print(f"train pages of ../shared/data/pages (measured, not fitted on), by characters of "
              f"their blocks: furniture set aside {tally[1] / tally[0]:.3f}, article kept "
              f"{tally[3] / tally[2]:.3f}")


if __name__ == "__main__":
    main()
