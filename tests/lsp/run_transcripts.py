#!/usr/bin/env python3
"""LSP transcript tests: scripted client messages and expected server messages (subset matches).

Usage: run_transcripts.py GLOSSARY_LS SOURCE_ROOT TRANSCRIPT.json...   (TAP output)

A transcript is a JSON object:
  {"description": "...",
   "workspace": "tests/sample",         # copied into a temporary folder; ${root} and ${rootUri}
                                        # name the copy in every string of the steps
   "args": ["--paranoid"],              # extra server arguments
   "configuration": [{...}],            # what workspace/configuration requests are answered
   "ignore": ["method", ...],           # more notifications to skip unless expected
   "generate": {"folder": REL, "count": N}   # N more articles (term-0000 ...) in the copy
   "steps": [ ... ]}
Steps:
  {"send": MESSAGE}                 send one framed message
  {"send_bytewise": MESSAGE}        send it one byte per write
  {"send_raw": "TEXT"}              send raw bytes (\\r\\n as written); {"send_raw": [...]} joins
  {"send_batch": [MESSAGE, ...]}    send several frames in one write
  {"open": REL}                     send textDocument/didOpen of the workspace file REL (version 1)
  {"expect": SUBSET}                the next server message not ignored must match SUBSET
  {"expect": SUBSET, "eventually": true}   skip messages until one matches (timing-dependent
                                    ones such as progress reports)
  {"expect": SUBSET, "capture": {"NAME": [KEY, INDEX, ...]}}   also keep that part of the
                                    message; a later "send" string "${json:NAME}" becomes it
  {"expect_silence": SECONDS}       no message that is not ignored arrives in that time
  {"expect_exit": CODE}             the server exits with CODE (within 5 s)
  {"write": {"path": REL, "text": TEXT}} / {"delete": REL}   change the workspace copy
  {"sleep": SECONDS}
  {"close_input": true}
A transcript that tests answers on a complete index first sends workspace/symbol and waits for
its answer: the server gives it only once every folder is indexed (requests about a document are
otherwise answered after 40 ms from what is indexed so far, which a slow sanitizer build may see).
With GLOSSARY_LS_MEMCHECK=1 the server runs under valgrind memcheck (tests/memcheck.py), and a
transcript fails when memcheck finds an error or a leak.
Subsets: objects match when every listed member matches ("$absent": [names] must be missing),
arrays when they have the same length and every item matches, "$any" matches anything,
"$re:PATTERN" matches strings by regex. Ignored unless expected: window/logMessage, $/logTrace,
$/progress. Requests from the server are answered by the runner (null, or "configuration").
"""
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import memcheck  # noqa: E402  (GLOSSARY_LS_MEMCHECK=1: the server runs under valgrind)

IGNORED = {"window/logMessage", "$/logTrace", "$/progress", "window/workDoneProgress/create",
           "client/registerCapability", "workspace/configuration",
           "workspace/diagnostic/refresh"}


def frame(msg):
    body = json.dumps(msg, ensure_ascii=False).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def substitute(value, env):
    if isinstance(value, str):
        for k, v in env.items():
            value = value.replace("${%s}" % k, v)
        return value
    if isinstance(value, list):
        return [substitute(v, env) for v in value]
    if isinstance(value, dict):
        return {substitute(k, env): substitute(v, env) for k, v in value.items()}
    return value


def with_captures(value, captured):
    """value with every string "${json:NAME}" replaced by the captured JSON value NAME."""
    if isinstance(value, str) and value.startswith("${json:") and value.endswith("}"):
        return captured[value[7:-1]]
    if isinstance(value, list):
        return [with_captures(v, captured) for v in value]
    if isinstance(value, dict):
        return {k: with_captures(v, captured) for k, v in value.items()}
    return value


def match(expected, actual, path="$"):
    """Returns None when actual matches the expected subset, else a description."""
    if expected == "$any":
        return None
    if isinstance(expected, str) and expected.startswith("$re:"):
        if isinstance(actual, str) and re.search(expected[4:], actual):
            return None
        return "%s: %r does not match /%s/" % (path, actual, expected[4:])
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return "%s: expected an object, got %r" % (path, actual)
        for name in expected.get("$absent", []):
            if name in actual:
                return "%s: %r should be absent" % (path, name)
        for k, v in expected.items():
            if k == "$absent":
                continue
            if k not in actual:
                return "%s.%s: missing" % (path, k)
            why = match(v, actual[k], "%s.%s" % (path, k))
            if why:
                return why
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return "%s: expected %d items, got %r" % (path, len(expected), actual)
        for i, (e, a) in enumerate(zip(expected, actual)):
            why = match(e, a, "%s[%d]" % (path, i))
            if why:
                return why
        return None
    if expected != actual:
        return "%s: expected %r, got %r" % (path, expected, actual)
    return None


class Server:
    def __init__(self, binary, args, cwd, configuration):
        self.proc = subprocess.Popen(memcheck.command(binary) + args, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd)
        self.messages = queue.Queue()
        self.configuration = configuration
        self.stderr = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                c = out.read(1)
                if not c:
                    self.messages.put(None)
                    return
                header += c
            length = int(re.search(rb"Content-Length: *(\d+)", header, re.I).group(1))
            body = out.read(length)
            msg = json.loads(body.decode("utf-8"))
            if "method" in msg and "id" in msg:  # a request from the server: answer it
                result = self.configuration if msg["method"] == "workspace/configuration" else None
                self.write(frame({"jsonrpc": "2.0", "id": msg["id"], "result": result}))
            self.messages.put(msg)

    def _read_stderr(self):
        for line in self.proc.stderr:
            self.stderr.append(line.decode("utf-8", "replace"))

    def write(self, data):
        try:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        except (BrokenPipeError, ValueError):
            pass

    def next_message(self, deadline, wanted_method=None, ignored=IGNORED):
        while True:
            left = deadline - time.time()
            if left <= 0:
                return "timeout"
            try:
                msg = self.messages.get(timeout=left)
            except queue.Empty:
                return "timeout"
            if msg is None:
                return None
            if msg.get("method") in ignored and msg.get("method") != wanted_method:
                continue
            return msg


def run(binary, root, path):
    spec = json.load(open(path, encoding="utf-8"))
    tmp = tempfile.mkdtemp(prefix="glossary-transcript-")
    server = None
    try:
        ws = os.path.join(tmp, "ws")
        if spec.get("workspace"):
            shutil.copytree(os.path.join(root, spec["workspace"]), ws, symlinks=True)
        else:
            os.makedirs(ws)
        ws = os.path.realpath(ws)
        gen = spec.get("generate")
        if gen:
            folder = os.path.join(ws, gen["folder"])
            os.makedirs(folder, exist_ok=True)
            for k in range(gen["count"]):
                with open(os.path.join(folder, "term-%04d.md" % k), "w") as f:
                    f.write("---\ntitle: Generated term %d\ndescription: Term number %d.\n---\n"
                            "# Generated term %d\n## Highlights\n- one\n" % (k, k, k))
        env = {"root": ws, "rootUri": "file://" + ws}
        server = Server(binary, spec.get("args", []), ws, spec.get("configuration", [None]))
        ignored = IGNORED | set(spec.get("ignore", []))
        captured = {}
        for n, step in enumerate(substitute(spec["steps"], env)):
            where = "step %d (%s)" % (n, next(iter(step)))
            if "send" in step:
                server.write(frame(with_captures(step["send"], captured)))
            elif "send_bytewise" in step:
                for b in frame(step["send_bytewise"]):
                    server.write(bytes([b]))
            elif "open" in step:
                with open(os.path.join(ws, step["open"]), encoding="utf-8") as f:
                    text = f.read()
                server.write(frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
                    "textDocument": {"uri": env["rootUri"] + "/" + step["open"],
                                     "languageId": "markdown", "version": 1, "text": text}}}))
            elif "send_batch" in step:
                server.write(b"".join(frame(m) for m in step["send_batch"]))
            elif "send_raw" in step:
                raw = step["send_raw"]
                server.write(("".join(raw) if isinstance(raw, list) else raw).encode("utf-8"))
            elif "expect" in step:
                want = step["expect"]
                deadline = time.time() + step.get("timeout", 10)
                while True:
                    msg = server.next_message(deadline, want.get("method")
                                              if isinstance(want, dict) else None, ignored)
                    if msg == "timeout" or msg is None:
                        return "%s: no message (%s), wanted %s" % (
                            where, "timeout" if msg else "server gone", json.dumps(want)[:300])
                    why = match(want, msg)
                    if not why or not step.get("eventually"):
                        break
                if why:
                    return "%s: %s\n  got: %s" % (where, why, json.dumps(msg, ensure_ascii=False)[:1500])
                for name, keys in step.get("capture", {}).items():
                    part = msg
                    for k in keys:
                        part = part[k]
                    captured[name] = part
            elif "expect_silence" in step:
                msg = server.next_message(time.time() + step["expect_silence"], None, ignored)
                if msg not in ("timeout", None):
                    return "%s: unexpected %s" % (where, json.dumps(msg)[:500])
            elif "expect_exit" in step:
                try:
                    code = server.proc.wait(timeout=60 if memcheck.ON else 5)
                except subprocess.TimeoutExpired:
                    server.proc.kill()
                    return "%s: the server did not exit" % where
                if code != step["expect_exit"]:
                    return "%s: exit code %d, want %d\n%s" % (where, code, step["expect_exit"],
                                                             "".join(server.stderr[-20:]))
            elif "write" in step:
                p = os.path.join(ws, step["write"]["path"])
                os.makedirs(os.path.dirname(p), exist_ok=True)
                with open(p, "w", encoding="utf-8") as f:
                    f.write(step["write"]["text"])
            elif "delete" in step:
                os.remove(os.path.join(ws, step["delete"]))
            elif "sleep" in step:
                time.sleep(step["sleep"])
            elif "close_input" in step:
                server.proc.stdin.close()
            else:
                return "%s: unknown step" % where
        if server.proc.poll() is None:
            memcheck.stop(server.proc)
        elif server.proc.returncode < 0:
            return "the server died of signal %d\n%s" % (-server.proc.returncode,
                                                         "".join(server.stderr[-30:]))
        return memcheck.verdict(server.proc.pid)
    finally:
        if server is not None and server.proc.poll() is None:
            memcheck.stop(server.proc)  # a transcript that failed early
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    binary, root, files = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), sys.argv[3:]
    print("1..%d" % len(files))
    failed = 0
    for i, path in enumerate(files, 1):
        name = os.path.basename(path)
        try:
            error = run(binary, root, path)
        except Exception as e:  # noqa: BLE001 - report, go on with the next transcript
            error = "%s: %s" % (type(e).__name__, e)
        if error:
            failed += 1
            print("not ok %d - %s\n# %s" % (i, name, error.replace("\n", "\n# ")))
        else:
            print("ok %d - %s" % (i, name))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
