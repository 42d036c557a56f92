#!/usr/bin/env python3
"""Re-quantizes data/names.model to fewer weight levels, deterministically.

    python3 tools/requantize_names.py --div 2 < data/names.model > names.model.new

Each stage's 8-bit codes become round(code / div) (halves away from zero, as Rust's `round`)
and its scale becomes scale * div, so every weight moves by at most half of the new step. Rows
whose codes all become zero are dropped (they add nothing to any score). Fewer levels lower
the codes' entropy, so the file packs smaller under gzip (the page's 1 MB budget); the header
gains a line saying what was done. The format is the one `src/names/tagger.rs` documents.
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
    data = model[end + len(marker):]
    stages, p = [], 0
    rows_per_stage = [int(l.split()[1]) for l in header if l.startswith("rows ")]
    for rows in rows_per_stage:
        keys, k = [], 0
        for _ in range(rows):
            gap, p = leb_read(data, p)
            k += gap
            keys.append(k)
        planes = data[p:p + rows * N_TAGS]
        p += rows * N_TAGS
        codes = [[(planes[t * rows + r] ^ 0x80) - 0x80 for t in range(N_TAGS)] for r in range(rows)]
        stages.append((keys, codes))
    assert p == len(data), "bytes left over"
    out_header, si, new_rows = [], 0, []
    for keys, codes in stages:
        kept = [(k, [round_half_away(c / a.div) for c in row]) for k, row in zip(keys, codes)]
        new_rows.append([(k, row) for k, row in kept if max(abs(c) for c in row) > a.drop_max])
    for line in header:
        if line.startswith("newsmark-names"):
            out_header.append(f"# Re-quantized by `python3 tools/requantize_names.py --div {a.div}`: codes divided by {a.div} (rounded), scales multiplied by it; all-zero rows dropped.")
        if line.startswith("scale "):
            line = f"scale {float(line.split()[1]) * a.div:.7e}"
        if line.startswith("rows "):
            line = f"rows {len(new_rows[si])}"
            si += 1
        out_header.append(line)
    out = bytearray("\n".join(out_header).encode("utf-8") + marker)
    for rows in new_rows:
        prev = 0
        for i, (k, _) in enumerate(rows):
            leb_write(out, k - prev if i else k)
            prev = k
        for t in range(N_TAGS):
            out.extend((row[t] & 0xFF) for _, row in rows)
    sys.stdout.buffer.write(bytes(out))


if __name__ == "__main__":
    main()
