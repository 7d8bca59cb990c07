#!/usr/bin/env python3
"""Hostile-input tests of the language server (issue 7): raw bytes, huge inputs and systematically
generated bad params that the transcript format cannot express, played against the real server.

Usage: run_hostile.py GLOSSARY_LS SOURCE_ROOT [--sanitized] [CASE...]      (TAP output)

Every case starts the server on a copy of a workspace, sends something hostile and checks that it
is answered with a clear JSON-RPC error, a finding, or a clean exit, within its time limit (times
--sanitized multiplies by 4), and that the server then still answers a normal request wherever
the stream is still in sync. Every case also fails when a request is answered twice, when the
server dies of a signal, or when a sanitizer reports anything on stderr. `--list` prints the
cases. Must never pass a case it did not check: a missing answer is a failure, not a skip.
"""
import copy
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_transcripts import Server, frame  # noqa: E402  (the transcripts' client)

SLOW = 1.0  # time limits are multiplied by this (4 under sanitizers)
WALL = 10   # a wait on the clock may last this many times its CPU limit (a loaded machine)
CASES = []


class Fail(Exception):
    pass


def case(limit):
    """Registers a test case; limit: seconds the whole case may take (times SLOW)."""
    def register(fn):
        CASES.append((fn.__name__[5:], fn, limit))
        return fn
    return register


def rawframe(body):
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def uri_of(ws, rel):
    return "file://" + ws + "/" + rel


class Session:
    """One server process on a copy of a workspace, initialized (unless init=False), with the
    messages it sent kept until a check takes them."""

    def __init__(self, root, workspace="tests/sample", args=(), encoding=None, init=True,
                 caps=None, options=None, files=None):
        self.tmp = tempfile.mkdtemp(prefix="glossary-hostile-")
        self.ws = os.path.join(self.tmp, "ws")
        if workspace:
            shutil.copytree(os.path.join(root, workspace), self.ws, symlinks=True)
        else:
            os.makedirs(self.ws)
        self.ws = os.path.realpath(self.ws)
        for rel, text in (files or {}).items():
            path = os.path.join(self.ws, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(text if isinstance(text, bytes) else text.encode("utf-8"))
        self.root_uri = "file://" + self.ws
        self.server = Server(BINARY, list(args), self.ws, [None])
        self.backlog = []
        self.replies = {}   # id (as JSON text) -> how many responses carried it
        self.next_id = 1000
        self.issued = set()  # ids of requests sent through send_request: answered once each
        self.encoding = None
        if init:
            self.initialize(encoding, caps, options)

    # ---- sending ----
    def send(self, msg):
        self.server.write(frame(msg))

    def raw(self, data):
        self.server.write(data)

    def notify(self, method, params=None):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)

    def send_request(self, method, params=None):
        self.next_id += 1
        self.issued.add(self.next_id)
        msg = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        return self.next_id

    def request(self, method, params=None, timeout=5):
        return self.reply(self.send_request(method, params), timeout)

    # ---- receiving ----
    def _pull(self, deadline):
        left = deadline - time.time()
        if left <= 0:
            return "timeout"
        try:
            msg = self.server.messages.get(timeout=left)
        except queue.Empty:
            return "timeout"
        if msg is None:
            self.server.messages.put(None)  # stays gone for later reads
            return None
        if "method" not in msg and "id" in msg:
            key = json.dumps(msg["id"])
            self.replies[key] = self.replies.get(key, 0) + 1
            if self.replies[key] > 1 and msg["id"] in self.issued:
                raise Fail("request %s answered twice: %s" % (key, json.dumps(msg)[:300]))
        return msg

    def wait_for(self, pred, timeout, what):
        for i, msg in enumerate(self.backlog):
            if pred(msg):
                return self.backlog.pop(i)
        deadline = time.time() + timeout * SLOW
        while True:
            msg = self._pull(deadline)
            if msg == "timeout" or msg is None:
                raise Fail("no %s within %.1f s (%s)%s" % (
                    what, timeout * SLOW, "timeout" if msg else "the server is gone",
                    self.stderr_tail()))
            if pred(msg):
                return msg
            self.backlog.append(msg)

    def reply(self, rid, timeout=5):
        return self.wait_for(lambda m: "method" not in m and m.get("id") == rid, timeout,
                             "answer to request %r" % rid)

    def diagnostics(self, uri, timeout=5, pred=None):
        return self.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics" and
                             m["params"]["uri"] == uri and (pred is None or pred(m["params"])),
                             timeout, "diagnostics of %s" % uri)

    def drain(self, seconds=0.0):
        """Moves everything that arrives within seconds into the backlog; returns the backlog."""
        deadline = time.time() + seconds
        while True:
            msg = self._pull(deadline) if seconds > 0 else self._pull_now()
            if msg in ("timeout", None):
                return self.backlog
            self.backlog.append(msg)

    def _pull_now(self):
        try:
            msg = self.server.messages.get_nowait()
        except queue.Empty:
            return "timeout"
        self.server.messages.put(msg)
        return self._pull(time.time() + 1)

    def forget(self):
        self.backlog = []

    def stderr_tail(self, n=8):
        tail = "".join(self.server.stderr[-n:]).strip()
        return ("\n  server stderr: " + tail.replace("\n", "\n  ")) if tail else ""

    # ---- lifecycle ----
    def initialize(self, encoding=None, caps=None, options=None):
        caps = copy.deepcopy(caps) if caps is not None else {}
        if encoding:
            caps.setdefault("general", {})["positionEncodings"] = [encoding]
        params = {"processId": None, "rootUri": self.root_uri, "capabilities": caps,
                  "initializationOptions": options if options is not None else {"debounce": 0}}
        result = self.request("initialize", params)
        if "result" not in result:
            raise Fail("initialize failed: %s" % json.dumps(result)[:300])
        self.encoding = result["result"]["capabilities"]["positionEncoding"]
        self.notify("initialized", {})
        self.request("workspace/symbol", {"query": ""}, timeout=20)  # the index is complete

    def open(self, rel, text, version=1):
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri_of(self.ws, rel), "languageId": "markdown", "version": version,
            "text": text}})

    def alive(self, what="", title="Sales Team"):
        """The server still answers a normal request correctly: workspace/symbol finds title."""
        r = self.request("workspace/symbol", {"query": title}, timeout=10)
        names = [x.get("name") for x in r.get("result") or []]
        if title not in names:
            raise Fail("after %s the server answers workspace/symbol wrongly: %s" % (
                what or "that", json.dumps(r)[:300]))

    def peak_rss_mb(self):
        try:
            with open("/proc/%d/status" % self.server.proc.pid) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024.0
        except OSError:
            pass
        return 0.0

    def cpu_seconds(self):
        """CPU time the server (all its threads) has used so far."""
        try:
            with open("/proc/%d/stat" % self.server.proc.pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            return 0.0

    def exit_code(self, timeout=5):
        try:
            return self.server.proc.wait(timeout=timeout * SLOW)
        except subprocess.TimeoutExpired:
            raise Fail("the server did not exit within %.1f s" % (timeout * SLOW))

    def close(self):
        """Ends the session; fails when the server died of a signal or a sanitizer spoke. Called
        from a finally clause, it keeps the case's own failure first."""
        pending = sys.exc_info()[1]
        try:
            self._close()
        except Fail as e:
            if pending is not None:
                raise Fail("%s\n(then, closing: %s)" % (pending, e))
            raise

    def _close(self):
        try:
            proc = self.server.proc
            if proc.poll() is None:
                try:
                    proc.stdin.close()
                except OSError:
                    pass
                try:
                    proc.wait(timeout=10 * SLOW)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
                    raise Fail("the server did not end when its input closed")
            time.sleep(0.01)  # the stderr thread reads the last lines
            err = "".join(self.server.stderr)
            if re.search(r"AddressSanitizer|LeakSanitizer|runtime error:", err):
                raise Fail("sanitizer report:\n" + err[-3000:])
            if proc.returncode < 0:
                raise Fail("the server died of signal %d%s" % (-proc.returncode,
                                                                self.stderr_tail(20)))
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)


def error_code(msg):
    return msg.get("error", {}).get("code") if isinstance(msg.get("error"), dict) else None


def expect_error(msg, code, pattern=None):
    if error_code(msg) != code:
        raise Fail("expected error %d, got %s" % (code, json.dumps(msg)[:400]))
    if pattern and not re.search(pattern, msg["error"].get("message", "")):
        raise Fail("error message %r does not match /%s/" % (msg["error"].get("message"), pattern))
    if not msg["error"].get("message"):
        raise Fail("error without a message: %s" % json.dumps(msg))


def find_pos(text, needle, enc, delta=0):
    """(line, character) of needle's first byte + delta characters, in enc units."""
    off = text.index(needle) + delta
    line = text.count("\n", 0, off)
    col = text[text.rfind("\n", 0, off) + 1:off]
    return line, units(col, enc)


def units(s, enc):
    if enc == "utf-8":
        return len(s.encode("utf-8"))
    if enc == "utf-16":
        return len(s.encode("utf-16-le")) // 2
    return len(s)


def pos(line, character):
    return {"line": line, "character": character}


SALES = "Texts/English/sales-team.md"


# ---- framing: headers the stream cannot recover from end the server with status 1 -------------

FATAL_HEADERS = [
    ("missing", b"Content-Type: application/vscode-jsonrpc\r\n\r\n{}", "without a Content-Length"),
    ("empty header section", b"\r\n{}", "without a Content-Length"),
    ("negative", b"Content-Length: -5\r\n\r\n{}", "not a non-negative number"),
    ("non-numeric", b"Content-Length: abc\r\n\r\n{}", "not a non-negative number"),
    ("hexadecimal", b"Content-Length: 0x10\r\n\r\n{}", "not a non-negative number"),
    ("exponent", b"Content-Length: 1e3\r\n\r\n{}", "not a non-negative number"),
    ("empty value", b"Content-Length: \r\n\r\n{}", "has no value"),
    ("huge", b"Content-Length: 99999999999999999999999999\r\n\r\n", "exceeds the 64 MiB limit"),
    ("just over 64 MiB", b"Content-Length: 67108865\r\n\r\n{", "exceeds the 64 MiB limit"),
    ("duplicated, different", b"Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
     "two different Content-Length"),
    ("64 KB header line", b"X-Padding: " + b"x" * 65536 + b"\r\nContent-Length: 2\r\n\r\n{}",
     "header section longer than"),
    ("64 KB without a line end", b"Content-Length: 2" + b"0" * 65536, "header section longer"),
    ("header line without a colon", b"Content-Length 2\r\n\r\n{}", "malformed header"),
]


@case(limit=10)
def case_fatal_headers(root):
    """Each broken header ends the server with status 1 and a sentence on stderr, at once (no
    waiting for an announced body, no allocation of it); the request before it in the same read
    is still answered."""
    for name, data, why in FATAL_HEADERS:
        s = Session(root, workspace=None)
        try:
            before = {"jsonrpc": "2.0", "id": 77, "method": "workspace/symbol",
                      "params": {"query": ""}}
            t0 = time.time()
            s.raw(frame(before) + data)
            r = s.reply(77)
            if "result" not in r:
                raise Fail("%s: the request before the broken header: %s" % (name, r))
            code = s.exit_code(timeout=3)
            if code != 1:
                raise Fail("%s: exit status %d, want 1" % (name, code))
            if time.time() - t0 > 2 * SLOW:
                raise Fail("%s: took %.1f s" % (name, time.time() - t0))
            time.sleep(0.05)
            if not re.search(re.escape(why), "".join(s.server.stderr)):
                raise Fail("%s: stderr does not say '%s':%s" % (name, why, s.stderr_tail()))
        except Fail as e:
            raise Fail("%s: %s" % (name, e)) if not str(e).startswith(name) else e
        finally:
            s.close()


@case(limit=10)
def case_framing_recoverable(root):
    """Headers the stream survives: the same Content-Length twice, any case, LF line ends,
    unknown headers, a Content-Type with a charset; and a body cut in pieces."""
    s = Session(root)
    try:
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "workspace/symbol",
                           "params": {"query": ""}}).encode()
        n = len(body)
        variants = [
            b"Content-Length: %d\r\ncontent-length: %d\r\n\r\n" % (n, n),
            b"CONTENT-LENGTH:%d\n\n" % n,
            b"X-Whatever: 1\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n"
            b"Content-Length: \t%d \r\n\r\n" % n,
            b"Content-Length: 000%d\r\n\r\n" % n,
        ]
        for k, head in enumerate(variants):
            b = body.replace(b'"id": 1', b'"id": %d' % (k + 1))
            s.raw(head + b)
            r = s.reply(k + 1)
            if "result" not in r:
                raise Fail("variant %d: %s" % (k, r))
        whole = rawframe(body.replace(b'"id": 1', b'"id": 50'))
        for i in range(0, len(whole), 7):  # pieces that split the header and the body
            s.raw(whole[i:i + 7])
            time.sleep(0.001)
        if "result" not in s.reply(50):
            raise Fail("a frame in pieces was not answered")
        s.alive("recoverable headers")
    finally:
        s.close()


# ---- bodies that are not a JSON-RPC message: answered with an error, the stream stays in sync --

def deep(n, open_, close_, inner=b"1"):
    return open_ * n + inner + close_ * n


BAD_BODIES = [
    ("not UTF-8 in a string", b'{"jsonrpc":"2.0","id":1,"method":"workspace/symbol",'
     b'"params":{"query":"\xff\xfe"}}', -32700, "invalid JSON"),
    ("not UTF-8 outside strings", b'{"jsonrpc":"2.0","id":1,\xff}', -32700, "invalid JSON"),
    ("overlong UTF-8", b'{"jsonrpc":"2.0","id":1,"method":"workspace/symbol",'
     b'"params":{"query":"\xc0\xaf"}}', -32700, "invalid JSON"),
    ("UTF-8 surrogate", b'{"jsonrpc":"2.0","id":1,"method":"workspace/symbol",'
     b'"params":{"query":"\xed\xa0\x80"}}', -32700, "invalid JSON"),
    ("lone surrogate escape", b'{"jsonrpc":"2.0","id":1,"method":"workspace/symbol",'
     b'"params":{"query":"\\ud800"}}', -32700, "invalid JSON"),
    ("UTF-16 body", '{"jsonrpc":"2.0","id":1,"method":"shutdown"}'.encode("utf-16"), -32700,
     "invalid JSON"),
    ("raw NUL byte", b'{"jsonrpc":"2.0","id":1,"method":"workspace/symbol",'
     b'"params":{"query":"a\x00b"}}', -32700, "invalid JSON"),
    ("truncated", b'{"jsonrpc":"2.0","id":1,"method":"shut', -32700, "invalid JSON"),
    ("empty body", b"", -32700, "invalid JSON"),
    ("trailing garbage", b'{"jsonrpc":"2.0","id":1,"method":"shutdown"} x', -32700,
     "invalid JSON"),
    ("arrays 200,000 deep", deep(200000, b"[", b"]"), -32700, "depth"),
    ("objects 200,000 deep", deep(200000, b'{"a":', b"}"), -32700, "depth"),
    ("200,000 deep in params", b'{"jsonrpc":"2.0","id":1,"method":"workspace/symbol",'
     b'"params":{"query":"","x":' + deep(200000, b"[", b"]") + b"}}", -32700, "depth"),
    ("unclosed 200,000 deep", b"[" * 200000, -32700, "depth"),
    ("batch", b'[{"jsonrpc":"2.0","id":1,"method":"shutdown"},'
     b'{"jsonrpc":"2.0","method":"exit"}]', -32600, "batch"),
    ("empty batch", b"[]", -32600, "batch"),
    ("a number", b"42", -32600, "JSON object"),
    ("a string", b'"shutdown"', -32600, "JSON object"),
    ("null", b"null", -32600, "JSON object"),
    ("no jsonrpc member", b'{"id":1,"method":"shutdown"}', -32600, "jsonrpc"),
    ("jsonrpc 1.0", b'{"jsonrpc":"1.0","id":1,"method":"shutdown"}', -32600, "jsonrpc"),
    ("id an object", b'{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}', -32600, "'id'"),
    ("id an array", b'{"jsonrpc":"2.0","id":[1],"method":"shutdown"}', -32600, "'id'"),
    ("id a fraction", b'{"jsonrpc":"2.0","id":1.5,"method":"shutdown"}', -32600, "'id'"),
    ("id true", b'{"jsonrpc":"2.0","id":true,"method":"shutdown"}', -32600, "'id'"),
    ("id null in a request", b'{"jsonrpc":"2.0","id":null,"method":"shutdown"}', -32600,
     "must not be null"),
    ("id too big", b'{"jsonrpc":"2.0","id":123456789012345678901234567890,"method":"shutdown"}',
     -32700, "invalid JSON"),
    ("method a number", b'{"jsonrpc":"2.0","id":1,"method":7}', -32600, "'method'"),
    ("params a string", b'{"jsonrpc":"2.0","id":1,"method":"shutdown","params":"x"}', -32600,
     "'params'"),
    ("params a number", b'{"jsonrpc":"2.0","method":"exit","params":1}', -32600, "'params'"),
    ("neither request nor response", b'{"jsonrpc":"2.0","id":1}', -32600, "needs a 'method'"),
]


@case(limit=20)
def case_bad_bodies(root):
    """Each body is answered with one error (id null unless the id could be read), nothing in it
    is executed (a batch holding shutdown and exit does neither), and the next request is
    answered: the frame was consumed whole."""
    s = Session(root)
    try:
        for name, body, code, why in BAD_BODIES:
            t0 = time.time()
            s.raw(rawframe(body))
            r = s.wait_for(lambda m: "method" not in m and "error" in m, 5, "error for " + name)
            try:
                expect_error(r, code, why)
            except Fail as e:
                raise Fail("%s: %s" % (name, e))
            if r["id"] not in (None, 1):
                raise Fail("%s: answered with id %r" % (name, r["id"]))
            if time.time() - t0 > 2 * SLOW:
                raise Fail("%s: took %.1f s" % (name, time.time() - t0))
            s.alive(name)
        if [m for m in s.drain(0.2) if "id" in m and "method" not in m]:
            raise Fail("extra answers: %s" % json.dumps(s.backlog)[:500])
    finally:
        s.close()


@case(limit=20)
def case_deep_but_legal_json(root):
    """JSON nested 2,000 deep (under jansson's limit of 2,048) in params, settings and
    initializationOptions is handled without recursing the stack away."""
    nest = json.loads(deep(2000, b"[", b"]").decode())
    nest_obj = json.loads(deep(1990, b'{"a":', b"}").decode())
    s = Session(root, options={"debounce": 0, "deep": nest_obj})
    try:
        r = s.request("workspace/symbol", {"query": "Sales Team", "x": nest})
        if "result" not in r:
            raise Fail("workspace/symbol with a deep extra member: %s" % json.dumps(r)[:300])
        s.notify("workspace/didChangeConfiguration", {"settings": {"glossary": {
            "debounce": 0, "severity": nest_obj}}})
        s.notify("workspace/didChangeConfiguration", {"settings": nest})
        s.notify("workspace/didChangeConfiguration", {"settings": {"glossary": {"x": nest}}})
        r = s.request("completionItem/resolve", {"label": "x", "data": nest})
        if "result" not in r:
            raise Fail("completionItem/resolve with deep data: %s" % json.dumps(r)[:300])
        s.alive("deep settings")
    finally:
        s.close()



# ---- wrong types in every param of every method ------------------------------------------------

def dispatch_methods(root):
    """(name, is_request) of every method in lsp/dispatch.c's table."""
    with open(os.path.join(root, "lsp", "dispatch.c"), encoding="utf-8") as f:
        src = f.read()
    table = src[src.index("methods[] = {"):]
    table = table[:table.index("};")]
    return [(m.group(1), m.group(2) == "1")
            for m in re.finditer(r'\{"([^"]+)",\s*\w+,\s*([01]),', table)]


def templates(s, text):
    """Valid params of every method, about the open document SALES (text) in session s.
    REQUIRED: paths whose wrong type must be answered -32602; TYPED: optional paths whose
    wrong non-null type must be answered -32602."""
    u = uri_of(s.ws, SALES)
    at = pos(*find_pos(text, "(/account-manager)", s.encoding, 3))
    doc = {"uri": u}
    span = {"start": pos(0, 0), "end": at}
    return {
        "$/setTrace": {"value": "off"},
        "completionItem/resolve": {"label": "sales-team", "kind": 18, "data": [0, 0]},
        "initialized": {},
        "textDocument/codeAction": {"textDocument": doc, "range": span, "context": {
            "diagnostics": [], "only": ["quickfix"], "triggerKind": 1}},
        "textDocument/completion": {"textDocument": doc, "position": at, "context": {
            "triggerKind": 2, "triggerCharacter": "/"}},
        "textDocument/definition": {"textDocument": doc, "position": at},
        "textDocument/diagnostic": {"textDocument": doc, "identifier": "glossary-ls",
                                    "previousResultId": "1"},
        "textDocument/didChange": {"textDocument": {"uri": u, "version": 2}, "contentChanges": [
            {"range": {"start": pos(0, 0), "end": pos(0, 0)}, "rangeLength": 0, "text": ""}]},
        "textDocument/didClose": {"textDocument": doc},
        "textDocument/didOpen": {"textDocument": {"uri": u, "languageId": "markdown",
                                                  "version": 1, "text": text}},
        "textDocument/didSave": {"textDocument": doc, "text": text},
        "textDocument/documentLink": {"textDocument": doc},
        "textDocument/documentSymbol": {"textDocument": doc},
        "textDocument/hover": {"textDocument": doc, "position": at},
        "textDocument/prepareRename": {"textDocument": doc, "position": at},
        "textDocument/references": {"textDocument": doc, "position": at,
                                    "context": {"includeDeclaration": True}},
        "textDocument/rename": {"textDocument": doc, "position": at, "newName": "sales-squad"},
        "workspace/diagnostic": {"identifier": "glossary-ls",
                                 "previousResultIds": [{"uri": u, "value": "1"}]},
        "workspace/didChangeConfiguration": {"settings": {"glossary": {
            "debounce": 0, "severity": {"link.broken": "warning"}}}},
        "workspace/didChangeWatchedFiles": {"changes": [
            {"uri": uri_of(s.ws, "Texts/English/net-present-value.md"), "type": 2}]},
        "workspace/didChangeWorkspaceFolders": {"event": {
            "added": [], "removed": [{"uri": "file:///nonexistent-folder", "name": "gone"}]}},
        "workspace/symbol": {"query": "sales"},
        "workspace/willRenameFiles": {"files": [
            {"oldUri": u, "newUri": uri_of(s.ws, "Texts/English/sales-squad.md")}]},
    }


POSITION = [("textDocument", "uri"), ("position", "line"), ("position", "character")]
REQUIRED = {
    "textDocument/codeAction": [("textDocument", "uri")] + [
        ("range", a, b) for a in ("start", "end") for b in ("line", "character")],
    "textDocument/completion": POSITION,
    "textDocument/definition": POSITION,
    "textDocument/diagnostic": [("textDocument", "uri")],
    "textDocument/documentLink": [("textDocument", "uri")],
    "textDocument/documentSymbol": [("textDocument", "uri")],
    "textDocument/hover": POSITION,
    "textDocument/prepareRename": POSITION,
    "textDocument/references": POSITION,
    "textDocument/rename": POSITION + [("newName",)],
    "workspace/diagnostic": [("previousResultIds",)],
    "workspace/willRenameFiles": [("files",)],
}
TYPED = {
    "textDocument/diagnostic": [("previousResultId",)],
    "textDocument/references": [("context", "includeDeclaration")],
    "workspace/symbol": [("query",)],
}
# the methods the sweep leaves to their own cases: lifecycle changes (initialize, shutdown, exit)
SEPARATE = {"initialize", "shutdown", "exit"}
WRONG = [("null", None), ("number", 7), ("negative", -1), ("fraction", 2.5), ("string", "x"),
         ("array", []), ("object", {}), ("boolean", True)]


def kind(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (int, float)):
        return "number"
    return {str: "string", list: "array", dict: "object"}[type(v)]


def paths(v, prefix=()):
    yield prefix
    if isinstance(v, dict):
        for k, x in v.items():
            yield from paths(x, prefix + (k,))
    elif isinstance(v, list):
        for i, x in enumerate(v):
            yield from paths(x, prefix + (i,))


def substituted(v, path, new, delete=False):
    if not path:
        return new
    v = copy.deepcopy(v)
    parent = v
    for k in path[:-1]:
        parent = parent[k]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = new
    return v


def variants(template, wrong=WRONG):
    """(description, params or the string "absent", path) for every wrong type at every path."""
    for path in paths(template):
        orig = template if not path else None
        if path:
            orig = template
            for k in path:
                orig = orig[k]
        name = ".".join(str(k) for k in path) or "params"
        for wname, new in wrong:
            if kind(new) == kind(orig) and not (isinstance(orig, int) and new in (-1, 2.5)):
                continue  # the right type (but a negative or fractional integer is wrong)
            yield "%s = %s" % (name, wname), substituted(template, path, new), path
        if path:
            yield "%s absent" % name, substituted(template, path, None, delete=True), path
        else:
            yield "params absent", "absent", path


def check_answer(method, params, path, answer, where):
    code = error_code(answer)
    if "result" not in answer and code is None:
        raise Fail("%s: neither result nor error: %s" % (where, json.dumps(answer)[:300]))
    root_bad = params != "absent" and not isinstance(params, (dict, list))
    if root_bad:
        if code != -32600:
            raise Fail("%s: params not structured, want -32600: %s" % (
                where, json.dumps(answer)[:300]))
        return
    if code not in (None, -32602):
        raise Fail("%s: error %s, want a result or -32602: %s" % (where, code,
                                                                  json.dumps(answer)[:300]))
    if code == -32602 and not re.match(r"params", answer["error"].get("message", "")):
        raise Fail("%s: -32602 without naming the param: %s" % (where, answer["error"]))
    # a required param touched (replaced, removed, or its container replaced) is always wrong;
    # a typed optional one is wrong when replaced by a non-null value of another type
    required = any(r[:len(path)] == path for r in REQUIRED.get(method, []))
    typed = path in TYPED.get(method, []) and params != "absent" and value_at(params, path) not in (
        "absent", None)
    if (required or typed) and code != -32602:
        raise Fail("%s: want -32602, got %s" % (where, json.dumps(answer)[:300]))


def value_at(v, path):
    for k in path:
        if isinstance(v, dict) and k in v:
            v = v[k]
        elif isinstance(v, list) and isinstance(k, int) and k < len(v):
            v = v[k]
        else:
            return "absent"
    return v


def sweep_one(s, method, is_request, desc, params, path, text, tmpl, good, version):
    where = "%s %s" % (method, desc)
    msg = {"jsonrpc": "2.0", "method": method}
    if params != "absent":
        msg["params"] = params
    if is_request:
        s.next_id += 1
        s.issued.add(s.next_id)
        msg["id"] = s.next_id
        s.send(msg)
        check_answer(method, params, path, s.reply(s.next_id, 10), where)
    else:
        s.send(msg)
    # back to a known state: the document open with its text, the default settings
    s.notify("textDocument/didClose", {"textDocument": {"uri": uri_of(s.ws, SALES)}})
    s.open(SALES, text, version)
    if method == "workspace/didChangeConfiguration":
        s.notify(method, tmpl[method])
    r = s.request("textDocument/hover", tmpl["textDocument/hover"], 10)
    if r.get("result") != good["result"]:
        s.forget()
        raise Fail("after %s the hover changed: %s" % (where, json.dumps(r)[:300]))
    stray = [m for m in s.drain() if "method" not in m and m.get("id") not in s.issued and not (
        m.get("id") is None and not is_request and not isinstance(params, (dict, list)) and
        params != "absent")]
    s.forget()
    if stray:
        raise Fail("after %s: unexpected %s" % (where, json.dumps(stray)[:300]))


@case(limit=120)
def case_wrong_param_types(root):
    """Every method of lsp/dispatch.c's table (but initialize, shutdown and exit, which have
    their own cases), every path in its params, each replaced by null, numbers, a string, an
    array, an object, a boolean, or removed: a request gets a result or -32602 naming the param
    (-32600 when params is not an object or array), -32602 whenever a required param or a typed
    optional one is wrong; a notification gets nothing (but -32600 for unstructured params).
    After each, the document is reopened and the server must answer a hover on it correctly."""
    s = Session(root)
    try:
        with open(os.path.join(s.ws, SALES), encoding="utf-8") as f:
            text = f.read()
        s.open(SALES, text)
        tmpl = templates(s, text)
        hover = tmpl["textDocument/hover"]
        good = s.request("textDocument/hover", hover)
        if not (good.get("result") or {}).get("contents"):
            raise Fail("no hover to compare with: %s" % good)
        methods = dispatch_methods(root)
        missing = [m for m, _ in methods if m not in tmpl and m not in SEPARATE]
        if missing:
            raise Fail("no params template for %s: add one to templates()" % missing)
        version = 10
        count = 0
        failures = []
        for method, is_request in methods:
            if method in SEPARATE:
                continue
            for desc, params, path in variants(tmpl[method]):
                version += 1
                try:
                    sweep_one(s, method, is_request, desc, params, path, text, tmpl, good,
                              version)
                except Fail as e:
                    failures.append(str(e))
                    if len(failures) >= 20 or s.server.proc.poll() is not None:
                        raise Fail("\n".join(failures))
                count += 1
        if failures:
            raise Fail("\n".join(failures))
        if count < 500:
            raise Fail("only %d variants: the sweep lost its templates" % count)
        s.alive("the sweep")
    finally:
        s.close()



ONE_ARTICLE = {"Texts/English/sales-team.md": "---\ntitle: Sales Team\ndescription: A team.\n"
               "---\n# Sales Team\n## Highlights\n- sells\n", ".glossary.yaml": "glossaries: "
               "[\"Texts/*\"]\n"}


@case(limit=120)
def case_initialize_param_types(root):
    """initialize with every path of a full params object replaced by each wrong type or removed:
    -32602 naming the param for capabilities, trace, rootUri, rootPath, workspaceFolders and
    their uris; a result otherwise (unknown values fall back to defaults). After an error a
    correct initialize still works; after a result the server answers."""
    failures = []
    probe = Session(root, workspace=None, files=ONE_ARTICLE, init=False)
    ws, root_uri = probe.ws, probe.root_uri
    probe.close()
    tmpl = {"processId": os.getpid(), "clientInfo": {"name": "hostile", "version": "1"},
            "locale": "en", "rootPath": ws, "rootUri": root_uri,
            "capabilities": {
                "general": {"positionEncodings": ["utf-8", "utf-16"]},
                "textDocument": {"diagnostic": {"dynamicRegistration": False},
                                 "hover": {"contentFormat": ["markdown"]},
                                 "completion": {"completionItem": {
                                     "documentationFormat": ["markdown"]}}},
                "workspace": {"configuration": True, "workspaceFolders": True,
                              "didChangeWatchedFiles": {"dynamicRegistration": True},
                              "workspaceEdit": {"documentChanges": True,
                                                "resourceOperations": ["rename"]}},
                "window": {"workDoneProgress": True}},
            "initializationOptions": {"debounce": 0},
            "trace": "off", "workspaceFolders": [{"uri": root_uri, "name": "ws"}]}
    typed = [("trace",), ("rootUri",), ("rootPath",), ("workspaceFolders",)]
    five = [w for w in WRONG if w[0] in ("null", "number", "string", "array", "object")]
    for desc, params, path in variants(tmpl, five):  # a server each: the five JSON kinds only
        s = Session(root, workspace=None, files=ONE_ARTICLE, init=False)
        try:
            params = json.loads(json.dumps(params).replace(root_uri, s.root_uri).replace(
                ws, s.ws))
            msg = {"jsonrpc": "2.0", "id": 1, "method": "initialize"}
            if params != "absent":
                msg["params"] = params
            s.send(msg)
            r = s.reply(1)
            code = error_code(r)
            here = value_at(params, path) if params != "absent" else "absent"
            bad = (path in ((), ("capabilities",)) or  # capabilities is required
                   (path in typed and here not in ("absent", None)) or
                   (path == ("workspaceFolders", 0) and here != "absent") or
                   path == ("workspaceFolders", 0, "uri"))
            if params != "absent" and not isinstance(params, (dict, list)):
                want = -32600
            else:
                want = -32602 if bad else None
            if code != want:
                raise Fail("initialize %s: want %s, got %s" % (
                    desc, want or "a result", json.dumps(r)[:300]))
            if want:
                s.send({"jsonrpc": "2.0", "id": 2, "method": "initialize", "params": {
                    "processId": None, "rootUri": s.root_uri, "capabilities": {}}})
                if "result" not in s.reply(2):
                    raise Fail("initialize %s: a correct initialize then fails" % desc)
            elif r["result"]["capabilities"].get("positionEncoding") not in (
                    "utf-8", "utf-16", "utf-32"):
                raise Fail("initialize %s: no position encoding: %s" % (desc, r))
            s.notify("initialized", {})
            s.alive("initialize " + desc)
        except Fail as e:
            failures.append(str(e))
        finally:
            try:
                s.close()
            except Fail as e:
                failures.append("initialize %s: %s" % (desc, e))
        if len(failures) >= 10:
            break
    if failures:
        raise Fail("\n".join(failures))


@case(limit=30)
def case_shutdown_exit_param_types(root):
    """shutdown and exit with params absent, [], {} work; with params null, a number or a string
    they are refused -32600 (id null for exit) and nothing happens: the server keeps serving,
    and a correct shutdown and exit then end it with status 0."""
    for method in ("shutdown", "exit"):
        for desc, params in [("absent", "absent"), ("array", []), ("object", {}),
                             ("null", None), ("number", 1), ("string", "x")]:
            s = Session(root, workspace=None, files=ONE_ARTICLE)
            try:
                where = "%s with params %s" % (method, desc)
                msg = {"jsonrpc": "2.0", "method": method}
                if method == "shutdown":
                    msg["id"] = 5
                if params != "absent":
                    msg["params"] = params
                works = isinstance(params, (dict, list)) or params == "absent"
                if method == "exit":
                    if "result" not in s.request("shutdown"):
                        raise Fail("%s: shutdown failed" % where)
                s.send(msg)
                if method == "shutdown":
                    r = s.reply(5)
                    if works and r.get("result", 0) is not None:
                        raise Fail("%s: %s" % (where, r))
                if not works:
                    if method == "exit":
                        r = s.wait_for(lambda m: "error" in m, 5, "an error for " + where)
                    expect_error(r, -32600, "params")
                    if method == "shutdown":
                        s.alive(where)
                        s.request("shutdown")
                    s.notify("exit")
                elif method == "shutdown":
                    s.notify("exit")
                code = s.exit_code()
                if code != 0:
                    raise Fail("%s: exit status %d" % (where, code))
            finally:
                s.close()



# ---- positions ---------------------------------------------------------------------------------

POS_DOC = "Texts/English/hostile-positions.md"
POS_TEXT = ("---\ntitle: Positions\ndescription: Hostile positions.\n---\n# Positions\n"
            "\U00010400\u00e6 [Sales](/sales-team) \U0001F600 end\n## Highlights\n- one\n")
POS_LINE = "\U00010400\u00e6 [Sales](/sales-team) \U0001F600 end"  # line 5
INSERT = "[q](/sales-team)"  # its destination starts 4 characters in


def landing(enc):
    """(description, position sent, where the insertion must land) for encoding enc."""
    u = lambda s: units(s, enc)  # noqa: E731
    emoji = POS_LINE.index("\U0001F600")
    out = [("line past the end", (1000000, 0), (8, 0)),
           ("largest line and character", (4294967295, 4294967295), (8, 0)),
           ("character past the line end", (5, 1000000), (5, u(POS_LINE))),
           ("character past the end of the last line", (8, 7), (8, 0)),
           ("before the astral character", (5, 0), (5, 0)),
           ("after the astral character", (5, u("\U00010400")), (5, u("\U00010400")))]
    if enc == "utf-16":
        out += [("inside the surrogate pair of U+10400", (5, 1), (5, 0)),
                ("inside the surrogate pair of the emoji", (5, u(POS_LINE[:emoji]) + 1),
                 (5, u(POS_LINE[:emoji])))]
    if enc == "utf-8":
        out += [("inside the UTF-8 sequence of U+10400 (byte %d)" % k, (5, k), (5, 0))
                for k in (1, 2, 3)]
        out += [("inside the UTF-8 sequence of æ", (5, 5), (5, 4)),
                ("inside the UTF-8 sequence of the emoji", (5, u(POS_LINE[:emoji]) + 2),
                 (5, u(POS_LINE[:emoji])))]
    return out


BAD_POSITIONS = [("negative line", -1, 0, "line"), ("negative character", 0, -1, "character"),
                 ("line 2^32", 4294967296, 0, "line"), ("character 2^32", 0, 4294967296,
                                                         "character"),
                 ("line 2^53", 2 ** 53, 0, "line"), ("fractional character", 0, 1.5, "character"),
                 ("line 1e300", 1e300, 0, "line")]


@case(limit=30)
def case_positions(root):
    """In utf-8, utf-16 and utf-32 sessions: positions that are negative, past 32 bits or not
    integers are -32602 naming the field (hover, completion, codeAction) and make a didChange
    change nothing; a line or character past the end is clamped (to the text's or the line's
    end), and one inside a surrogate pair or a UTF-8 sequence means that character's start:
    checked by inserting a link there and reading its range back from documentLink."""
    for enc in ("utf-8", "utf-16", "utf-32"):
        s = Session(root, encoding=enc)
        try:
            if s.encoding != enc:
                raise Fail("asked for %s, got %s" % (enc, s.encoding))
            u = uri_of(s.ws, POS_DOC)
            s.open(POS_DOC, POS_TEXT)
            links0 = s.request("textDocument/documentLink", {"textDocument": {"uri": u}})["result"]
            if len(links0) != 1:
                raise Fail("%s: the document's link is not found: %s" % (enc, links0))
            link_at = find_pos(POS_TEXT, "[Sales]", enc)
            on_link = s.request("textDocument/hover", {"textDocument": {"uri": u},
                                                       "position": pos(*link_at)})
            if not (on_link.get("result") or {}).get("contents"):
                raise Fail("%s: no hover on the link: %s" % (enc, on_link))
            for name, line, char, field in BAD_POSITIONS:
                at = {"line": line, "character": char}
                for method, params in [
                        ("textDocument/hover", {"textDocument": {"uri": u}, "position": at}),
                        ("textDocument/completion", {"textDocument": {"uri": u}, "position": at}),
                        ("textDocument/codeAction", {"textDocument": {"uri": u}, "range": {
                            "start": pos(0, 0), "end": at}, "context": {"diagnostics": []}})]:
                    r = s.request(method, params)
                    try:
                        expect_error(r, -32602, r"params\.(position|range\.end)\.%s" % field)
                    except Fail as e:
                        raise Fail("%s %s %s: %s" % (enc, method, name, e))
                s.notify("textDocument/didChange", {"textDocument": {"uri": u, "version": 2},
                          "contentChanges": [{"range": {"start": at, "end": at},
                                              "text": INSERT}]})
                links = s.request("textDocument/documentLink",
                                  {"textDocument": {"uri": u}})["result"]
                if links != links0:
                    raise Fail("%s: a didChange at a %s changed the text: %s" % (enc, name, links))
            version = 3
            for name, (line, char), (want_line, want_char) in landing(enc):
                at = pos(line, char)
                r = s.request("textDocument/hover", {"textDocument": {"uri": u}, "position": at})
                if "result" not in r:
                    raise Fail("%s hover %s: %s" % (enc, name, r))
                s.notify("textDocument/didChange", {"textDocument": {"uri": u, "version": version},
                          "contentChanges": [{"range": {"start": at, "end": at},
                                              "text": INSERT}]})
                links = s.request("textDocument/documentLink",
                                  {"textDocument": {"uri": u}})["result"]
                new = [x for x in links if x not in links0 or links.count(x) > 1]
                starts = [(x["range"]["start"]["line"], x["range"]["start"]["character"])
                          for x in links]
                want = (want_line, want_char + 4)
                if want not in starts:
                    raise Fail("%s: inserted at %s (%d:%d), the link's destination is not at "
                               "%d:%d: %s" % (enc, name, line, char, want[0], want[1], new))
                s.notify("textDocument/didChange", {"textDocument": {
                    "uri": u, "version": version + 1}, "contentChanges": [{"text": POS_TEXT}]})
                version += 2
            s.alive("hostile positions in " + enc)
        finally:
            s.close()



# ---- documents ---------------------------------------------------------------------------------

def codes(params):
    return sorted(d.get("code") for d in params["diagnostics"])


@case(limit=20)
def case_document_lifecycle_abuse(root):
    """didChange, didClose and requests on a document that was never opened are ignored (a
    warning in the log) or answered empty; a second didOpen replaces the text; versions going
    backwards or repeating are applied as sent (the client's text is the truth) and published
    with the version sent."""
    s = Session(root)
    try:
        ghost = uri_of(s.ws, "Texts/English/never-opened.md")
        s.notify("textDocument/didChange", {"textDocument": {"uri": ghost, "version": 2},
                  "contentChanges": [{"text": "---\ntitle: x\n---\n"}]})
        s.wait_for(lambda m: m.get("method") == "window/logMessage" and "not open" in
                   m["params"]["message"], 5, "a warning about the unopened document")
        s.notify("textDocument/didClose", {"textDocument": {"uri": ghost}})
        for method, empty in [("textDocument/hover", None), ("textDocument/definition", None),
                              ("textDocument/documentLink", []),
                              ("textDocument/completion", "$list")]:
            r = s.request(method, {"textDocument": {"uri": ghost}, "position": pos(3, 1)})
            res = r.get("result", "missing")
            if (empty == "$list" and (not isinstance(res, dict) or res.get("items"))) or (
                    empty != "$list" and res != empty):
                raise Fail("%s on an unopened document: %s" % (method, json.dumps(r)[:300]))
        if any(m.get("method") == "textDocument/publishDiagnostics" and
               m["params"]["uri"] == ghost for m in s.drain(0.3)):
            raise Fail("diagnostics published for a document that is not open")
        s.forget()
        doc = "Texts/English/versions.md"
        u = uri_of(s.ws, doc)
        ok = "---\ntitle: Versions\ndescription: D.\n---\n# Versions\n## Highlights\n- one\n"
        s.open(doc, ok, version=5)
        d = s.diagnostics(u)
        if d["params"].get("version") != 5 or d["params"]["diagnostics"]:
            raise Fail("version 5: %s" % d)
        for version, text, want in [(3, ok + "[x](/nowhere-at-all)\n", ["link.broken"]),
                                    (3, ok, []), (-7, ok + "##Bad\n", ["heading.no-space"]),
                                    (2147483647, ok, [])]:
            s.notify("textDocument/didChange", {"textDocument": {"uri": u, "version": version},
                      "contentChanges": [{"text": text}]})
            d = s.diagnostics(u, pred=lambda p: p.get("version") == version)
            if codes(d["params"]) != want:
                raise Fail("version %d: %s" % (version, json.dumps(d)[:300]))
        s.open(doc, ok + "[y](/nowhere-either)\n", version=1)  # opened again: replaces
        d = s.diagnostics(u, pred=lambda p: p.get("version") == 1)
        if codes(d["params"]) != ["link.broken"]:
            raise Fail("a second didOpen: %s" % json.dumps(d)[:300])
        s.alive("document lifecycle abuse")
    finally:
        s.close()


@case(limit=20)
def case_nul_bytes(root):
    """NUL characters (JSON "\u0000") are legal JSON: a document holding them opens and gets a
    file.encoding finding; an edit that types one is a finding too, and removing it clears it;
    a request whose string param holds one is answered with its own id (-32602 naming the param)
    instead of an id-less parse error."""
    s = Session(root)
    try:
        doc = "Texts/English/nul.md"
        u = uri_of(s.ws, doc)
        ok = "---\ntitle: NUL\ndescription: D.\n---\n# NUL\n## Highlights\n- one\n"
        s.open(doc, ok.replace("# NUL", "# N\u0000L"))
        d = s.diagnostics(u)
        if "file.encoding" not in codes(d["params"]):
            raise Fail("a document with a NUL: %s" % json.dumps(d)[:300])
        s.notify("textDocument/didChange", {"textDocument": {"uri": u, "version": 2},
                  "contentChanges": [{"text": ok}]})
        d = s.diagnostics(u, pred=lambda p: p.get("version") == 2)
        if codes(d["params"]):
            raise Fail("the NUL removed: %s" % json.dumps(d)[:300])
        s.notify("textDocument/didChange", {"textDocument": {"uri": u, "version": 3},
                  "contentChanges": [{"range": {"start": pos(6, 2), "end": pos(6, 2)},
                                      "text": "\u0000"}]})
        d = s.diagnostics(u, pred=lambda p: p.get("version") == 3)
        if "file.encoding" not in codes(d["params"]):
            raise Fail("a NUL typed: %s" % json.dumps(d)[:300])
        r = s.request("textDocument/hover", {"textDocument": {"uri": u}, "position": pos(6, 3)})
        if "result" not in r:
            raise Fail("hover in a document with a NUL: %s" % r)
        for method, params, field in [
                ("workspace/symbol", {"query": "Sales\u0000Team"}, "query"),
                ("textDocument/hover", {"textDocument": {"uri": u + "\u0000.md"},
                                        "position": pos(0, 0)}, "textDocument.uri"),
                ("textDocument/rename", {"textDocument": {"uri": u}, "position": pos(6, 3),
                                         "newName": "a\u0000b"}, "newName")]:
            r = s.request(method, params)
            expect_error(r, -32602, r"params\.%s .*NUL" % re.escape(field))
        s.send({"jsonrpc": "2.0", "id": 9, "method": "shutdown\u0000x"})
        expect_error(s.reply(9), -32600, "method")
        s.alive("NUL bytes")
    finally:
        s.close()



# ---- big documents -----------------------------------------------------------------------------

HEAD = "---\ntitle: Huge\ndescription: A huge article.\n---\n# Huge\n## Highlights\n- one\n\n"


def timed(s, what, limit, fn):
    """Runs fn() and fails when the server spent more than limit CPU seconds (times SLOW) on it,
    or it took more than WALL times that on the clock: CPU time is what a blowup shows, and it
    does not depend much on what else a shared machine is running."""
    t0, c0 = time.time(), s.cpu_seconds()
    out = fn()
    took, cpu = time.time() - t0, s.cpu_seconds() - c0
    if cpu > limit * SLOW or took > WALL * limit * SLOW:
        raise Fail("%s took %.1f s of CPU, %.1f s on the clock (limit %.1f s of CPU)%s" % (
            what, cpu, took, limit * SLOW, s.stderr_tail(3)))
    return out


def big_text(size, block):
    parts, n, total = [HEAD], 0, len(HEAD)
    while total < size:
        b = block % {"n": n}
        parts.append(b)
        total += len(b.encode("utf-8"))
        n += 1
    return "".join(parts)


def exercise(s, rel, text, line, char, limits):
    """Opens text as rel; checks diagnostics, hover and completion at (line, char), an edit
    there and its diagnostics, each within its limit; then that the server answers."""
    u = uri_of(s.ws, rel)
    timed(s, "didOpen -> diagnostics", limits["open"], lambda: (
        s.open(rel, text), s.diagnostics(u, timeout=WALL * limits["open"]))[1])
    at = pos(line, char)
    r = timed(s, "hover", limits["request"], lambda: s.request(
        "textDocument/hover", {"textDocument": {"uri": u}, "position": at}, 60))
    if not (r.get("result") or {}).get("contents"):
        raise Fail("no hover on the link at %d:%d: %s" % (line, char, json.dumps(r)[:300]))
    r = timed(s, "completion", limits["request"], lambda: s.request(
        "textDocument/completion", {"textDocument": {"uri": u}, "position": at}, 60))
    if "result" not in r:
        raise Fail("completion: %s" % json.dumps(r)[:300])
    s.notify("textDocument/didChange", {"textDocument": {"uri": u, "version": 2},
              "contentChanges": [{"range": {"start": at, "end": at},
                                  "text": "[x](/nowhere-at-all) "}]})
    d = timed(s, "didChange -> diagnostics", limits["open"], lambda: s.diagnostics(
        u, timeout=WALL * limits["open"], pred=lambda p: p.get("version") == 2))
    if "link.broken" not in codes(d["params"]):
        raise Fail("the edit's broken link is not reported: %s" % json.dumps(d)[:300])
    s.alive("a huge document")


@case(limit=600)
def case_50mb_document(root):
    """A 50 MB article (360,000 headings, 720,000 links, æøå and emoji): diagnostics, a hover
    and a completion on its last line, and an edit there are each answered within seconds (the
    analysis is linear: about 0.15 s of CPU a MB, most of it cmark's and jansson's parsing),
    and memory stays within 30 times the text (cmark's tree is the peak)."""
    block = ("## Section %(n)d\n\nProse about sales with a [link](/sales-team) and æøå 😀 and "
             "[another](/account-manager#what-is-an-account-manager) text.\n\n")
    text = big_text(50 * 1024 * 1024, block)
    s = Session(root)
    try:
        base = s.peak_rss_mb()
        line = text.count("\n") - 2
        exercise(s, "Texts/English/huge.md", text, line, 30, {"open": 15, "request": 2})
        rss = s.peak_rss_mb() - base
        if not SLOW > 1 and rss > 30 * 50:
            raise Fail("peak RSS grew by %.0f MB for a 50 MB document" % rss)
    finally:
        s.close()


@case(limit=60)
def case_1mb_line(root):
    """One line of 1 MB holding 40,000 links, and a front-matter title of 1 MB: hover and
    completion at its end (a UTF-16 column near 1,000,000), an edit there, and the diagnostics
    of both come within seconds; so do those of a 1 MB line of 20,000 broken links, 20,000
    links to a missing heading and 20,000 self-links (60,000 diagnostics on one line, each
    positioned in UTF-16)."""
    line = "".join("word [t%d](/sales-team) æ😀 " % k for k in range(40000))
    text = HEAD + line + "\n"
    s = Session(root)
    try:
        at = find_pos(text, "[t39999]", s.encoding, 1)
        exercise(s, "Texts/English/long-line.md", text, at[0], at[1], {"open": 5, "request": 1})
        title = "---\ntitle: " + "é" * 500000 + "\ndescription: D.\n---\n# T\n## Highlights\n- x\n"
        u = uri_of(s.ws, "Texts/English/long-title.md")
        timed(s, "a 1 MB title", 5, lambda: (s.open("Texts/English/long-title.md", title),
                                             s.diagnostics(u, timeout=10))[1])
        r = timed(s, "hover on the 1 MB title", 1, lambda: s.request("textDocument/hover", {
            "textDocument": {"uri": u}, "position": pos(1, 400000)}))
        if "result" not in r:
            raise Fail("hover on the title: %s" % r)
        rel = "Texts/English/findings.md"
        u = uri_of(s.ws, rel)
        line = "".join("æ [broken %d](/nowhere-%d) 😀 [frag](/sales-team#nope) [me](/findings) "
                       % (k, k) for k in range(20000))
        d = timed(s, "60,000 diagnostics on a 1 MB line", 5, lambda: (
            s.open(rel, HEAD + line + "\n"), s.diagnostics(u, timeout=WALL * 5))[1])
        if len(d["params"]["diagnostics"]) != 60000:
            raise Fail("%d diagnostics on the line of findings, want 60,000" % len(
                d["params"]["diagnostics"]))
        last = max((x["range"]["start"]["line"], x["range"]["start"]["character"])
                   for x in d["params"]["diagnostics"] if x["code"] == "link.self")
        want = (8, units(line[:line.rindex("[me]")], "utf-16"))
        if last != want:
            raise Fail("the last self-link is at %s, want %s" % (last, want))
        s.alive("a 1 MB line")
    finally:
        s.close()



N, M = 20000, 100000
DENSE = [  # (name, body, diagnostics expected): Markdown that has made parsers slow
    ("20,000 identical headings", "## Intro\n\n" * N, 0),
    ("100,000 reference definitions", "".join("[r%d]: /sales-team\n" % i for i in range(M)), 0),
    ("100,000 uses of one definition", "[r]: /sales-team\n\n" + "[a][r] " * M, 0),
    ("100,000 references before their definitions", "".join("[a][r%d] " % i for i in range(M))
     + "\n\n" + "".join("[r%d]: /sales-team\n" % i for i in range(M)), 0),
    ("100,000 links before 100,000 definitions", "[a](/sales-team) " * M + "\n\n" +
     "".join("[r%d]: /sales-team\n" % i for i in range(M)), 0),
    ("20,000 unclosed brackets", "[" * N, 0),
    ("20,000 nested brackets", "[" * N + "a" + "]" * N, 0),
    ("20,000 unclosed link destinations", "[a](" * N, 0),
    ("20,000 emphasis openers", "*a **a " * N, 0),
    ("20,000 backticks", "`" * N + "a" + "``" * (N // 2), 0),
    ("20,000 nested block quotes", ">" * N + " a\n", 0),
    ("20,000 nested quotes and lists", "> - " * N + "a\n", 0),
    ("2,000 nested lists", "".join("  " * i + "- a\n" for i in range(2000)), 0),
    ("20,000 HTML blocks", "<div>\n" * N, 0),
    ("20,000 code blocks with links", "```\n[a](/b)\n```\n" * N, 0),
    ("20,000 links nested in link text", "[[[[[[[[[[a](/b)](/c)](/d)](/e)](/f)](/g)](/h)](/i)]"
     "(/j)](/k) " * (N // 10), N // 10),
    ("20,000 lines ending in a lone CR", "a [b](/sales-team)\r" * N, 0),
    ("20,000 tabs", "\t" * N + "a\n", 0),
    ("20,000 entities", "&#x1F600;&amp;&nbsp;" * N, 0),
    ("a highlights list of 20,000 items", "## Highlights\n" + "- item\n" * N, 0),
    ("20,000 '##X' lines", "##Bad\n" * N, N),
    ("20,000 dash bullets", "\u2013 item\n" * N, N),
    ("20,000 headings that are broken links", "".join("# [a%d](/nowhere)\n" % i
                                                      for i in range(N)), N),
]


@case(limit=300)
def case_dense_markup(root):
    """Markdown built to make parsers slow (see DENSE): each article's diagnostics come within
    3 s of CPU (linear work: 20,000 diagnostics cost about 1 s, most of it their JSON), with
    the count expected, and the server answers afterwards."""
    s = Session(root)
    try:
        for k, (name, body, want) in enumerate(DENSE):
            rel = "Texts/English/dense-%d.md" % k
            u = uri_of(s.ws, rel)
            try:
                d = timed(s, "diagnostics", 3, lambda: (s.open(rel, HEAD + body),
                                                        s.diagnostics(u, timeout=WALL * 3))[1])
            except Fail as e:
                raise Fail("%s: %s" % (name, e))
            if len(d["params"]["diagnostics"]) != want:
                raise Fail("%s: %d diagnostics, want %d: %s" % (
                    name, len(d["params"]["diagnostics"]), want,
                    json.dumps(d["params"]["diagnostics"][:2])[:300]))
            s.notify("textDocument/didClose", {"textDocument": {"uri": u}})
        s.alive("dense markup")
    finally:
        s.close()



# ---- hostile front matter ----------------------------------------------------------------------

FM = "---\ntitle: Hostile YAML\ndescription: D.\n"
FM_END = "---\n# Hostile YAML\n## Highlights\n- one\n"
BOMB = ("lol: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    "l%d: &%s [%s]\n" % (i, chr(97 + i), ", ".join(["*" + chr(96 + i)] * 9)) for i in range(1, 9)))
YAML_CASES = [  # (name, front matter lines, codes expected: {code: count})
    ("a billion laughs", BOMB, {"frontmatter.syntax": 1}),
    ("a billion laughs in one flow mapping", "x: {a: &a [1,1,1,1,1,1,1,1,1,1], " + ", ".join(
        "%s: &%s [%s]" % (chr(98 + i), chr(98 + i), ",".join(["*" + chr(97 + i)] * 10))
        for i in range(8)) + "}\n", {"frontmatter.syntax": 1}),
    ("50,000 nested flow sequences", "x: " + "[" * 50000 + "]" * 50000 + "\n",
     {"frontmatter.syntax": 1}),
    ("50,000 nested flow mappings", "x: " + "{a: " * 50000 + "1" + "}" * 50000 + "\n",
     {"frontmatter.syntax": 1}),
    ("50,000 nested block sequences", "x:\n  " + "- " * 50000 + "v\n",
     {"frontmatter.syntax": 1}),
    ("50,000 nested complex keys", "? " * 50000 + "v\n", {"frontmatter.syntax": 1}),
    ("10,000 keys", "".join("k%04d: %d\n" % (i, i) for i in range(10000)),
     {"frontmatter.schema": 10000}),
    ("10,000 duplicate keys", "k: 1\n" * 10000,
     {"frontmatter.duplicate-key": 9999, "frontmatter.schema": 10000}),
    ("10,000 anchors and aliases", "".join("a%d: &x%d v\n" % (i, i) for i in range(5000)) +
     "".join("b%d: *x%d\n" % (i, i) for i in range(5000)), {"frontmatter.schema": 10000}),
    ("40,000 anchors, then 40,000 aliases of the first", "l: [" + ", ".join(
        "&x%d v" % i for i in range(40000)) + "]\nm: [" + ", ".join(["*x0"] * 40000) + "]\n",
     {"frontmatter.schema": 2}),
    ("an alias to an undefined anchor", "x: *nowhere\n", {"frontmatter.syntax": 1}),
    ("a 1 MB scalar", "x: " + "y" * 1000000 + "\n", {"frontmatter.schema": 1}),
    ("a 1 MB quoted key (YAML allows 1,024 characters)", '"' + "k" * 1000000 + '": 1\n',
     {"frontmatter.syntax": 1}),
    ("tags and a merge key", "x: !!binary aGVsbG8=\nb: &b {c: 1}\nm: {<<: *b}\n"
     "t: !custom 3\n", {"frontmatter.schema": 4}),
    ("NEL, LINE SEPARATOR and a tab in a quoted scalar", 'x: "a\u0085b\u2028c\td"\n',
     {"frontmatter.schema": 1}),
    ("NEL and LINE SEPARATOR breaking a plain scalar (YAML 1.1 line breaks)",
     "x: a\u0085b\u2028c: d\n", {"frontmatter.syntax": 1}),
]


@case(limit=120)
def case_hostile_front_matter(root):
    """Front matter built to exhaust a YAML parser or its consumers (YAML_CASES): each gives
    exactly its findings (a syntax finding says what limit was hit) within 2 s of CPU; the
    alias bomb is never expanded (memory stays flat); hover and key completion in that front
    matter are answered."""
    s = Session(root)
    try:
        base = s.peak_rss_mb()
        for k, (name, lines, want) in enumerate(YAML_CASES):
            rel = "Texts/English/yaml-%d.md" % k
            u = uri_of(s.ws, rel)
            try:
                d = timed(s, "diagnostics", 2, lambda: (s.open(rel, FM + lines + FM_END),
                                                        s.diagnostics(u, timeout=WALL * 2))[1])
                got = {}
                for x in d["params"]["diagnostics"]:
                    got[x["code"]] = got.get(x["code"], 0) + 1
                if got != want:
                    raise Fail("findings %s, want %s: %s" % (got, want, json.dumps(
                        d["params"]["diagnostics"][:2])[:300]))
                for method in ("textDocument/hover", "textDocument/completion"):
                    r = timed(s, method, 1, lambda: s.request(method, {
                        "textDocument": {"uri": u}, "position": pos(3, 2)}))
                    if "result" not in r:
                        raise Fail("%s: %s" % (method, r))
            except Fail as e:
                raise Fail("%s: %s" % (name, e))
            s.notify("textDocument/didClose", {"textDocument": {"uri": u}})
        grown = s.peak_rss_mb() - base
        if SLOW == 1 and grown > 300:
            raise Fail("peak RSS grew by %.0f MB" % grown)
        s.alive("hostile front matter")
    finally:
        s.close()



# ---- hostile configuration ---------------------------------------------------------------------

def logged(s, pattern, timeout=10):
    return s.wait_for(lambda m: m.get("method") == "window/logMessage" and re.search(
        pattern, m["params"]["message"]), timeout, "a log message matching /%s/" % pattern)


@case(limit=60)
def case_hostile_configuration(root):
    """A schema with $ref cycles, a back-reference and a huge repetition in its patterns, a
    branching recursive definition; a .glossary.yaml with wrong types everywhere; and editor
    settings with wrong types everywhere: each problem is logged as a warning naming it, the
    defaults apply, an article 40 levels deep in the branching definition is checked within
    2 s of CPU, and the server answers."""
    s = Session(root, workspace="tests/fixtures/hostile-schema")
    try:
        for pattern in (r"back-reference", r"varying length", r"recurse forever"):
            logged(s, pattern)
        for rel, want in [("Texts/bad-deep-related.md", r"too complex"),
                          ("Texts/bad-slug.md", r"must match the pattern"),
                          ("Texts/ok-plain.md", None)]:
            with open(os.path.join(s.ws, rel), encoding="utf-8") as f:
                text = f.read()
            u = uri_of(s.ws, rel)
            d = timed(s, "diagnostics of " + rel, 2, lambda: (
                s.open(rel, text), s.diagnostics(u, timeout=WALL * 2))[1])
            msgs = [x["message"] for x in d["params"]["diagnostics"]]
            if (want is None and msgs) or (want and not any(re.search(want, m) for m in msgs)):
                raise Fail("%s: %s" % (rel, msgs))
        s.alive("a hostile schema", title="Plain")
    finally:
        s.close()
    s = Session(root, workspace="tests/fixtures/hostile-config-nested")
    try:
        logged(s, r"'link_prefix' must be a string")
        logged(s, r"The severity of 'link.self'")
        rel = "Texts/bad-term.md"
        with open(os.path.join(s.ws, rel), encoding="utf-8") as f:
            s.open(rel, f.read())
        d = s.diagnostics(uri_of(s.ws, rel))
        if codes(d["params"]) != ["heading.no-space", "link.broken"]:
            raise Fail("a hostile .glossary.yaml: %s" % json.dumps(d)[:300])
        wrong = {"glossaries": 3, "exclude": {"a": 1}, "slug": 4, "slug_case": [],
                 "link_prefix": None, "link_patterns": 5, "highlights": {"headings": {},
                                                                        "min_items": -1,
                                                                        "required": "no"},
                 "schema": {"a": 1}, "severity": {"link.broken": [], "heading.no-space": 7},
                 "debounce": "soon", "debounce_ms": 1e100, "unknown": True}
        s.notify("workspace/didChangeConfiguration", {"settings": {"glossary": wrong}})
        logged(s, r"settings: .*'debounce' must be a whole number")
        r = s.request("textDocument/diagnostic", {"textDocument": {"uri": uri_of(s.ws, rel)}})
        if codes({"diagnostics": r.get("result", {}).get("items", [])}) != [
                "heading.no-space", "link.broken"]:
            raise Fail("settings with wrong types: %s" % json.dumps(r)[:300])
        s.alive("hostile settings", title="Term")
    finally:
        s.close()
    s = Session(root, options={"debounce": "x", "severity": [1], "glossaries": {"a": 2},
                               "schema": os.path.join(root, "tests", "fixtures", "hostile-schema",
                                                      "hostile.schema.json")})
    try:
        logged(s, r"settings: .*'severity' must be an object")
        logged(s, r"recurse forever")
        s.alive("hostile initializationOptions")
    finally:
        s.close()



# ---- cancellation floods -----------------------------------------------------------------------

def collect_replies(s, ids, timeout):
    """Waits for one answer to each id; fails on a second answer (Session._pull) or a missing
    one. Returns {id: message}."""
    got = {}
    deadline = time.time() + timeout * SLOW
    for m in s.backlog:
        if "method" not in m and m.get("id") in ids:
            got[m["id"]] = m
    s.forget()
    while len(got) < len(ids):
        m = s._pull(deadline)
        if m in ("timeout", None):
            raise Fail("%d of %d requests answered (%s)" % (len(got), len(ids),
                                                            m or "the server is gone"))
        if "method" not in m and m.get("id") in ids:
            got[m["id"]] = m
    return got


def check_cancelled(got, want_cancelled):
    for rid, m in got.items():
        code = error_code(m)
        if "result" in m and not want_cancelled:
            continue
        if code != -32800:
            raise Fail("request %s: neither a result nor -32800: %s" % (rid, json.dumps(m)[:300]))
    return sum(1 for m in got.values() if error_code(m) == -32800)


@case(limit=60)
def case_cancel_floods(root):
    """1,000 requests in flight, then each cancelled: every request is answered exactly once,
    with its result or RequestCancelled (-32800); those waiting for a slow index (--index-delay)
    are all cancelled; cancellations of unknown ids, repeated ones and ones with ids of every
    JSON type are ignored; nothing else is sent; the server answers at once afterwards."""
    s = Session(root)
    try:
        with open(os.path.join(s.ws, SALES), encoding="utf-8") as f:
            text = f.read()
        s.open(SALES, text)
        hover = templates(s, text)["textDocument/hover"]
        # in one write: 1,000 hovers, then 1,000 cancels (reads of 64 KB split them: requests
        # read before their cancel are answered, the others cancelled)
        ids = list(range(10000, 11000))
        reqs = b"".join(frame({"jsonrpc": "2.0", "id": i, "method": "textDocument/hover",
                               "params": hover}) for i in ids)
        cancels = b"".join(frame({"jsonrpc": "2.0", "method": "$/cancelRequest",
                                  "params": {"id": i}}) for i in ids)
        t0, c0 = time.time(), s.cpu_seconds()
        s.raw(reqs + cancels)
        got = collect_replies(s, set(ids), 20)
        check_cancelled(got, False)
        # interleaved: each request cancelled right after it, string ids
        sids = ["c%d" % i for i in range(1000)]
        s.raw(b"".join(frame({"jsonrpc": "2.0", "id": i, "method": "workspace/symbol",
                              "params": {"query": "sales"}}) +
                       frame({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": i}})
                       for i in sids))
        got = collect_replies(s, set(sids), 20)
        check_cancelled(got, False)
        # cancels of nothing: unknown ids, repeats, every JSON type, missing params
        odd = [12345678, "nope", None, 1.5, [1], {"id": 1}, True, "c1", "c1", 10000]
        s.raw(b"".join(frame({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": i}})
                       for i in odd) + frame({"jsonrpc": "2.0", "method": "$/cancelRequest"}) +
              frame({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": [1]}))
        s.alive("cancelling nothing")
        extra = [m for m in s.drain(0.3) if "method" not in m]
        if extra:
            raise Fail("answers nobody asked for: %s" % json.dumps(extra)[:300])
        if s.cpu_seconds() - c0 > 5 * SLOW or time.time() - t0 > WALL * 5 * SLOW:
            raise Fail("the floods took %.1f s of CPU" % (s.cpu_seconds() - c0))
    finally:
        s.close()
    # requests waiting for a slow first index: all cancelled from a later write
    s = Session(root, args=("--index-delay", "300", "--threads", "1"), init=False)
    try:
        s.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": None, "rootUri": s.root_uri, "capabilities": {}}})
        s.reply(1)
        s.notify("initialized", {})
        ids = list(range(20000, 21000))
        s.raw(b"".join(frame({"jsonrpc": "2.0", "id": i, "method": "workspace/symbol",
                              "params": {"query": "sales"}}) for i in ids))
        time.sleep(0.2)
        s.raw(b"".join(frame({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": i}})
                       for i in ids))
        got = collect_replies(s, set(ids), 10)
        if check_cancelled(got, True) != 1000:
            raise Fail("not every waiting request was cancelled")
        r = s.request("shutdown", timeout=30)
        if "result" not in r:
            raise Fail("shutdown after the flood: %s" % r)
        s.notify("exit")
        if s.exit_code() != 0:
            raise Fail("exit status after the flood")
    finally:
        s.close()


def main():
    global BINARY, SLOW
    sys.setrecursionlimit(50000)  # Python's json recurses: 2,000-deep test values
    args = sys.argv[1:]
    if "--list" in args:
        for name, _, limit in CASES:
            print(name, limit)
        return
    BINARY, root = os.path.abspath(args[0]), os.path.abspath(args[1])
    rest = args[2:]
    if "--sanitized" in rest:
        SLOW = 4.0
        rest.remove("--sanitized")
    chosen = [c for c in CASES if not rest or c[0] in rest]
    print("1..%d" % len(chosen))
    failed = 0
    for i, (name, fn, limit) in enumerate(chosen, 1):
        t0 = time.time()
        try:
            fn(root)
            error = None
            took = time.time() - t0
            if took > limit * SLOW:
                error = "took %.1f s, the limit is %.1f s" % (took, limit * SLOW)
        except Fail as e:
            error = str(e)
        except Exception as e:  # noqa: BLE001 - report, go on with the next case
            error = "%s: %s" % (type(e).__name__, e)
        if error:
            failed += 1
            print("not ok %d - %s\n# %s" % (i, name, error.replace("\n", "\n# ")))
        else:
            print("ok %d - %s # %.2f s" % (i, name, time.time() - t0))
        sys.stdout.flush()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
