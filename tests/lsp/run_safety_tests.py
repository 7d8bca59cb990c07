#!/usr/bin/env python3
"""Workspace safety of the language server, as tests: hostile trees (symlink loops and links out
of the workspace, FIFOs, file names that are not UTF-8, files vanishing while they are indexed),
watched-file events and URIs that climb out with "..", and a whole editing session against a
read-only copy of a glossary that must leave every byte, name and time stamp of it as it was (and,
under strace when it is installed, open nothing for writing anywhere). With GLOSSARY_LS_MEMCHECK=1
the server runs under valgrind memcheck (tests/memcheck.py).
Must never touch anything but the temporary folders it makes.

Usage: run_safety_tests.py GLOSSARY_LS SOURCE_ROOT   (TAP output)
"""
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_transcripts import Server, frame, memcheck  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
ROOT = os.path.abspath(sys.argv[2])
OK = "---\ntitle: T\ndescription: D\n---\n\n# T\n\n## Highlights\n\n- x\n"
results = []


class Skip(Exception):
    """Raised by a test that cannot run here (said in the TAP line)."""


def test(fn):
    try:
        fn()
        results.append((fn.__name__, None))
    except Skip as e:
        results.append((fn.__name__ + " # SKIP " + str(e), None))
    except Exception as e:  # noqa: BLE001 - a failed check is reported, not raised
        results.append((fn.__name__, "%s: %s" % (type(e).__name__, e)))
    return fn


def eq(a, b, what=""):
    if a != b:
        raise AssertionError("%s: %r != %r" % (what, a, b))


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(text.encode() if isinstance(text, str) else text)


class Session:
    """A language server on folder ws (or under `prefix`, e.g. strace), with requests answered in
    order and every window/logMessage kept."""

    def __init__(self, ws, args=(), prefix=(), caps=None):
        self.ws = ws
        self.uri = "file://" + ws
        self.server = Server(prefix[0] if prefix else BIN, list(prefix[1:]) +
                             ([BIN] if prefix else []) + list(args), ws, [None])
        self.logs, self.notes, self.next_id = [], [], 0
        caps = caps or {}
        caps.setdefault("workspace", {}).update({"workspaceEdit": {
            "documentChanges": True, "resourceOperations": ["create", "rename", "delete"]},
            "didChangeWatchedFiles": {"dynamicRegistration": True}})
        self.request("initialize", {"processId": os.getpid(), "rootUri": self.uri,
                                    "capabilities": caps,
                                    "initializationOptions": {"debounce": 0}})
        self.notify("initialized", {})

    def notify(self, method, params):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        self.server.write(frame(msg))

    def _keep(self, msg):
        if msg.get("method") == "window/logMessage":
            self.logs.append(msg["params"]["message"])
        elif "method" in msg:
            self.notes.append(msg)

    def request(self, method, params, timeout=20):
        """Returns the reply's result; raises on an error reply or no reply."""
        reply = self.request_raw(method, params, timeout)
        if "error" in reply:
            raise AssertionError("%s: error %s" % (method, reply["error"]))
        return reply.get("result")

    def request_raw(self, method, params, timeout=20):
        self.next_id += 1
        want = self.next_id
        msg = {"jsonrpc": "2.0", "id": want, "method": method}
        if params is not None:
            msg["params"] = params
        self.server.write(frame(msg))
        deadline = time.time() + timeout
        while True:
            msg = self.server.next_message(deadline, None, set())
            if msg in ("timeout", None):
                raise AssertionError("%s: no reply (%s)\n%s" % (
                    method, "timeout" if msg else "server gone", "".join(self.server.stderr[-20:])))
            if msg.get("id") == want and "method" not in msg:
                return msg
            self._keep(msg)

    def wait_log(self, pattern, timeout=10):
        deadline = time.time() + timeout
        while not any(re.search(pattern, m) for m in self.logs):
            msg = self.server.next_message(deadline, None, set())
            if msg in ("timeout", None):
                raise AssertionError("no log message /%s/; got %s" % (pattern, self.logs))
            self._keep(msg)

    def pump(self, seconds):
        deadline = time.time() + seconds
        while True:
            msg = self.server.next_message(deadline, None, set())
            if msg in ("timeout", None):
                return
            self._keep(msg)

    def open(self, rel, version=1):
        with open(os.path.join(self.ws, rel), encoding="utf-8") as f:
            text = f.read()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": self.uri + "/" + rel, "languageId": "markdown", "version": version,
            "text": text}})
        return text

    def close(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        try:
            code = self.server.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.server.proc.kill()
            raise AssertionError("the server did not exit")
        if code != 0:
            raise AssertionError("exit code %d\n%s" % (code, "".join(self.server.stderr[-30:])))
        why = memcheck.verdict(self.server.proc.pid)
        if why:
            raise AssertionError(why)

    def kill(self):
        memcheck.stop(self.server.proc)


def symbols(session):
    """Paths (relative to the workspace) of every article workspace/symbol knows; also waits for
    every index (the server answers it only then)."""
    out = session.request("workspace/symbol", {"query": ""})
    return sorted(s["location"]["uri"][len(session.uri) + 1:] for s in out)


@test
def hostile_tree_is_logged_and_served():
    with tempfile.TemporaryDirectory() as outside, tempfile.TemporaryDirectory() as tmp:
        ws = os.path.realpath(tmp)
        write(os.path.join(outside, "secret.md"), OK.replace("title: T", "title: Secret"))
        write(os.path.join(ws, "a.md"), OK + "[s](/secret) [b](/b)\n")
        write(os.path.join(ws, "sub", "b.md"), OK)
        write(os.path.join(ws.encode(), b"caf\xe9.md"), OK)
        os.mkfifo(os.path.join(ws, "fifo.md"))
        os.symlink(os.path.join(outside, "secret.md"), os.path.join(ws, "secret.md"))
        os.symlink("missing.md", os.path.join(ws, "dangling.md"))
        os.symlink(outside, os.path.join(ws, "shared"))
        os.symlink("..", os.path.join(ws, "sub", "up"))
        s = Session(ws)
        try:
            eq(symbols(s), ["a.md", "sub/b.md"], "articles")
            s.wait_log(r"/fifo\.md: Not a regular file")
            s.wait_log(r"/caf%E9\.md: The name of this file is not valid UTF-8")
            s.wait_log(r"/secret\.md: A symbolic link to .*, outside the workspace: not followed")
            s.wait_log(r"/dangling\.md: A symbolic link that leads nowhere")
            assert not any("shared" in m or "sub/up" in m for m in s.logs), s.logs  # info only
            eq(len(s.logs), 4, "warnings: %s" % s.logs)
            # the editor opens the article: its link to the article outside stays broken
            text = s.open("a.md")
            line = text.count("\n") - 1
            hover = s.request("textDocument/hover", {"textDocument": {"uri": s.uri + "/a.md"},
                                                     "position": {"line": line, "character": 6}})
            assert "No article" in json.dumps(hover) and "Secret" not in json.dumps(hover), hover
            # a slug that climbs out is no link, so no fix offers to create a file out there
            s.notify("textDocument/didChange", {
                "textDocument": {"uri": s.uri + "/a.md", "version": 2},
                "contentChanges": [{"text": text + "[x](/..%2F..%2Fetc%2Fx) [y](/..)\n"}]})
            actions = s.request("textDocument/codeAction", {
                "textDocument": {"uri": s.uri + "/a.md"},
                "range": {"start": {"line": 0, "character": 0},
                          "end": {"line": line + 2, "character": 0}},
                "context": {"diagnostics": []}})
            titles = [a["title"] for a in actions or []]
            assert not any(".." in t for t in titles), titles
            # nor can a rename make one
            title = {"line": text.count("\n", 0, text.index("# T")), "character": 3}
            for name in ("..", ".", "../x", "a/b"):
                reply = s.request_raw("textDocument/rename", {
                    "textDocument": {"uri": s.uri + "/a.md"}, "position": title,
                    "newName": name})
                assert "cannot be a slug" in reply.get("error", {}).get("message", ""), reply
            s.close()
        finally:
            s.kill()


@test
def watched_file_events_never_read_outside_or_block():
    with tempfile.TemporaryDirectory() as outside, tempfile.TemporaryDirectory() as tmp:
        ws = os.path.realpath(tmp)
        out = os.path.realpath(outside)
        write(os.path.join(out, "secret.md"), OK.replace("title: T", "title: Secret"))
        write(os.path.join(ws, "a.md"), OK + "[s](/secret)\n")
        s = Session(ws)
        try:
            eq(symbols(s), ["a.md"], "articles")
            # after the first index: a FIFO, links out, a path climbing out, a name not UTF-8
            os.mkfifo(os.path.join(ws, "fifo.md"))
            os.symlink(os.path.join(out, "secret.md"), os.path.join(ws, "secret.md"))
            os.symlink(out, os.path.join(ws, "shared"))
            write(os.path.join(ws.encode(), b"caf\xe9.md"), OK)
            rel_out = os.path.relpath(os.path.join(out, "secret.md"), ws)
            uris = [s.uri + "/fifo.md", s.uri + "/secret.md", s.uri + "/shared/secret.md",
                    s.uri + "/" + rel_out, s.uri + "/sub/../" + rel_out,
                    s.uri + "/%2E%2E/" + rel_out, s.uri + "/caf%E9.md"]
            s.notify("workspace/didChangeWatchedFiles", {
                "changes": [{"uri": u, "type": t} for u in uris for t in (1, 2)]})
            start = time.time()
            eq(symbols(s), ["a.md"], "articles after the events")
            assert time.time() - start < 5, "the server blocked"
            s.wait_log(r"/fifo\.md: Not a regular file")
            s.wait_log(r"/secret\.md: A symbolic link leads out of the workspace: not followed")
            s.wait_log(r"/caf%E9\.md: the file name is not valid UTF-8")
            # a link from one glossary's folder into another's is not followed either
            write(os.path.join(ws, ".glossary.yaml"), 'glossaries: ["Texts/*"]\n')
            write(os.path.join(ws, "Texts", "Norwegian", "a.md"), OK)
            write(os.path.join(ws, "Texts", "English", "b.md"), OK + "[a](/a)\n")
            os.symlink("../Norwegian/a.md", os.path.join(ws, "Texts", "English", "a.md"))
            s.notify("workspace/didChangeWatchedFiles", {"changes": [
                {"uri": s.uri + "/.glossary.yaml", "type": 1}]})
            eq(symbols(s), ["Texts/English/b.md", "Texts/Norwegian/a.md"], "articles (Texts/*)")
            s.wait_log(r"/Texts/English/a\.md: A symbolic link to .*/Texts/Norwegian/a\.md, "
                       r"outside the glossary folder 'Texts/English': not followed")
            s.notify("workspace/didChangeWatchedFiles", {"changes": [
                {"uri": s.uri + "/Texts/English/a.md", "type": 1}]})
            eq(symbols(s), ["Texts/English/b.md", "Texts/Norwegian/a.md"], "after the event")
            s.wait_log(r"/Texts/English/a\.md: A symbolic link leads out of the glossary folder "
                       r"'Texts/English': not followed")
            # a document opened with such a URI is no article of the workspace either
            s.notify("textDocument/didOpen", {"textDocument": {
                "uri": s.uri + "/sub/../" + rel_out, "languageId": "markdown", "version": 1,
                "text": OK}})
            eq(symbols(s), ["Texts/English/b.md", "Texts/Norwegian/a.md"], "after didOpen")
            s.close()
        finally:
            s.kill()


@test
def files_vanishing_while_indexed_are_logged():
    with tempfile.TemporaryDirectory() as tmp:
        ws = os.path.realpath(tmp)
        for name in ("a", "b", "c", "z"):
            write(os.path.join(ws, name + ".md"), OK)
        # one thread, 300 ms before each file: z.md is read about 1.2 s after the walk
        delay = "1000" if memcheck.ON else "300"
        s = Session(ws, args=["--index-delay", delay, "--threads", "1"],
                    caps={"window": {"workDoneProgress": True}})
        try:
            deadline = time.time() + 10
            while not any(n.get("method") == "$/progress" and
                          n["params"]["value"].get("kind") == "begin" for n in s.notes):
                assert time.time() < deadline, "no progress begin"
                s.pump(0.05)
            os.remove(os.path.join(ws, "z.md"))  # listed, not read yet
            os.remove(os.path.join(ws, "c.md"))
            os.mkfifo(os.path.join(ws, "c.md"))  # replaced by a FIFO
            eq(symbols(s), ["a.md", "b.md"], "articles")
            s.wait_log(r"/z\.md: Cannot read this file: No such file or directory")
            s.wait_log(r"/c\.md: Not a regular file")
            s.close()
        finally:
            s.kill()


def snapshot(top):
    """Every path below top (names as bytes) with its type, mode, size, mtime and content hash."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(top.encode()):
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            digest = None
            if stat.S_ISREG(st.st_mode):
                with open(p, "rb") as f:
                    digest = hashlib.sha256(f.read()).hexdigest()
            out[p] = (stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode), st.st_size,
                      st.st_mtime_ns, digest)
    st = os.lstat(top)
    out[top.encode()] = (stat.S_IMODE(st.st_mode), st.st_mtime_ns)
    return out


WRITE_CALLS = re.compile(r"\b(unlink|unlinkat|rename|renameat2?|mkdir|mkdirat|rmdir|symlink|"
                         r"symlinkat|link|linkat|chmod|fchmodat|fchmod|chown|fchownat|fchown|"
                         r"lchown|truncate|ftruncate|utimensat|utimes|creat|mknod|mknodat)\(")
WRITE_OPEN = re.compile(r"\bopen(at|at2)?\(.*(O_WRONLY|O_RDWR|O_CREAT|O_TRUNC)")


def position(text, needle, delta=0):
    at = text.index(needle) + delta
    return {"line": text.count("\n", 0, at), "character": at - text.rfind("\n", 0, at) - 1}


@test
def a_whole_session_writes_nothing():
    tmp = tempfile.mkdtemp(prefix="glossary-readonly-")
    ws = os.path.join(os.path.realpath(tmp), "ws")
    shutil.copytree(os.path.join(ROOT, "tests", "sample"), ws)
    for dirpath, dirnames, filenames in os.walk(ws):
        for name in filenames:
            os.chmod(os.path.join(dirpath, name), 0o444)
    for dirpath, dirnames, filenames in os.walk(ws, topdown=False):
        os.chmod(dirpath, 0o555)
    before = snapshot(ws)
    trace = os.path.join(tmp, "strace.log")
    prefix = ()
    saved_env = dict(os.environ)
    if shutil.which("strace") and not memcheck.ON:  # valgrind writes its log
        prefix = (shutil.which("strace"), "-f", "-qq", "-o", trace,
                  "-e", "trace=%file,fchmod,fchown,ftruncate")
        # LeakSanitizer cannot work under ptrace: leaks are the other tests' business
        os.environ["ASAN_OPTIONS"] = os.environ.get("ASAN_OPTIONS", "") + ":detect_leaks=0"
    s = Session(ws, prefix=prefix, caps={
        "textDocument": {"completion": {"completionItem": {
            "resolveSupport": {"properties": ["documentation"]}}}},
        "window": {"workDoneProgress": True}})
    try:
        eq(len(symbols(s)), 12, "articles")
        no = "Texts/Norwegian/account-manager.md"
        uri = s.uri + "/" + no
        doc = {"uri": uri}
        text = s.open(no)
        s.open("Texts/Norwegian/sales-team.md")
        link = position(text, "](/returnoninvestment)", 3)
        title = position(text, "# kontoansvarlig", 3)
        end = {"line": text.count("\n"), "character": 0}
        version = 1
        for k in range(20):  # type a link and delete it again
            version += 1
            change = {"range": {"start": end, "end": end}, "text": "[x](/sales"} if k % 2 == 0 \
                else {"range": {"start": end, "end": {"line": end["line"], "character": 10}},
                      "text": ""}
            s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                "contentChanges": [change]})
        version += 1
        s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                            "contentChanges": [{"range": {"start": end,
                                                                          "end": end},
                                                                "text": "[x](/sales"}]})
        at_end = {"line": end["line"], "character": 10}
        items = s.request("textDocument/completion", {"textDocument": doc, "position": at_end})
        items = items["items"] if isinstance(items, dict) else items
        assert items, "completion items"
        s.request("completionItem/resolve", items[0])
        s.request("textDocument/hover", {"textDocument": doc, "position": link})
        s.request("textDocument/hover", {"textDocument": doc, "position": {"line": 1,
                                                                           "character": 2}})
        s.request("textDocument/definition", {"textDocument": doc, "position": link})
        s.request("textDocument/references", {"textDocument": doc, "position": title,
                                              "context": {"includeDeclaration": True}})
        s.request("textDocument/documentSymbol", {"textDocument": doc})
        s.request("textDocument/documentLink", {"textDocument": doc})
        s.request("workspace/symbol", {"query": "sales"})
        whole = {"start": {"line": 0, "character": 0}, "end": at_end}
        actions = s.request("textDocument/codeAction", {
            "textDocument": doc, "range": whole, "context": {"diagnostics": []}})
        assert any("Create the article" in a["title"] for a in actions), actions  # a new file
        s.request("textDocument/codeAction", {
            "textDocument": doc, "range": whole,
            "context": {"diagnostics": [], "only": ["source.fixAll.glossary-ls"]}})
        s.request("textDocument/prepareRename", {"textDocument": doc, "position": title})
        edit = s.request("textDocument/rename", {"textDocument": doc, "position": title,
                                                 "newName": "kontoansvarlig"})
        assert any(c.get("kind") == "rename" for c in edit["documentChanges"]), edit
        s.request("workspace/willRenameFiles", {"files": [{
            "oldUri": s.uri + "/Texts/Norwegian/sales-team.md",
            "newUri": s.uri + "/Texts/Norwegian/sales-people.md"}]})
        reply = s.request_raw("textDocument/formatting", {
            "textDocument": doc, "options": {"tabSize": 4, "insertSpaces": True}})
        assert "result" in reply or reply["error"]["code"] == -32601, reply  # none offered
        s.notify("textDocument/didSave", {"textDocument": doc})
        s.notify("workspace/didChangeWatchedFiles", {"changes": [
            {"uri": s.uri + "/Texts/English/sales-team.md", "type": 2},
            {"uri": s.uri + "/Texts/English/new.md", "type": 1}]})
        s.notify("textDocument/didClose", {"textDocument": doc})
        s.notify("workspace/didChangeConfiguration", {"settings": {"glossary": {
            "severity": {"link.self": "hint"}}}})
        eq(len(symbols(s)), 12, "articles after the session")
        s.close()
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
        s.kill()
        after = snapshot(ws)
        for dirpath, dirnames, filenames in os.walk(ws):
            os.chmod(dirpath, 0o755)
    try:
        changed = sorted(p.decode(errors="replace") for p in set(before) | set(after)
                         if before.get(p) != after.get(p))
        eq(changed, [], "paths changed, added or removed")
        if prefix:
            with open(trace, errors="replace") as f:
                bad = [line.strip() for line in f
                       if WRITE_CALLS.search(line) or WRITE_OPEN.search(line)]
            eq(bad, [], "system calls that write (or try to), anywhere")
            with open(trace, errors="replace") as f:
                assert "sales-team.md" in f.read(), "strace saw no reads"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


failed = 0
print("1..%d" % len(results))
for i, (name, error) in enumerate(results, 1):
    if error:
        failed += 1
        print("not ok %d - %s\n# %s" % (i, name, error.replace("\n", "\n# ")))
    else:
        print("ok %d - %s" % (i, name))
sys.exit(1 if failed else 0)
