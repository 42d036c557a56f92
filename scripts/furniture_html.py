#!/usr/bin/env python3
"""Furniture share when a page is read as HTML (issue 21): how many of newsmark's tags land
outside the gold article body when a saved page of ../shared/data/pages goes through the
main-content path instead of being pasted as plain text.

    python3 scripts/furniture_html.py [--split train|test|all] [--texts DIR]

Without --texts the command line's path is measured: `newsmark annotate --html NAME.html`
(dom_smoothie) gives the text it read. With --texts DIR, DIR holds NAME.txt files written by
`node scripts/main_content_eval.mjs --dump DIR` (the paste page's path: Readability in
Chromium). Either way the texts become the page texts of a temporary pages folder (gold bodies
and INDEX.json beside them) that ../shared/eval/furniture.py scores with the release binary,
so the share counts tags on whatever the main-content step let through. Needs
`cargo build --release`. The test split is for reports only.
"""
import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
PAGES = os.path.join(ROOT, "..", "shared", "data", "pages")
BIN = os.path.join(ROOT, "target", "release", "newsmark")


def html_path(entry, tmp):
    path = os.path.join(PAGES, entry["html"]).removesuffix(".gz")
    if os.path.exists(path):
        return path
    out = os.path.join(tmp, "page.html")
    with gzip.open(path + ".gz") as src, open(out, "wb") as dst:
        dst.write(src.read())
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="train", choices=["train", "test", "all"])
    ap.add_argument("--texts", help="folder of NAME.txt main-content texts (the page's path)")
    args = ap.parse_args()
    with open(os.path.join(PAGES, "INDEX.json"), encoding="utf-8") as f:
        index = json.load(f)
    entries = [e for e in index["pages"] if args.split == "all" or e["split"] == args.split]
    tmp = tempfile.mkdtemp(prefix="newsmark-furniture-html-")
    try:
        empty = 0
        for e in entries:
            name = e["name"]
            if args.texts:
                path = os.path.join(args.texts, name + ".txt")
                text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
            else:
                out = subprocess.run([BIN, "annotate", "--html", html_path(e, tmp)], capture_output=True, text=True)
                text = json.loads(out.stdout)["text"] if out.returncode == 0 else ""
            empty += not text.strip()
            with open(os.path.join(tmp, name + ".page.txt"), "w", encoding="utf-8", newline="") as f:
                f.write(text)
            shutil.copy(os.path.join(PAGES, name + ".gold.txt"), tmp)
        with open(os.path.join(tmp, "INDEX.json"), "w", encoding="utf-8") as f:
            json.dump({**index, "pages": entries}, f)
        print(f"main content from {'texts in ' + args.texts if args.texts else 'newsmark annotate --html'}; "
              f"{empty} of {len(entries)} pages without an article")
        cmd = [sys.executable, os.path.join(ROOT, "..", "shared", "eval", "furniture.py"), "--bin", BIN, tmp, "--split", args.split]
        return subprocess.run(cmd).returncode
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
