#!/usr/bin/env python3
"""Fails if the repository's tests or sources copy text from the development sets.

    python3 scripts/no_dev_text.py               # exits 1 and lists every copy
    python3 scripts/no_dev_text.py --self-test   # proves the check can fail
    python3 scripts/no_dev_text.py --min 24      # shorter copies, to review by hand

The README reports scores on ../shared/data/dev/ (gum_news_full*, wikigold_dev20,
uner_ewt_dev, gum_news_interview_*). A test built from a sentence of those sets makes its
score partly self-fulfilling, so no string of MIN (40) or more characters of any file there
(JSONL string fields decoded, the .md and the _ann folder read as text) may appear in any
file under tests/ or src/.

Both sides are normalised first, so escaping cannot hide a copy: backslash escapes are
decoded (\\" \\n \\t \\\\ \\u{201C} \\u201c \\x41, Rust's backslash-newline continuation),
curly quotes and apostrophes become straight ones, dashes become '-', every run of
whitespace becomes one space and letters are lower-cased. Every MIN-character window of the
dev text goes into a set of hashes; each window of a repository file is looked up, and
consecutive hits are merged into one reported copy (file, line, text). A window with fewer
than LETTERS letters (a rule of dashes, a row of figures) does not count.
Standard library only; the whole run takes a few seconds.
"""
import argparse, json, os, re, shutil, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIN = 40  # --min changes it, to look for shorter copies by hand; CI uses 40
LETTERS = 15  # a window with fewer letters (a rule of dashes, a row of numbers) is no copy
SCANNED = ("tests", "src")

QUOTES = {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"',
          "\u00bb": '"', "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
          "\u2032": "'", "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00ad": ""}
SIMPLE_ESCAPES = {'"': '"', "'": "'", "\\": "\\", "n": "\n", "t": "\t", "r": "\r",
                  "0": "\0", "/": "/", "`": "`", "b": "\b", "f": "\f"}
ESCAPE = re.compile(r"""\\(?:u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|\n[ \t\r\n]*|(.))""", re.S)


def decode_escapes(raw):
    """Decodes backslash escapes; returns (text, origin) with origin[i] = offset in raw."""
    out, origin, last = [], [], 0
    for m in ESCAPE.finditer(raw):
        for i in range(last, m.start()):
            out.append(raw[i]); origin.append(i)
        last = m.end()
        if m.group(1) or m.group(2) or m.group(3):
            code = int(m.group(1) or m.group(2) or m.group(3), 16)
            ch = chr(code) if code < 0x110000 else ""
        elif m.group(4) is not None:
            ch = SIMPLE_ESCAPES.get(m.group(4), m.group(0))
        else:
            ch = ""  # Rust line continuation: backslash, newline, leading whitespace
        for c in ch:
            out.append(c); origin.append(m.start())
    for i in range(last, len(raw)):
        out.append(raw[i]); origin.append(i)
    return "".join(out), origin


def normalise(text, origin=None):
    """Folds quotes, dashes, case and whitespace; returns (text, origin offsets)."""
    out, where, space = [], [], False
    for i, c in enumerate(text):
        if c.isspace():
            if out and not space:
                out.append(" "); where.append(origin[i] if origin else i)
            space = True
            continue
        space = False
        c = QUOTES.get(c, c)
        if not c:
            continue
        low = c.lower()
        out.append(low if len(low) == 1 else c)
        where.append(origin[i] if origin else i)
    return "".join(out), where


def strings_of(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings_of(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings_of(v)


def dev_texts(dev):
    """Every text of the dev folder: JSONL string fields decoded, other files as text."""
    for base, dirs, files in os.walk(dev):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(base, name)
            with open(path, encoding="utf-8", errors="replace") as f:
                raw = f.read()
            if name.endswith((".jsonl", ".json")):
                for line in raw.splitlines():
                    line = line.strip()
                    if not line:
                        continue
                    try:
                        yield from (s for s in strings_of(json.loads(line)) if len(s) >= MIN)
                    except ValueError:
                        yield line
            else:
                yield decode_escapes(raw)[0]


def dev_windows(dev):
    seen = set()
    n = 0
    for t in dev_texts(dev):
        norm, _ = normalise(t)
        n += 1
        for i in range(len(norm) - MIN + 1):
            seen.add(hash(norm[i:i + MIN]))
    if not seen:
        sys.exit(f"no_dev_text: no dev text of {MIN}+ characters under {dev}; refusing to pass")
    return seen


def repo_files(root):
    for top in SCANNED:
        for base, dirs, files in os.walk(os.path.join(root, top)):
            dirs[:] = sorted(d for d in dirs if d not in ("node_modules", "target", ".git"))
            for name in sorted(files):
                yield os.path.join(base, name)


def copies(path, windows):
    """[(line, copied text)] for every run of dev windows found in the file at `path`."""
    with open(path, "rb") as f:
        data = f.read()
    if b"\0" in data[:8192]:
        return []
    raw = data.decode("utf-8", errors="replace")
    decoded, origin = decode_escapes(raw)
    norm, where = normalise(decoded, origin)
    found, i, end = [], 0, len(norm) - MIN + 1

    def hit(k):
        w = norm[k:k + MIN]
        return hash(w) in windows and sum(c.isalpha() for c in w) >= LETTERS

    while i < end:
        if hit(i):
            j = i
            while j + 1 < end and hit(j + 1):
                j += 1
            line = raw.count("\n", 0, where[i]) + 1
            found.append((line, norm[i:j + MIN]))
            i = j + MIN  # the next copy starts after this one
        else:
            i += 1
    return found


def check(root, dev, out=sys.stdout):
    windows = dev_windows(dev)
    total, files = 0, 0
    for path in repo_files(root):
        hits = copies(path, windows)
        if hits:
            files += 1
        for line, text in hits:
            total += 1
            print(f"{os.path.relpath(path, root)}:{line}: {text}", file=out)
    if total:
        print(f"\nno_dev_text: {total} copied string(s) of {MIN}+ characters from {dev} in "
              f"{files} file(s) under {', '.join(SCANNED)}/. Replace them with invented text.",
              file=out)
    else:
        print(f"no_dev_text: no string of {MIN}+ characters from {dev} in {', '.join(SCANNED)}/",
              file=out)
    return total


def self_test(dev):
    """Plants dev text, escaped several ways, in a temporary tree; every plant must be found."""
    sample = None
    for t in dev_texts(dev):
        m = re.search(r'[^"\n]{30,}"[^"\n]{30,}', t)  # a dev string with a quotation mark
        if m:
            sample = m.group(0)[:90]
            break
    assert sample, "no dev string with a quotation mark to plant"
    words = sample.split(" ")
    half = len(words) // 2
    plants = {
        "raw.txt": f"intro {sample} outro\n",
        "rust.rs": 'const T: &str = "' + " ".join(words[:half]).replace('"', '\\"')
                   + " \\\n        " + " ".join(words[half:]).replace('"', '\\"') + '";\n',
        "case.json": json.dumps([{"text": "Lead. " + sample.replace(" ", "\n", 1)}]) + "\n",
        "unicode.rs": 'const T: &str = "' + sample.replace('"', "\\u{201C}", 1).upper() + '";\n',
        "spaces.mjs": "const t = '" + sample.replace(" ", "   ").replace("'", "\\'") + "';\n",
    }
    clean = "An invented sentence about Wilma Quast of Ferrovia Nuova, written for this test.\n"
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "tests"))
        os.makedirs(os.path.join(tmp, "src"))
        with open(os.path.join(tmp, "src", "clean.rs"), "w") as f:
            f.write(clean)
        sink = open(os.devnull, "w")
        if check(tmp, dev, sink):
            failures.append("a tree without dev text fails")
        for name, body in plants.items():
            path = os.path.join(tmp, "tests", name)
            with open(path, "w", encoding="utf-8") as f:
                f.write(body)
            if check(tmp, dev, sink) != 1:
                failures.append(f"the dev string planted as {name} is not found: {body!r}")
            os.remove(path)
        sink.close()
    for f in failures:
        print("self-test FAILED:", f)
    if not failures:
        print(f"self-test ok: {len(plants)} planted copies found (raw, Rust-escaped with a "
              f"line continuation, JSON, \\u escape and upper case, spaced JS), clean tree passes")
    return not failures


def main():
    global MIN
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=ROOT, help="repository root (default: this script's repo)")
    ap.add_argument("--dev", default=None, help="dev folder (default: ROOT/../shared/data/dev)")
    ap.add_argument("--self-test", action="store_true", help="plant dev text and expect failure")
    ap.add_argument("--min", type=int, default=MIN, help=f"shortest copy reported (default {MIN})")
    args = ap.parse_args()
    MIN = args.min
    dev = args.dev or os.path.join(args.root, "..", "shared", "data", "dev")
    if not os.path.isdir(dev):
        sys.exit(f"no_dev_text: no dev folder at {dev}")
    if args.self_test:
        sys.exit(0 if self_test(dev) else 1)
    sys.exit(1 if check(args.root, dev) else 0)


if __name__ == "__main__":
    main()
