#!/usr/bin/env python3
"""How cost grows with the workspace: one table over 1,000 to 429,000 articles.

Usage: tests/bench/curve.py [--sizes 1000x1 10000x1 14300x7 14300x30] [--runs R] [--binary PATH]

Each size is ARTICLESxLANGUAGES (tests/bench/gen.py, cached in tests/bench/out/). For each it runs
the language server as bench_server.py does (R runs; 100 edits, 100 completions and hovers each)
and `glossary-ls check` (R runs), and prints per size: index ready, hover latency while indexing
(max), didChange -> diagnostics and completion (medians, p95), peak RSS of the server, and check's
wall time and peak RSS. Indexing should grow linearly with the articles; a keystroke not at all.
"""
import argparse
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench_check import ensure_binary, ensure_glossary, percentile, run_once  # noqa: E402
from bench_server import one_run  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", nargs="+", default=["1000x1", "10000x1", "14300x7", "14300x30"])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--binary")
    args = ap.parse_args()
    binary = ensure_binary(args.binary)
    print("%9s %10s %12s %12s %14s %9s %10s %9s" % (
        "articles", "index", "hover@index", "keystroke", "completion", "srv RSS", "check",
        "chk RSS"))
    for size in args.sizes:
        n, langs = (int(x) for x in size.split("x"))
        root = os.path.realpath(ensure_glossary(n, langs, hub=1000 if langs == 1 else 0))
        # warm the page cache first: the previous size's tree may have pushed this one out
        run_once([binary, "check", "--format", "json", root])
        runs = [one_run(binary, root, 100, 100) for _ in range(args.runs)]
        flat = lambda k: [x for r in runs for x in (r[k] if isinstance(r[k], list) else [r[k]])]
        checks = [run_once([binary, "check", "--format", "json", root]) for _ in range(args.runs)]
        print("%9d %8.0f ms %9.1f ms %6.2f/%.2f ms %6.2f/%.2f ms %6.0f MB %8.2f s %6.0f MB" % (
            n * langs, statistics.median(flat("index")) * 1e3,
            max(flat("during_index") or [0]) * 1e3,
            statistics.median(flat("edit")) * 1e3, percentile(flat("edit"), 95) * 1e3,
            statistics.median(flat("completion")) * 1e3, percentile(flat("completion"), 95) * 1e3,
            max(flat("rss")), statistics.median(c[0] for c in checks),
            max(c[2] for c in checks)))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
