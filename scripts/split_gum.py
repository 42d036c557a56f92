#!/usr/bin/env python3
"""Splits gum_news_full by document into a tuning part and a test-only part.

    python3 scripts/split_gum.py tune|test GUM_NEWS_FULL.jsonl > PART.jsonl

The test-only part is the 7 documents GUM itself puts in its dev and test partitions
(shared/data/dev/gum_news_full.md). Speaker work (issue 14) may read errors on the tuning part
only; the test-only part is scored, never inspected (no --show-errors on it). Note: sessions
before this split existed had read errors on all 32 documents.
"""
import json
import sys

TEST_ONLY = {
    "GUM_news_homeopathic",
    "GUM_news_iodine",
    "GUM_news_nasa",
    "GUM_news_sensitive",
    "GUM_interview_gaming",
    "GUM_interview_hill",
    "GUM_interview_libertarian",
}


def main():
    part, path = sys.argv[1], sys.argv[2]
    if part not in ("tune", "test"):
        sys.exit("usage: split_gum.py tune|test FILE")
    for line in open(path, encoding="utf-8"):
        if not line.strip():
            continue
        d = json.loads(line)
        if (d["id"] in TEST_ONLY) == (part == "test"):
            sys.stdout.write(line if line.endswith("\n") else line + "\n")


if __name__ == "__main__":
    main()
