#!/usr/bin/env python3
"""Checks editors/helix/languages.toml (Helix is not packaged for Debian 12, so it cannot run
here): the file parses as TOML, the markdown language uses the glossary-ls server with a glossary
root marker, and the server started with the file's own arguments (and the commented example
`config` as Helix would send it) answers initialize, reads the settings, and shuts down cleanly.
Usage: check.py GLOSSARY_LS SOURCE_ROOT. Prints TAP."""
import json
import os
import re
import subprocess
import sys
import tomllib

binary, root = sys.argv[1], sys.argv[2]
path = os.path.join(root, "editors", "helix", "languages.toml")
results = []


def check(ok, what):
    results.append((bool(ok), what))


text = open(path, encoding="utf-8").read()
conf = tomllib.loads(text)
server = conf.get("language-server", {}).get("glossary-ls", {})
check(server.get("command") == "glossary-ls", "the server command is glossary-ls")
markdown = [l for l in conf.get("language", []) if l.get("name") == "markdown"]
check(markdown and "glossary-ls" in markdown[0].get("language-servers", []),
      "markdown uses glossary-ls")
check(markdown and ".glossary.yaml" in markdown[0].get("roots", []),
      "a .glossary.yaml marks the workspace root")
example = re.search(r"^# (config = .*)$", text, re.M)
check(example, "the file shows an example config")
settings = tomllib.loads(example.group(1))["config"] if example else {}
check("glossary" in settings, "the example config is under `glossary`")


def frame(msg):
    body = json.dumps(msg).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_all(data):
    out = []
    while data:
        head, _, rest = data.partition(b"\r\n\r\n")
        n = int(re.search(rb"Content-Length: (\d+)", head).group(1))
        out.append(json.loads(rest[:n]))
        data = rest[n:]
    return out


session = b"".join(frame(m) for m in [
    {"jsonrpc": "2.0", "id": 1, "method": "initialize",
     "params": {"processId": None, "capabilities": {},
                "rootUri": "file://" + os.path.join(os.path.abspath(root), "tests", "sample"),
                "initializationOptions": settings}},
    {"jsonrpc": "2.0", "method": "initialized", "params": {}},
    {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
    {"jsonrpc": "2.0", "method": "exit"},
])
proc = subprocess.run([binary] + server.get("args", []), input=session, capture_output=True,
                      timeout=30)
replies = read_all(proc.stdout)
init = next((r for r in replies if r.get("id") == 1), {})
check("capabilities" in init.get("result", {}), "the server answers initialize")
check(proc.returncode == 0, "the server exits with status 0 after shutdown")
check(b"settings:" not in proc.stderr,
      "the example settings are accepted: %s" % proc.stderr.decode(errors="replace").strip())

print("1..%d" % len(results))
for i, (ok, what) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, what))
sys.exit(0 if all(ok for ok, _ in results) else 1)
