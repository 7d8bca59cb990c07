#!/usr/bin/env python3
"""CI smoke benchmark: fails when glossary-ls gets more than 2x slower, whatever the machine.

Usage: smoke.py GLOSSARY_LS WORK_DIR [--update]   (TAP output)

Absolute times differ from machine to machine and from run to run on a shared CI host, so this
measures ratios to a reference job on the same machine, in the same minute, on the same files:
`grep -rc '](/'` over the glossary (a C program reading every byte of every article). On a
deterministic 2,000-article glossary (tests/bench/gen.py, cached in WORK_DIR) it times, as medians
of interleaved runs after a warm-up:
  - check:  `glossary-ls check --format json` / grep
  - index:  server start to the end of the initial index (work-done progress "end") / grep
and prints the median didChange -> publishDiagnostics of 200 edits for information (at a tenth of a
millisecond it is mostly the pipe and this script, too noisy to fail on).
Each ratio must stay under 2x the committed baseline (tests/bench/smoke_baseline.json, measured
with the same build type: meson's default debugoptimized). --update rewrites the baseline.
"""
import json
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench_server import Client, middle_article, shutdown, typing_latencies  # noqa: E402

ARTICLES = 2000
RUNS = 7
BASELINE = os.path.join(HERE, "smoke_baseline.json")


def timed(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def index_and_type(binary, root, edits):
    """Seconds to the end of the first index, and the median didChange -> diagnostics."""
    c = Client(binary, root)
    uri_root = "file://" + root
    c.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": os.getpid(), "rootUri": uri_root,
        "capabilities": {"window": {"workDoneProgress": True}},
        "initializationOptions": {"debounce": 0}}})
    c.wait_for(lambda m: m.get("id") == 1)
    start = time.perf_counter()
    c.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    c.wait_for(lambda m: m.get("method") == "$/progress" and m["params"]["value"]["kind"] == "end")
    index = time.perf_counter() - start
    _, uri, text = middle_article(root)
    c.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    c.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    times = typing_latencies(c, uri, text, edits)
    shutdown(c)
    return index, statistics.median(times)


def main():
    binary, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    update = "--update" in sys.argv[3:]
    root = os.path.join(work, "smoke-n%d" % ARTICLES)
    if not os.path.exists(os.path.join(root, ".glossary.yaml")):
        subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), "--out", root,
                        "--articles", str(ARTICLES)], check=True, stdout=subprocess.DEVNULL)
    grep = ["grep", "-rc", "](/", root]
    check = [binary, "check", "--format", "json", root]
    timed(grep), timed(check), index_and_type(binary, root, 10)  # warm the page cache
    ref, chk, idx, key = [], [], [], []
    for _ in range(RUNS):
        ref.append(timed(grep))
        chk.append(timed(check))
        i, k = index_and_type(binary, root, 200 // RUNS)
        idx.append(i)
        key.append(k)
    r = statistics.median(ref)
    ratios = {"check_over_grep": statistics.median(chk) / r,
              "index_over_grep": statistics.median(idx) / r}
    detail = "grep %.1f ms, check %.1f ms, index %.1f ms, keystroke %.3f ms" % (
        r * 1e3, statistics.median(chk) * 1e3, statistics.median(idx) * 1e3,
        statistics.median(key) * 1e3)
    if update:
        with open(BASELINE, "w") as f:
            json.dump({"articles": ARTICLES, "machine": "%s, %d cores" % (
                platform.machine(), os.cpu_count()), "measured": detail,
                **{k: round(v, 4) for k, v in ratios.items()}}, f, indent=1)
            f.write("\n")
    base = json.load(open(BASELINE))
    print("1..%d" % len(ratios))
    print("# %s" % detail)
    failed = 0
    for n, (name, value) in enumerate(ratios.items(), 1):
        limit = 2 * base[name]
        ok = value <= limit
        failed += not ok
        print("%s %d - %s %.3f (baseline %.3f, limit %.3f)" % (
            "ok" if ok else "not ok", n, name, value, base[name], limit))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
