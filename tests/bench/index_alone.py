#!/usr/bin/env python3
"""Times the server's first index alone: from `initialized` to the end of its work-done progress,
nothing else asked (bench_server.py asks a hover every 10 ms meanwhile), and prints the server's
peak RSS (VmHWM) then. For the large trees (100,100 and 429,000 articles), where a whole
bench_server.py run takes minutes.

Usage: tests/bench/index_alone.py [--runs R] [--binary PATH] ROOT
  ROOT: a generated glossary, e.g. tests/bench/out/n14300-l30 (gen.py; bench_check.py and
  curve.py write them). Run it once first: the first run after generating reads from the disk.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench_check import ensure_binary  # noqa: E402


def one_run(binary, root):
    p = subprocess.Popen([binary, "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, cwd=root)

    def send(msg):
        body = json.dumps(msg).encode()
        p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        p.stdin.flush()

    def recv():
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            header += p.stdout.read(1)
        msg = json.loads(p.stdout.read(int(header.split(b":")[1].split(b"\r")[0])))
        if "method" in msg and "id" in msg:  # the progress token request
            send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
        return msg

    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": os.getpid(), "rootUri": "file://" + root,
        "capabilities": {"window": {"workDoneProgress": True}}}})
    while recv().get("id") != 1:
        pass
    start = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    while True:
        msg = recv()
        if msg.get("method") == "$/progress" and msg["params"]["value"]["kind"] == "end":
            break
    elapsed = time.perf_counter() - start
    hwm = 0
    with open("/proc/%d/status" % p.pid) as status:
        for line in status:
            if line.startswith("VmHWM:"):
                hwm = int(line.split()[1]) // 1024
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    while recv().get("id") != 2:
        pass
    send({"jsonrpc": "2.0", "method": "exit"})
    p.wait()
    return elapsed, hwm


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("root")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--binary")
    args = ap.parse_args()
    binary = ensure_binary(args.binary)
    root = os.path.realpath(args.root)
    runs = [one_run(binary, root) for _ in range(args.runs)]
    for k, (t, mb) in enumerate(runs):
        print("run %d: index ready %.0f ms, peak RSS %d MB" % (k + 1, t * 1000, mb))
    print("median: %.0f ms" % (statistics.median(t for t, _ in runs) * 1000))


if __name__ == "__main__":
    main()
