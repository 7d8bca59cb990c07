#!/usr/bin/env python3
"""Asks a hover on the open article every 10 ms while the server's first index runs (as
bench_server.py does, without the rest of its scenario), and prints, per run, the index time and
the slowest hovers with the moment each was asked (seconds after `initialized`). For the large
trees, where the question is whether a request waits behind the index: the first hover always
waits up to 40 ms (REQUEST_PATIENCE in lsp/server_int.h), the others should not.

Usage: tests/bench/hover_while_indexing.py [--runs R] [--binary PATH] ROOT
  ROOT: a generated glossary, e.g. tests/bench/out/n14300-l30 (see index_alone.py).
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench_check import ensure_binary  # noqa: E402
from bench_server import (Client, first_link_position, hovers_while_indexing,  # noqa: E402
                          middle_article, shutdown)


def one_run(binary, root):
    """Returns the index time (s) and [(latency s, asked at s), ...] slowest first."""
    c = Client(binary, root)
    c.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": os.getpid(), "rootUri": "file://" + root,
        "capabilities": {"window": {"workDoneProgress": True}},
        "initializationOptions": {"debounce": 0}}})
    c.wait_for(lambda m: m.get("id") == 1)
    _, uri, text = middle_article(root)
    t_index, latencies = hovers_while_indexing(c, uri, text, first_link_position(text))
    shutdown(c)
    return t_index, sorted(latencies, reverse=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--binary")
    ap.add_argument("root")
    args = ap.parse_args()
    binary = ensure_binary(args.binary)
    root = os.path.abspath(args.root)
    for r in range(args.runs):
        t_index, lat = one_run(binary, root)
        print("run %d: index ready %.2f s, %d hovers, slowest: %s" % (
            r + 1, t_index, len(lat),
            " ".join("%.1f ms at %.2f s" % (a * 1000, b) for a, b in lat[:5])))


if __name__ == "__main__":
    main()
