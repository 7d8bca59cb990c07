#!/usr/bin/env python3
"""Checks the architecture's dependency rules on the sources (DESIGN.md section 2):
schema/ uses libc only; lsp/analysis/ never reaches jansson, protocol/ or the file system and never
prints; protocol/ never knows glossaries. Usage: layering.py SOURCE_ROOT. Exit 1 on a violation."""
import os
import re
import sys

ROOT = sys.argv[1]
RULES = {
    "schema": {"includes": ["jansson.h", "yaml.h", "cmark.h", "unistd.h", "dirent.h", "fcntl.h"],
               "calls": ["fopen", "fprintf", "printf", "puts", "read", "write", "open"]},
    "lsp/analysis": {"includes": ["jansson.h", "unistd.h", "dirent.h", "fcntl.h", "sys/stat.h",
                                  "json_value.h", "protocol/"],
                     "calls": ["fopen", "fprintf", "printf", "puts", "read", "write", "open",
                               "opendir", "stat"]},
    "protocol": {"includes": ["summary.h", "index.h", "engine.h", "yaml.h", "cmark.h"],
                 "calls": [], "words": ["stdout"]},
    # the server: only protocol/transport.c writes to the client (stdout)
    "lsp": {"includes": [], "calls": ["printf", "puts"], "words": ["stdout"]},
    "lsp/handlers": {"includes": [], "calls": ["printf", "puts", "fprintf"], "words": ["stdout"]},
}
# the batch command and the command line print their reports and usage to stdout
ALLOWED_WORDS = {"stdout": ["report.c", "check.c", "main.c"]}
ALLOWED_CALLS = {"fprintf": ["xalloc.c"],  # the one out-of-memory message
                 "printf": ["main.c"], "puts": ["main.c"]}

violations = []
for folder, rule in RULES.items():
    base = os.path.join(ROOT, folder)
    if not os.path.isdir(base):
        continue
    for name in sorted(os.listdir(base)):
        if not name.endswith((".c", ".h")):
            continue
        path = os.path.join(base, name)
        text = open(path, encoding="utf-8").read()
        code = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        code = re.sub(r'"(\\.|[^"\\])*"', '""', code)
        for inc in re.findall(r'#include\s*[<"]([^>"]+)[>"]', text):
            if any(inc == bad or inc.startswith(bad) for bad in rule["includes"]):
                violations.append("%s/%s includes <%s>" % (folder, name, inc))
        for call in rule["calls"]:
            if name in ALLOWED_CALLS.get(call, []):
                continue
            if re.search(r"(?<![\w.>])%s\s*\(" % call, code):
                violations.append("%s/%s calls %s()" % (folder, name, call))
        for word in rule.get("words", []):
            if name in ALLOWED_WORDS.get(word, []):
                continue
            if re.search(r"\b%s\b" % word, code):
                violations.append("%s/%s uses %s" % (folder, name, word))
        first = text.lstrip().split("\n", 1)[0]
        if not first.startswith("/*"):
            violations.append("%s/%s does not open with its purpose comment" % (folder, name))
for v in violations:
    print("layering: " + v)
print("layering: %d violation(s)" % len(violations))
sys.exit(1 if violations else 0)
