#!/usr/bin/env python3
"""Soak benchmark: many mixed requests and edits against one language server, which must not crash,
must answer every request without an error, and must keep its memory steady.

Usage: tests/bench/soak.py [--articles N] [--requests Q] [--binary PATH] [--seed S]
                           [--warmup F] [--tolerance T] [--open-pool P] [--only KIND,...]

On a generated glossary (tests/bench/gen.py, cached under tests/bench/out/; one term linked from
1,000 articles) it starts `glossary-ls --stdio` (debounce 0: every edit publishes), waits for the
first index, opens the middle article and then sends Q messages drawn at random (seeded, so a run
can be repeated) from: didChange bursts (a link typed character by character at the end of the
article, then deleted), completion (+ completionItem/resolve), hover, definition, references
(the article's own term, now and then the hub term's 1,000 backlinks), documentSymbol,
documentLink, workspace/symbol, codeAction, prepareRename + rename (not applied), and didOpen /
didClose of other articles (at most 20 open; --open-pool P: drawn from P of them). Every request is answered before the next is sent.
VmRSS is sampled 200 times (every 100 messages at least); warm-up is the first F (0.1) of them. It fails (exit 1) when
the server dies, an answer is an error or missing (60 s), or the RSS at the end (median of the
last tenth's samples) is more than (1 + T) x the RSS after warm-up (median of the next tenth's;
T = 0.10). Prints a table per message kind and the RSS figures.
Must never write into the glossary: the server is only asked, never told to apply an edit.
"""
import argparse
import json
import os
import platform
import queue
import random
import re
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench_check import ensure_binary, ensure_glossary, percentile  # noqa: E402
from bench_server import hub_slug, middle_article  # noqa: E402

LINK = re.compile(r"\]\(/([^)#\s]+)")
PREFIXES = ["", "a", "re", "mar", "cap", "inv", "bond-", "x", "tax", "val", "zz"]
QUERIES = ["", "a", "risk", "market", "tax", "capital", "zzz", "investering", "bond"]
OPEN_MAX = 20


def utf16_col(line, idx):
    """The UTF-16 column of code point idx in line (the server's default encoding)."""
    return len(line[:idx].encode("utf-16-le")) // 2


def pos_of(text, offset):
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return {"line": line, "character": utf16_col(text[start:offset + 1], offset - start)}


class Client:
    """The server over pipes, read on a thread of its own like an editor does (a client that
    stops reading while it sends would deadlock with a server that blocks on a full pipe).
    Requests from the server are answered with null; replies go to a queue, and the
    notifications are only counted."""

    def __init__(self, binary, cwd):
        self.p = subprocess.Popen([binary, "--stdio"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=cwd)
        self.lock = threading.Lock()
        self.replies = queue.Queue()
        self.notifications = 0
        threading.Thread(target=self._read, daemon=True).start()

    def send(self, msg):
        body = json.dumps(msg).encode()
        with self.lock:
            self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.p.stdin.flush()

    def _read(self):
        out = self.p.stdout
        while True:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                c = out.read(1)
                if not c:
                    self.replies.put(None)
                    return
                header += c
            n = int(re.search(rb"Content-Length: *(\d+)", header, re.I).group(1))
            msg = json.loads(out.read(n))
            if "method" in msg and "id" in msg:
                self.send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
            elif "method" in msg:
                self.notifications += 1
            else:
                self.replies.put(msg)

    def reply(self, want, timeout=60):
        while True:
            msg = self.replies.get(timeout=timeout)
            if msg is None:
                raise BrokenPipeError("the server closed its output")
            if msg.get("id") == want:
                return msg


class Soak:
    def __init__(self, binary, root, seed, pool=0):
        self.pool = pool
        self.c = Client(binary, root)
        self.root = root
        self.rng = random.Random(seed)
        self.next_id = 10
        self.errors = []
        self.times = {}
        self.sent = 0

    def rss_kb(self):
        with open("/proc/%d/status" % self.c.p.pid) as f:
            for row in f:
                if row.startswith("VmRSS:"):
                    return int(row.split()[1])
        return 0

    def notify(self, method, params):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        self.c.send(msg)
        self.sent += 1

    def request(self, method, params, kind=None):
        self.next_id += 1
        want = self.next_id
        start = time.perf_counter()
        msg = {"jsonrpc": "2.0", "id": want, "method": method}
        if params is not None:
            msg["params"] = params
        self.c.send(msg)
        try:
            msg = self.c.reply(want)
        except queue.Empty:
            raise BrokenPipeError("no answer to %s within 60 s" % method)
        self.times.setdefault(kind or method, []).append(time.perf_counter() - start)
        self.sent += 1
        if "error" in msg:
            self.errors.append("%s: %s" % (method, msg["error"]))
            return None
        return msg.get("result")

    def start(self):
        self.request("initialize", {
            "processId": os.getpid(), "rootUri": "file://" + self.root,
            "capabilities": {"workspace": {"workspaceEdit": {
                "documentChanges": True, "resourceOperations": ["create", "rename", "delete"]}},
                "textDocument": {"completion": {"completionItem": {
                    "documentationFormat": ["markdown", "plaintext"],
                    "resolveSupport": {"properties": ["documentation"]}}}}},
            "initializationOptions": {"debounce": 0}})
        self.notify("initialized", {})
        self.request("workspace/symbol", {"query": "zzzz"}, "first index")  # waits for it
        folder = os.path.join(self.root, "Texts", "Norwegian")
        self.names = sorted(os.listdir(folder))
        if self.pool:  # the articles other than the main one that are opened and closed
            self.names = random.Random(1).sample(self.names, min(self.pool, len(self.names)))
        name, self.uri, self.text = middle_article(self.root)
        self.open_docs = {}
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": self.uri, "languageId": "markdown", "version": 1, "text": self.text}})
        self.version = 1
        self.links = [m.start(1) for m in LINK.finditer(self.text)]
        self.title = self.text.index("\n# ") + 3
        self.end_line = self.text.count("\n")
        hub = hub_slug(self.root)
        self.hub_uri = "file://%s/Texts/Norwegian/%s.md" % (self.root, hub) if hub else None
        if self.hub_uri:
            with open(os.path.join(folder, hub + ".md"), encoding="utf-8") as f:
                self.hub_text = f.read()
            self.notify("textDocument/didOpen", {"textDocument": {
                "uri": self.hub_uri, "languageId": "markdown", "version": 1,
                "text": self.hub_text}})
        self.renames = 0

    def doc(self):
        return {"uri": self.uri}

    def at_link(self):
        return pos_of(self.text, self.rng.choice(self.links) + 1)

    # ---- the mix ----------------------------------------------------------------------------

    def edit_burst(self):
        """Types '[x](/prefix' at the end of the article one character at a time, asks for a
        completion now and then, and deletes the line again: the text is as before."""
        typed = "Soak [x](/" + self.rng.choice(PREFIXES)
        line = self.end_line
        k = 0
        while k < len(typed):  # one to three characters a change, as an editor batches them
            n = self.rng.randint(1, 3)
            self.version += 1
            col = utf16_col(typed, k)
            self.notify("textDocument/didChange", {
                "textDocument": {"uri": self.uri, "version": self.version},
                "contentChanges": [{"range": {"start": {"line": line, "character": col},
                                              "end": {"line": line, "character": col}},
                                    "text": typed[k:k + n]}]})
            k += n
        if self.rng.random() < 0.5:
            res = self.request("textDocument/completion", {
                "textDocument": self.doc(),
                "position": {"line": line, "character": utf16_col(typed, len(typed))}},
                "completion (typing)")
            items = res.get("items", []) if isinstance(res, dict) else res or []
            if items and self.rng.random() < 0.5:
                self.request("completionItem/resolve", items[0])
        self.version += 1
        self.notify("textDocument/didChange", {
            "textDocument": {"uri": self.uri, "version": self.version},
            "contentChanges": [{"range": {"start": {"line": line, "character": 0},
                                          "end": {"line": line,
                                                  "character": utf16_col(typed, len(typed))}},
                                "text": ""}]})

    def completion(self):
        p = self.at_link()
        self.request("textDocument/completion", {"textDocument": self.doc(), "position": p})

    def hover(self):
        self.request("textDocument/hover", {"textDocument": self.doc(), "position": self.at_link()})

    def definition(self):
        self.request("textDocument/definition", {"textDocument": self.doc(),
                                                  "position": self.at_link()})

    def references(self):
        if self.hub_uri and self.rng.random() < 0.1:
            p = pos_of(self.hub_text, self.hub_text.index("\n# ") + 3)
            self.request("textDocument/references", {
                "textDocument": {"uri": self.hub_uri}, "position": p,
                "context": {"includeDeclaration": True}}, "references (hub)")
            return
        self.request("textDocument/references", {
            "textDocument": self.doc(), "position": pos_of(self.text, self.title),
            "context": {"includeDeclaration": False}})

    def document_symbol(self):
        self.request("textDocument/documentSymbol", {"textDocument": self.doc()})

    def document_link(self):
        self.request("textDocument/documentLink", {"textDocument": self.doc()})

    def workspace_symbol(self):
        self.request("workspace/symbol", {"query": self.rng.choice(QUERIES)})

    def code_action(self):
        start = self.rng.randrange(0, self.end_line)
        self.request("textDocument/codeAction", {
            "textDocument": self.doc(),
            "range": {"start": {"line": start, "character": 0},
                      "end": {"line": min(start + 3, self.end_line), "character": 0}},
            "context": {"diagnostics": []}})

    def rename(self):
        p = pos_of(self.text, self.title)
        self.request("textDocument/prepareRename", {"textDocument": self.doc(), "position": p})
        self.renames += 1
        self.request("textDocument/rename", {"textDocument": self.doc(), "position": p,
                                             "newName": "soak-renamed-%d" % self.renames})

    def open_close(self):
        if self.open_docs and (len(self.open_docs) >= OPEN_MAX or self.rng.random() < 0.5):
            uri = self.rng.choice(sorted(self.open_docs))
            del self.open_docs[uri]
            self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
            return
        name = self.rng.choice(self.names)
        uri = "file://%s/Texts/Norwegian/%s" % (self.root, name)
        if uri in self.open_docs or uri in (self.uri, self.hub_uri):
            return
        with open(os.path.join(self.root, "Texts", "Norwegian", name), encoding="utf-8") as f:
            text = f.read()
        self.open_docs[uri] = True
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": text}})

    def mix(self):
        return [(12, self.edit_burst), (12, self.completion), (12, self.hover),
                (8, self.definition), (5, self.references), (5, self.document_symbol),
                (3, self.document_link), (5, self.workspace_symbol), (6, self.code_action),
                (3, self.rename), (6, self.open_close)]

    def shutdown(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        return self.c.p.wait(timeout=30)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=15000)
    ap.add_argument("--requests", type=int, default=100000,
                    help="messages to send (requests and notifications)")
    ap.add_argument("--binary")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--warmup", type=float, default=0.1)
    ap.add_argument("--tolerance", type=float, default=0.10)
    ap.add_argument("--sample-every", type=int, default=0,
                    help="messages between RSS samples (default: 200 samples, every 100 at least)")
    ap.add_argument("--open-pool", type=int, default=0,
                    help="open and close only this many articles (0: any); see the README on RSS")
    ap.add_argument("--verbose", action="store_true", help="print every RSS sample")
    ap.add_argument("--only", help="comma-separated kinds of the mix (e.g. hover,edit_burst), "
                    "to find which one grows")
    args = ap.parse_args()
    binary = ensure_binary(args.binary)
    if not args.sample_every:
        args.sample_every = max(100, args.requests // 200)
    root = os.path.realpath(ensure_glossary(args.articles, 1, hub=min(1000, args.articles // 2)))
    s = Soak(binary, root, args.seed, args.open_pool)
    t0 = time.perf_counter()
    s.start()
    t_ready = time.perf_counter() - t0
    mix = s.mix()
    if args.only:
        mix = [(w, f) for w, f in mix if f.__name__ in args.only.split(",")]
    weights = [w for w, _ in mix]
    samples = []  # (messages sent, VmRSS kB)
    next_sample = 0
    warm_at = int(args.requests * args.warmup)
    t1 = time.perf_counter()
    failure = None
    try:
        while s.sent < args.requests:
            if s.sent >= next_sample:
                samples.append((s.sent, s.rss_kb()))
                next_sample += args.sample_every
            s.rng.choices(mix, weights)[0][1]()
        samples.append((s.sent, s.rss_kb()))
    except (BrokenPipeError, ValueError, OSError) as e:
        failure = "the server is gone (%s), exit status %s" % (e, s.c.p.poll())
    elapsed = time.perf_counter() - t1
    code = None if failure else s.shutdown()
    if code not in (0, None):
        failure = "exit status %d" % code
    # Steady: the typical RSS just after warm-up (median of the samples of the next tenth of the
    # run) against the typical RSS at the end (median of the last tenth). Medians, because one
    # large answer (the hub's 1,000 references) lifts a single sample for a moment.
    tenth = max(1, args.requests // 10)
    window = [kb for n, kb in samples if warm_at <= n < warm_at + tenth]
    rss_warm = statistics.median(window) if window else (samples[0][1] if samples else 0)
    last = [kb for n, kb in samples if n >= s.sent - tenth]
    rss_end = statistics.median(last) if last else 0
    after = [kb for n, kb in samples if n >= warm_at]
    rss_max = max(after) if after else 0

    print("machine: %s, %d cores, %s" % (platform.machine(), os.cpu_count(), platform.platform()))
    print("glossary-ls soak: %d articles, %d messages (seed %d) in %.1f s (%.0f/s); "
          "first index %.1f s" % (args.articles, s.sent, args.seed, elapsed,
                                 s.sent / elapsed if elapsed else 0, t_ready))
    print("  %-24s %8s %10s %10s %10s" % ("request", "count", "median ms", "p99 ms", "max ms"))
    for kind in sorted(s.times):
        v = s.times[kind]
        print("  %-24s %8d %10.2f %10.2f %10.2f" % (kind, len(v), statistics.median(v) * 1e3,
                                                    percentile(v, 99) * 1e3, max(v) * 1e3))
    edits = s.sent - sum(len(v) for v in s.times.values())
    print("  %-24s %8d" % ("notifications sent", edits))
    print("  %-24s %8d" % ("notifications received", s.c.notifications))
    print("  RSS: %.1f MB after warm-up (first %d messages), %.1f MB at the end (limit %.1f MB; "
          "medians of a tenth of the run), %.1f MB at most" % (
              rss_warm / 1024, warm_at, rss_end / 1024, rss_warm * (1 + args.tolerance) / 1024,
              rss_max / 1024))
    if args.verbose:
        print("  RSS samples (messages: MB): " + ", ".join(
            "%d: %.1f" % (n, kb / 1024) for n, kb in samples))
    print("  error replies: %d" % len(s.errors))
    for e in s.errors[:10]:
        print("    " + e)
    if failure is None and s.errors:
        failure = "%d error replies" % len(s.errors)
    if failure is None and rss_end > rss_warm * (1 + args.tolerance):
        failure = "RSS grew from %.1f to %.1f MB after warm-up" % (rss_warm / 1024,
                                                                  rss_end / 1024)
    print("FAIL: " + failure if failure else "OK")
    sys.exit(1 if failure else 0)


if __name__ == "__main__":
    main()
