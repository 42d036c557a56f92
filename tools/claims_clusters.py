#!/usr/bin/env python3
"""Writes the word clusters that the claims lab reads (`LAB_CLU=FILE:0,1,2 cargo xtask
train-claims --lab`; measured, not shipped: data/README.md, claims.model).

    python3 tools/claims_clusters.py MINILM_CLUSTERS.tsv [--shared ../shared] > clusters.txt

MINILM_CLUSTERS.tsv is what tools/minilm_clusters.py writes (word<TAB>c64<TAB>c256<TAB>c1024:
spherical k-means of all-MiniLM-L6-v2's input word-piece embeddings, Apache-2.0). A word is kept
when it is a whole word of letters (no `##` piece, two letters or more: the words the scorer's
unigrams take) and it occurs in the claims training sentences, or at least MIN_COUNT times in
the shippable NER training files that carry no share-alike condition (CC BY / CC0: the tweets,
WNUT-17, LitBank, multiNER, GUM): common English words, so that a word the claims data never
had still brings its cluster. Only the words and their cluster numbers are written, one line a
1024-cluster: `c1024 c256 c64 word word ...`. Standard library only; deterministic.
"""
import argparse
import glob
import gzip
import json
import re
import sys

MIN_COUNT = 10
NER_SETS = ["btc", "wnut17", "litbank", "multiner_lk_en", "gum_ccby"]
CLAIMS = ["checkthat2024_en_train.jsonl.gz", "claimbuster_2.5xNCS.jsonl.gz"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("table")
    ap.add_argument("--shared", default="../shared")
    args = ap.parse_args()
    data = f"{args.shared}/data"
    claims_words = set()
    for f in CLAIMS:
        with gzip.open(f"{data}/claims/{f}", "rt", encoding="utf-8") as fh:
            for line in fh:
                claims_words.update(re.findall(r"[a-z]+", json.loads(line)["text"].lower()))
    counts = {}
    for s in NER_SETS:
        for f in sorted(glob.glob(f"{data}/train/ner/{s}/*.bio.gz")):
            with gzip.open(f, "rt", encoding="utf-8") as fh:
                for line in fh:
                    w = line.split("\t")[0].lower()
                    if w.isalpha():
                        counts[w] = counts.get(w, 0) + 1
    by = {}
    for line in open(args.table, encoding="utf-8"):
        w, c64, c256, c1024 = line.rstrip("\n").split("\t")
        if w.startswith("##") or len(w) < 2 or not w.isalpha():
            continue
        if w in claims_words or counts.get(w, 0) >= MIN_COUNT:
            by.setdefault((int(c1024), int(c256), int(c64)), []).append(w)
    out = sys.stdout
    out.write("# newsmark word clusters for the claim scorer: `c1024 c256 c64 word word ...`\n")
    out.write("# from all-MiniLM-L6-v2's word-piece embeddings (Apache-2.0); tools/claims_clusters.py\n")
    for key in sorted(by):
        out.write(" ".join(map(str, key)) + " " + " ".join(sorted(by[key])) + "\n")
    n = sum(len(v) for v in by.values())
    print(f"{n} words in {len(by)} clusters", file=sys.stderr)


if __name__ == "__main__":
    main()
