#!/usr/bin/env python3
"""Re-quantizes data/names.model to fewer weight levels, deterministically.

    cargo xtask pack-names --plain data/names.model     # the codes stored plainly
    python3 tools/requantize_names.py --div 2 < data/names.model > names.model.new
    cargo xtask pack-names names.model.new               # entropy-coded again, as shipped

Each stage's 8-bit codes become round(code / div) (halves away from zero, as Rust's `round`)
and its scale becomes scale * div, so every weight moves by at most half of the new step. Rows
whose codes all become zero are dropped (they add nothing to any score). Fewer levels lower
the codes' entropy, so the file packs smaller under gzip (the page's 1 MB budget); the header
gains a line saying what was done. The format is the one `src/names/tagger.rs` documents;
the second stage's rows are written against the first's (a `shared` line and a bitmap), and
`--div 1` only rewrites a model into that form.
"""
import argparse
import sys

N_TAGS = 9


def leb_read(data, p):
    v = shift = 0
    while True:
        b = data[p]
        p += 1
        v |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return v, p


def leb_write(out, v):
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return


def round_half_away(x):
    return int(x + 0.5) if x >= 0 else -int(-x + 0.5)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--div", type=float, default=2.0)
    ap.add_argument("--drop-max", type=int, default=0, help="drop rows whose largest |code| is at most this (after dividing)")
    a = ap.parse_args()
    model = sys.stdin.buffer.read()
    marker = b"\ndata\n"
    end = model.index(marker)
    header = model[:end].decode("utf-8").split("\n")
    if any(l.strip() == "codes ans" for l in header):
        sys.exit("requantize_names.py: the model's codes are entropy coded; "
                 "first `cargo xtask pack-names --plain FILE`")
    data = model[end + len(marker):]
    stages, p = [], 0
    # Per stage: its row count and, for a second stage stored against the first, how many of
    # its rows the first stage has (the `shared` line).
    layout = []
    for l in header:
        if l.startswith("rows "):
            layout.append([int(l.split()[1]), None])
        elif l.startswith("shared "):
            layout[-1][1] = int(l.split()[1])
    for rows, shared in layout:
        keys = []
        if shared is not None:
            prev = stages[-1][0]
            nbytes = (len(prev) + 7) // 8
            bitmap = data[p:p + nbytes]
            p += nbytes
            keys = [k for i, k in enumerate(prev) if bitmap[i >> 3] >> (i & 7) & 1]
            assert len(keys) == shared, "bitmap and `shared` line disagree"
        own, k = [], 0
        for _ in range(rows - len(keys)):
            gap, p = leb_read(data, p)
            k += gap
            own.append(k)
        keys = sorted(keys + own)
        planes = data[p:p + rows * N_TAGS]
        p += rows * N_TAGS
        codes = [[(planes[t * rows + r] ^ 0x80) - 0x80 for t in range(N_TAGS)] for r in range(rows)]
        stages.append((keys, codes))
    assert p == len(data), "bytes left over"
    out_header, si, new_rows = [], 0, []
    for keys, codes in stages:
        kept = [(k, [round_half_away(c / a.div) for c in row]) for k, row in zip(keys, codes)]
        new_rows.append([(k, row) for k, row in kept if max(abs(c) for c in row) > a.drop_max])
    # A later stage's rows: a bitmap over the previous stage's rows, then its other rows.
    later = [set(k for k, _ in rows) for rows in new_rows[1:]]
    shared_of = [None] + [[k in keys for k, _ in prev] for prev, keys in zip(new_rows, later)]
    for line in header:
        if line.startswith("newsmark-names") and a.div != 1.0:
            out_header.append(f"# Re-quantized by `python3 tools/requantize_names.py --div {a.div}`: codes divided by {a.div} (rounded), scales multiplied by it; all-zero rows dropped.")
        if line.startswith("scale "):
            line = f"scale {float(line.split()[1]) * a.div:.7e}"
        if line.startswith("shared "):
            continue
        if line.startswith("rows "):
            line = f"rows {len(new_rows[si])}"
            if shared_of[si] is not None:
                line += f"\nshared {sum(shared_of[si])}"
            si += 1
        out_header.append(line)
    out = bytearray("\n".join(out_header).encode("utf-8") + marker)
    for si, rows in enumerate(new_rows):
        listed = [k for k, _ in rows]
        if shared_of[si] is not None:
            bitmap = bytearray((len(shared_of[si]) + 7) // 8)
            for i, inside in enumerate(shared_of[si]):
                if inside:
                    bitmap[i >> 3] |= 1 << (i & 7)
            out.extend(bitmap)
            prev = set(k for k, _ in new_rows[si - 1])
            listed = [k for k in listed if k not in prev]
        prev = 0
        for k in listed:
            leb_write(out, k - prev)
            prev = k
        for t in range(N_TAGS):
            out.extend((row[t] & 0xFF) for _, row in rows)
    sys.stdout.buffer.write(bytes(out))


if __name__ == "__main__":
    main()
