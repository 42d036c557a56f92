"""Runs examples/dask/annotate_jsonl.py on a few invented JSONL files, on a LocalCluster of
two worker processes, and checks that every input id gets its result, in order."""

import json
import subprocess
import sys
from pathlib import Path

import newsmark

SCRIPT = Path(__file__).with_name("annotate_jsonl.py")

TEXTS = [
    '"The port will reopen on Friday," said Amina Yusuf, director of the Coastal Shipping Authority.',
    "Exports fell 18 percent in the first quarter, the Ministry of Trade said on Monday.",
    "\U0001F4F0 Tom Becker, a spokesman for Northfield Council, said 2,400 homes lost power.",
    "",
    "A quiet day in the village.",
]


def test_dask_example(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    expected = {}
    for f in range(3):
        lines, ids = [], []
        for k in range(7):
            rid = f"f{f}-{k}"
            ids.append(rid)
            lines.append(json.dumps({"id": rid, "text": TEXTS[(f + k) % len(TEXTS)]}))
        if f == 1:
            lines.insert(3, "")  # a blank line is skipped
            ids.append("bad-text")
            lines.append(json.dumps({"id": "bad-text", "text": 42}))
            ids.append("surrogate")
            lines.append('{"id": "surrogate", "text": "x \\ud800 y"}')
            ids.append(None)
            lines.append("{not json")
        (inp / f"part{f}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        expected[f"part{f}.jsonl"] = ids
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(inp / "*.jsonl"), str(out), "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "annotated 24 records from 3 files" in run.stdout and "(3 errors) on 2 worker processes" in run.stdout
    assert sorted(p.name for p in out.iterdir()) == sorted(expected)
    for name, ids in expected.items():
        got = [json.loads(line) for line in (out / name).read_text(encoding="utf-8").splitlines()]
        assert [g["id"] for g in got] == ids, name
        for g in got:
            if g["id"] in ("bad-text", "surrogate", None):
                assert "error" in g
                continue
            f, k = (int(x) for x in g["id"][1:].split("-"))
            text = TEXTS[(f + k) % len(TEXTS)]
            assert g == {"id": g["id"], **newsmark.annotate(text)}
            for a in g["annotations"]:
                assert text[a["start"] : a["end"]] == a["text"]
    part1 = (out / "part1.jsonl").read_text(encoding="utf-8").splitlines()
    errors = {g["id"]: g["error"] for g in map(json.loads, part1) if "error" in g}
    assert "text" in errors["bad-text"] and "surrogate" in errors["surrogate"]
    assert "not JSON" in errors[None]
