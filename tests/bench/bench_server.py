#!/usr/bin/env python3
"""Benchmark of the language server on a generated glossary (tests/bench/gen.py).

Usage: tests/bench/bench_server.py [--articles N] [--runs R] [--edits E] [--requests Q]
                                    [--binary PATH] [--cold] [--compare [--compare-runs R2]]

Each run starts `glossary-ls --stdio` on the glossary (page cache warm, or with --cold emptied
before each run, as after a reboot; one term, the "hub", is
linked from 1,000 articles) and measures, as the client sees them: the time from sending
`initialize` to its answer; the time from `initialized` to the end of the initial index (the
work-done progress "end"); then, with debounce 0, for E incremental edits of an open article, the
time from sending didChange to receiving its publishDiagnostics; Q completions of a slug in a link
destination (cycling through prefixes) with their response sizes; Q hovers on a link; references
of the hub term; a rename of the hub term (1,000 backlinks and the file); and the server's peak RSS
(VmHWM) before shutdown. Prints medians (and p95) over all runs. A request's time runs from
writing it (already encoded) to reading the last byte of its answer, before the client parses it:
the client's own JSON work is not the server's.

With --compare, the same scenario runs against Microsoft's vscode-markdown-languageserver 0.5.0
(tests/bench/compare/mdls: `npm ci` there first; see its README for how each step maps onto that
server) on the same glossary, and a second table gives its figures and the ratios.
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
from bench_check import drop_caches, ensure_binary, ensure_glossary, percentile  # noqa: E402


class Client:
    def __init__(self, binary, cwd):
        self.p = subprocess.Popen([binary, "--stdio"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=cwd)

    @staticmethod
    def encode(msg):
        """The framed bytes of msg: encoded before a clock starts, so that no timing includes the
        client's own JSON writing."""
        body = json.dumps(msg).encode()
        return b"Content-Length: %d\r\n\r\n" % len(body) + body

    def write(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def send(self, msg):
        self.write(self.encode(msg))

    def recv(self):
        """The next message. self.arrived is when its last byte was read, before it is parsed:
        timings end there, so that they do not include the client's own JSON parsing."""
        out = self.p.stdout
        n = None
        while True:
            line = out.readline()
            if not line:
                raise EOFError("the server closed its output")
            if line == b"\r\n":
                break
            if line.lower().startswith(b"content-length:"):
                n = int(line.split(b":")[1])
        body = out.read(n)
        self.arrived = time.perf_counter()
        msg = json.loads(body)
        if "method" in msg and "id" in msg:
            self.send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
        return msg

    def wait_for(self, pred):
        while True:
            msg = self.recv()
            if pred(msg):
                return msg


def request(c, id_, method, params):
    """Sends a request and waits for its answer. Returns the time from writing it to reading the
    answer's last byte (s), the answer's size as JSON (bytes) and the answer."""
    data = c.encode({"jsonrpc": "2.0", "id": id_, "method": method, "params": params})
    start = time.perf_counter()
    c.write(data)
    msg = c.wait_for(lambda m: m.get("id") == id_)
    return c.arrived - start, len(json.dumps(msg)), msg


def middle_article(root):
    """The article the benchmarks open and edit: the middle file of Texts/Norwegian.
    Returns its name, file:// URI and text."""
    folder = os.path.join(root, "Texts", "Norwegian")
    names = sorted(os.listdir(folder))
    name = names[len(names) // 2]
    with open(os.path.join(folder, name), encoding="utf-8") as f:
        text = f.read()
    return name, "file://" + root + "/Texts/Norwegian/" + name, text


def first_link_position(text):
    """The LSP position inside the text of the first `](/` link of text (where hovers are asked)."""
    at = text.index("](/")
    return {"line": text.count("\n", 0, at), "character": at - text.rfind("\n", 0, at) - 2}


def hovers_while_indexing(c, uri, text, pos):
    """Sends `initialized`, opens the article (uri, text) and, while the first index runs, asks a
    hover at pos every 10 ms. Returns the index time in seconds (`initialized` to the end of its
    progress) and [(latency s, asked at s after `initialized`)] of the hovers answered while it
    ran, in order."""
    t1 = time.perf_counter()
    c.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    c.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    during, k, indexing, t_index = [], 0, True, None
    while indexing:
        want = 100000 + k
        data = c.encode({"jsonrpc": "2.0", "id": want, "method": "textDocument/hover",
                         "params": {"textDocument": {"uri": uri}, "position": pos}})
        start = time.perf_counter()
        c.write(data)
        while True:
            msg = c.recv()
            if msg.get("method") == "$/progress" and msg["params"]["value"]["kind"] == "end":
                indexing = False
                t_index = c.arrived - t1
            if msg.get("id") == want:
                break
        if indexing:
            during.append((c.arrived - start, start - t1))
            time.sleep(0.01)  # a fast typist's pace, not a flood that would slow the index
        k += 1
    return t_index, during


def typing_latencies(c, uri, text, edits):
    """Types "##X" on a body line and deletes it again, `edits` times (versions 2, 3, ...), and
    returns each didChange -> publishDiagnostics time in seconds. The diagnostics alternate, so
    every edit's are published."""
    line = text.count("\n", 0, text.index("\n# ")) + 3  # a body line after the title
    latencies = []
    for k in range(edits):
        version = 2 + k
        if k % 2 == 0:
            change = {"range": {"start": {"line": line, "character": 0},
                                "end": {"line": line, "character": 0}}, "text": "##X\n"}
        else:
            change = {"range": {"start": {"line": line, "character": 0},
                                "end": {"line": line + 1, "character": 0}}, "text": ""}
        data = c.encode({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}})
        start = time.perf_counter()
        c.write(data)
        c.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics" and
                   m["params"].get("version") == version)
        latencies.append(c.arrived - start)
    return latencies


def shutdown(c):
    c.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    c.wait_for(lambda m: m.get("id") == 2)
    c.send({"jsonrpc": "2.0", "method": "exit"})
    c.p.wait()


def one_run(binary, root, edits, requests):
    uri_root = "file://" + root
    c = Client(binary, root)
    t0 = time.perf_counter()
    c.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": os.getpid(), "rootUri": uri_root,
        "capabilities": {"window": {"workDoneProgress": True}, "workspace": {"workspaceEdit": {
            "documentChanges": True, "resourceOperations": ["create", "rename", "delete"]}},
            # what VS Code 1.9x declares for completion
            "textDocument": {"completion": {
                "completionItem": {"documentationFormat": ["markdown", "plaintext"],
                                   "resolveSupport": {"properties": ["documentation", "detail"]}},
                "completionList": {"itemDefaults": ["commitCharacters", "editRange",
                                                    "insertTextFormat", "insertTextMode", "data"]}}}},
        "initializationOptions": {"debounce": 0}}})
    c.wait_for(lambda m: m.get("id") == 1)
    t_init = time.perf_counter() - t0
    folder = os.path.join(root, "Texts", "Norwegian")
    name, uri, text = middle_article(root)
    hover_pos = first_link_position(text)
    t_index, during = hovers_while_indexing(c, uri, text, hover_pos)
    during = [latency for latency, _ in during]
    time.sleep(0.05)  # the document's complete diagnostics follow the index
    latencies = typing_latencies(c, uri, text, edits)
    # completions: a new line "[x](/<prefix>" at the end of the document, cycling prefixes
    last = text.count("\n")
    prefixes = ["", "a", "re", "mar", "cap", "inv", "bond-", "x", "tax", "val"]
    comp, comp_size, version = [], [], 2 + edits
    for k in range(requests):
        line = "[x](/" + prefixes[k % len(prefixes)]
        c.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": last, "character": 0},
                                          "end": {"line": last + 1, "character": 0}},
                                "text": line + "\n"}]}})
        version += 1
        t, size, _ = request(c, 1000 + k, "textDocument/completion", {
            "textDocument": {"uri": uri}, "position": {"line": last, "character": len(line)}})
        comp.append(t)
        comp_size.append(size)
    # hovers on the first link of the article
    hov = [request(c, 5000 + k, "textDocument/hover", {"textDocument": {"uri": uri},
                                                        "position": hover_pos})[0]
           for k in range(requests)]
    # references of the edited article itself (a typical term: a handful of backlinks)
    own_line = {"line": text.count("\n", 0, text.index("\n# ") + 1), "character": 3}
    refs_typical, n_typical = [], 0
    for k in range(requests):
        t, _, msg = request(c, 7000 + k, "textDocument/references", {
            "textDocument": {"uri": uri}, "position": own_line,
            "context": {"includeDeclaration": False}})
        refs_typical.append(t)
        n_typical = len(msg.get("result") or [])
    refs, n_refs, ren, n_edits = [], 0, [], 0
    hub = hub_slug(root)
    if hub:
        # references and rename of the hub term, from its title line
        hub_uri = uri_root + "/Texts/Norwegian/" + hub + ".md"
        hub_text = open(os.path.join(folder, hub + ".md"), encoding="utf-8").read()
        c.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": hub_uri, "languageId": "markdown", "version": 1, "text": hub_text}}})
        title_line = {"line": hub_text.count("\n", 0, hub_text.index("\n# ") + 1), "character": 3}
        refs, n_refs = [], 0
        for k in range(5):
            t, _, msg = request(c, 8000 + k, "textDocument/references", {
                "textDocument": {"uri": hub_uri}, "position": title_line,
                "context": {"includeDeclaration": False}})
            refs.append(t)
            if "result" not in msg:
                raise SystemExit("references failed: %s" % msg)
            n_refs = len(msg["result"])
        ren, n_edits = [], 0
        for k in range(5):
            t, size, msg = request(c, 9000 + k, "textDocument/rename", {
                "textDocument": {"uri": hub_uri}, "position": title_line, "newName": "renamed-hub"})
            ren.append(t)
            n_edits = sum(len(d.get("edits", [])) for d in msg["result"]["documentChanges"])
    rss = 0
    with open("/proc/%d/status" % c.p.pid) as f:
        for row in f:
            if row.startswith("VmHWM:"):
                rss = int(row.split()[1]) / 1024.0
    shutdown(c)
    return {"init": t_init, "index": t_index, "edit": latencies, "rss": rss, "completion": comp,
            "completion_size": comp_size, "hover": hov, "references": refs, "n_refs": n_refs,
            "rename": ren, "n_edits": n_edits, "references_typical": refs_typical,
            "n_typical": n_typical, "during_index": during}


def hub_slug(root):
    folder = os.path.join(root, "Texts", "Norwegian")
    for name in sorted(os.listdir(folder)):
        text = open(os.path.join(folder, name), encoding="utf-8").read()
        at = text.find("[the hub term](/")
        if at >= 0:
            return text[at + 16:text.index(")", at)]
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=15000)
    ap.add_argument("--languages", type=int, default=1,
                    help="articles per language x languages (no hub term when more than 1)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--edits", type=int, default=200)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--binary")
    ap.add_argument("--cold", action="store_true",
                    help="empty the page cache before each run (root only): a first start")
    ap.add_argument("--compare", action="store_true",
                    help="also run vscode-markdown-languageserver (tests/bench/compare/mdls)")
    ap.add_argument("--compare-runs", type=int, default=3)
    args = ap.parse_args()
    binary = ensure_binary(args.binary)
    root = os.path.realpath(ensure_glossary(args.articles, args.languages,
                                            hub=1000 if args.languages == 1 else 0))
    runs = []
    for _ in range(args.runs):
        if args.cold:
            drop_caches()
        runs.append(one_run(binary, root, args.edits, args.requests))

    def all_of(key):
        out = []
        for r in runs:
            out.extend(r[key] if isinstance(r[key], list) else [r[key]])
        return out

    def ms(key, p=None):
        v = all_of(key)
        if not v:
            return float("nan")
        return (percentile(v, p) if p else statistics.median(v)) * 1e3

    print("machine: %s, %d cores, %s" % (platform.machine(), os.cpu_count(), platform.platform()))
    print("glossary-ls server, %d articles x %d language(s), %d runs, page cache %s" % (
        args.articles, args.languages, args.runs, "emptied before each" if args.cold else "warm"))
    print("  initialize answered        %8.2f ms (median)" % ms("init"))
    print("  index ready                %8.1f ms (median)" % ms("index"))
    during = all_of("during_index")
    if during:
        print("  hover while indexing       %8.2f ms median, %.2f ms max (%d requests)" % (
            ms("during_index"), max(during) * 1e3, len(during)))
    print("  didChange -> diagnostics   %8.2f ms median, %.2f ms p95" % (ms("edit"), ms("edit", 95)))
    print("  completion                 %8.2f ms median, %.2f ms p95, largest response %d bytes" %
          (ms("completion"), ms("completion", 95), max(all_of("completion_size"))))
    print("  hover                      %8.2f ms median, %.2f ms p95" % (ms("hover"), ms("hover", 95)))
    print("  references (%4d links)    %8.2f ms median, %.2f ms p95" %
          (runs[0]["n_typical"], ms("references_typical"), ms("references_typical", 95)))
    print("  references (%4d links)    %8.2f ms median" % (runs[0]["n_refs"], ms("references")))
    print("  rename (%4d edits + file)  %8.2f ms median" % (runs[0]["n_edits"], ms("rename")))
    print("  peak RSS                   %8.1f MB (max)" % max(all_of("rss")))
    if args.compare:
        compare(args, root, runs, ms, all_of)


def compare(args, root, runs, ms, all_of):
    """Runs tests/bench/compare/mdls/driver.mjs on the same glossary and prints the ratios."""
    here = os.path.join(HERE, "compare", "mdls")
    if not os.path.isdir(os.path.join(here, "node_modules")):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=here,
                       check=True)
    name, _, _ = middle_article(root)
    out = subprocess.run(["node", "driver.mjs", "--root", root, "--open",
                          "Texts/Norwegian/" + name, "--hub", hub_slug(root), "--typical",
                          name[:-3], "--edits", str(args.edits), "--requests",
                          str(args.requests), "--runs", str(args.compare_runs)],
                         cwd=here, check=True, capture_output=True, text=True).stdout
    other = json.loads(out)

    def theirs(key, p=None):
        v = [x for x in other.get(key) or [] if x is not None]
        if not v:
            return None
        return percentile(v, p) if p else statistics.median(v)

    print("%s on node %s, same glossary, %d runs" % (other["server"], other["node"],
                                                    other["runs"]))
    print("  %-26s %12s %12s %8s" % ("", "theirs", "ours", "ratio"))
    rows = [("initialize", theirs("init_ms"), ms("init")),
            ("index ready", theirs("index_ms"), ms("index")),
            ("didChange -> diagnostics", theirs("edit_ms"), ms("edit")),
            ("  p95", theirs("edit_ms", 95), ms("edit", 95)),
            ("completion", theirs("completion_ms"), ms("completion")),
            ("  p95", theirs("completion_ms", 95), ms("completion", 95)),
            ("hover" + (" (theirs: null)" if other.get("hover_null") else ""),
             theirs("hover_ms"), ms("hover")),
            ("references (hub)", theirs("references_ms"), ms("references")),
            ("references (typical)", theirs("references_typical_ms"), ms("references_typical")),
            ("rename (hub)", theirs("rename_ms"), ms("rename"))]
    for label, t, o in rows:
        if t is None:
            print("  %-26s %12s %9.2f ms" % (label, "n/a", o))
        else:
            print("  %-26s %9.2f ms %9.2f ms %7.0fx" % (label, t, o, t / o if o else 0))
    size = max(other.get("completion_bytes") or [0])
    print("  %-26s %9.1f KB %9.1f KB" % ("largest completion", size / 1024.0,
                                          max(all_of("completion_size")) / 1024.0))
    rss = max(other.get("rss_mb") or [0])
    print("  %-26s %9.1f MB %9.1f MB %7.0fx" % ("peak RSS", rss, max(all_of("rss")),
                                                 rss / max(all_of("rss"))))
    for note in other.get("notes", []):
        print("  note: %s" % note)

if __name__ == "__main__":
    main()
