"""Annotate an archive of JSONL files with newsmark on a local Dask cluster.

    python examples/dask/annotate_jsonl.py 'archive/*.jsonl' out/ [--workers 2]

Each input line is a JSON object {"id": ..., "text": "..."}; blank lines are skipped. Each
input file gives one output file of the same name in OUT, one line per input record, in the
input's order:

    {"id": ..., "annotations": [...], "entities": [...], "diagnostics": [...], "furniture": [...]}

the same analysis as `newsmark annotate` (offsets in code points). A record that cannot be
annotated (not JSON, no "text" string, lone surrogates) gets {"id": ..., "error": "..."} in its
place and the run goes on, as with `newsmark annotate --jsonl`.

The work runs as a Dask bag: read_text (one partition per file), json.loads, then newsmark as a
UDF over each partition with annotate_batch (one call per partition: the GIL is released while
it runs and the annotator is loaded once per worker process), on a LocalCluster of worker
processes with one thread each. Needs `pip install "dask[distributed]"` and the newsmark wheel
(scripts/setup.sh and scripts/test.sh build and install both into .venv-py/).
"""

import argparse
import glob
import json
import os
import sys
import time


def parse(line):
    """One input line as a record, or an error record saying why it is not one."""
    try:
        rec = json.loads(line)
    except ValueError as e:
        return {"id": None, "error": f"not JSON: {e}"}
    if not isinstance(rec, dict):
        return {"id": None, "error": "not a JSON object"}
    return rec


def annotate_partition(records):
    """The newsmark UDF: the results of one partition's records, in order."""
    import newsmark  # imported in the worker process

    records = list(records)
    out = [None] * len(records)
    todo, texts = [], []
    for i, rec in enumerate(records):
        if "error" in rec:
            out[i] = rec
        elif not isinstance(rec.get("text"), str):
            out[i] = {"id": rec.get("id"), "error": 'no "text" string'}
        else:
            todo.append(i)
            texts.append(rec["text"])
    try:
        results = newsmark.annotate_batch(texts)
    except (TypeError, ValueError):
        # One bad text (lone surrogates) fails the batch: annotate one by one to find it.
        results = []
        for t in texts:
            try:
                results.append(newsmark.annotate(t))
            except (TypeError, ValueError) as e:
                results.append({"error": str(e)})
    for i, r in zip(todo, results):
        out[i] = {"id": records[i].get("id"), **r}
    return out


def run(pattern, out_dir, workers=2):
    """Annotates the files matching `pattern` into `out_dir`; returns (files, records, errors,
    worker processes)."""
    import dask.bag as db
    from dask.distributed import Client, LocalCluster

    files = sorted(glob.glob(pattern))
    if not files:
        raise SystemExit(f"no input files match {pattern!r}")
    names = [os.path.basename(f) for f in files]
    if len(set(names)) != len(names):
        raise SystemExit("input files must have distinct names (one output file each)")
    os.makedirs(out_dir, exist_ok=True)
    with LocalCluster(
        n_workers=workers,
        processes=True,
        threads_per_worker=1,
        dashboard_address=None,
    ) as cluster, Client(cluster) as client:
        procs = len(client.scheduler_info()["workers"])
        bag = (
            db.read_text(files, blocksize=None, encoding="utf-8")  # one partition per file
            .filter(lambda line: line.strip() != "")
            .map(parse)
            .map_partitions(annotate_partition)
        )
        lines = bag.map(lambda r: json.dumps(r, ensure_ascii=False))
        lines.to_textfiles(
            os.path.join(out_dir, "*"),
            name_function=lambda i: names[i],
            encoding="utf-8",
            last_endline=True,
        )
    records = errors = 0
    for n in names:
        with open(os.path.join(out_dir, n), encoding="utf-8") as f:
            for line in f:
                records += 1
                errors += "error" in json.loads(line)
    return len(files), records, errors, procs


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("pattern", help="input JSONL files, a glob ('archive/*.jsonl')")
    p.add_argument("out_dir", help="where the result files go (one per input file)")
    p.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    a = p.parse_args(argv)
    t0 = time.perf_counter()
    files, records, errors, procs = run(a.pattern, a.out_dir, a.workers)
    print(
        f"annotated {records} records from {files} files into {a.out_dir} "
        f"({errors} errors) on {procs} worker processes in {time.perf_counter() - t0:.1f} s"
    )
    return 0


if __name__ == "__main__":  # worker processes import this file again: start nothing there
    sys.exit(main())
