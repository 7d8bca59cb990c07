#!/usr/bin/env python3
"""Benchmark of the language server on a generated glossary (tests/bench/gen.py).

Usage: tests/bench/bench_server.py [--articles N] [--runs R] [--edits E] [--binary PATH]

Each run starts `glossary-ls --stdio` on the glossary (page cache warm), and measures, as the
client sees them: the time from sending `initialize` to its answer; the time from `initialized`
to the end of the initial index (the work-done progress "end"); then, with debounce 0, for E
incremental edits of an open article (one character typed), the time from sending didChange to
receiving its publishDiagnostics; and the server's peak RSS (VmHWM) before shutdown. Prints
medians over the runs (edits: median and p95 over all edits).
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench_check import ensure_binary, ensure_glossary, percentile  # noqa: E402


class Client:
    def __init__(self, binary, cwd):
        self.p = subprocess.Popen([binary, "--stdio"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=cwd)

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def recv(self):
        out = self.p.stdout
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            header += out.read(1)
        n = int(header.split(b":")[1].split(b"\r")[0])
        msg = json.loads(out.read(n))
        if "method" in msg and "id" in msg:
            self.send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
        return msg

    def wait_for(self, pred):
        while True:
            msg = self.recv()
            if pred(msg):
                return msg


def one_run(binary, root, edits):
    uri_root = "file://" + root
    c = Client(binary, root)
    t0 = time.perf_counter()
    c.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": os.getpid(), "rootUri": uri_root,
        "capabilities": {"window": {"workDoneProgress": True}},
        "initializationOptions": {"debounce": 0}}})
    c.wait_for(lambda m: m.get("id") == 1)
    t_init = time.perf_counter() - t0
    t1 = time.perf_counter()
    c.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    c.wait_for(lambda m: m.get("method") == "$/progress" and m["params"]["value"]["kind"] == "end")
    t_index = time.perf_counter() - t1
    folder = os.path.join(root, "Texts", "Norwegian")
    name = sorted(os.listdir(folder))[len(os.listdir(folder)) // 2]
    uri = uri_root + "/Texts/Norwegian/" + name
    text = open(os.path.join(folder, name), encoding="utf-8").read()
    c.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    c.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    line = text.count("\n", 0, text.index("\n# ")) + 3  # a body line after the title
    latencies = []
    for k in range(edits):
        # type a character, then delete it: the diagnostics alternate, so each is published
        version = 2 + k
        if k % 2 == 0:
            change = {"range": {"start": {"line": line, "character": 0},
                                "end": {"line": line, "character": 0}}, "text": "##X\n"}
        else:
            change = {"range": {"start": {"line": line, "character": 0},
                                "end": {"line": line + 1, "character": 0}}, "text": ""}
        start = time.perf_counter()
        c.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}})
        c.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics" and
                   m["params"].get("version") == version)
        latencies.append(time.perf_counter() - start)
    rss = 0
    with open("/proc/%d/status" % c.p.pid) as f:
        for row in f:
            if row.startswith("VmHWM:"):
                rss = int(row.split()[1]) / 1024.0
    c.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    c.wait_for(lambda m: m.get("id") == 2)
    c.send({"jsonrpc": "2.0", "method": "exit"})
    c.p.wait()
    return t_init, t_index, latencies, rss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=15000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--edits", type=int, default=200)
    ap.add_argument("--binary")
    args = ap.parse_args()
    binary = ensure_binary(args.binary)
    root = os.path.realpath(ensure_glossary(args.articles, 1))
    inits, indexes, lat, rss = [], [], [], []
    for _ in range(args.runs):
        a, b, c, d = one_run(binary, root, args.edits)
        inits.append(a)
        indexes.append(b)
        lat.extend(c)
        rss.append(d)
    print("machine: %s, %d cores, %s" % (platform.machine(), os.cpu_count(), platform.platform()))
    print("glossary-ls server, %d articles, %d runs, %d edits per run" %
          (args.articles, args.runs, args.edits))
    print("  initialize answered        %8.2f ms (median)" % (statistics.median(inits) * 1e3))
    print("  index ready                %8.1f ms (median)" % (statistics.median(indexes) * 1e3))
    print("  didChange -> diagnostics   %8.2f ms median, %.2f ms p95" %
          (statistics.median(lat) * 1e3, percentile(lat, 95) * 1e3))
    print("  peak RSS                   %8.1f MB (max)" % max(rss))


if __name__ == "__main__":
    main()
