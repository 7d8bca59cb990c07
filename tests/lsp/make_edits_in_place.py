#!/usr/bin/env python3
"""Writes tests/lsp/transcripts/edits_in_place.json: seeded didChange messages that grow and
shrink one document (inserted lines with æøå and emoji, deleted runs of lines, a character put in
front of a line, once the whole text replaced), and the documentSymbol answer the final text must
give, computed here from a model of the text, not from the server.

Usage: tests/lsp/make_edits_in_place.py   (from the source root; rewrites the transcript)
"""
import json
import random
import sys
random.seed(7)
uri = "${rootUri}/Texts/English/edited.md"
text = "# Start\n"


def u16(s):
    return len(s.encode("utf-16-le")) // 2


def pos_of(t, off):
    """The LSP (UTF-16) position of code point off of t."""
    before = t[:off]
    return {"line": before.count("\n"), "character": u16(before[before.rfind("\n") + 1:])}


def change(t, a, b, new):
    return {"range": {"start": pos_of(t, a), "end": pos_of(t, b)}, "text": new}


steps = [{"send": {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
    "uri": uri, "languageId": "markdown", "version": 1, "text": text}}}}]
version = 1
pieces = ["## Ærlig 😀 %d\n", "Tekst æøå %d.\n", "## Høydepunkter %d\n", "- punkt %d\n"]
for round_ in range(10):
    changes = []
    for k in range(20):
        r = random.random()
        if r < 0.75 or len(text) < 40:  # insert a line at a line start, never before the title
            starts = [i + 1 for i, c in enumerate(text) if c == "\n"]
            at = random.choice(starts)
            new = random.choice(pieces) % (round_ * 100 + k)
            changes.append(change(text, at, at, new))
            text = text[:at] + new + text[at:]
        elif r < 0.93:  # delete a run of whole lines after the title
            lines = text.split("\n")[:-1]
            i = random.randrange(1, len(lines))
            j = min(len(lines), i + random.randint(1, 3))
            a, b = sum(len(x) + 1 for x in lines[:i]), sum(len(x) + 1 for x in lines[:j])
            changes.append(change(text, a, b, ""))
            text = text[:a] + text[b:]
        elif round_ == 2 and k == 5:  # replace the whole text, shorter
            text = "# Start\n## Kort %d\n" % k
            changes.append({"text": text})
        else:  # a multi-byte character in front of the line after the title
            at = text.index("\n") + 1
            changes.append(change(text, at, at, "ø"))
            text = text[:at] + "ø" + text[at:]
    version += 1
    steps.append({"send": {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": version}, "contentChanges": changes}}})
heads = [(i, x) for i, x in enumerate(text.split("\n")) if x.startswith("#")]
steps = [{"send": {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
             "processId": None, "rootUri": "${rootUri}", "capabilities": {},
             "initializationOptions": {"debounce": 0}}}},
         {"expect": {"id": 1, "result": {"capabilities": {"positionEncoding": "utf-16"}}}},
         {"send": {"jsonrpc": "2.0", "method": "initialized", "params": {}}}] + steps
steps.append({"send": {"jsonrpc": "2.0", "id": 2, "method": "textDocument/documentSymbol",
                       "params": {"textDocument": {"uri": uri}}}})
steps.append({"expect": {"id": 2, "result": [
    {"name": l.lstrip("#").strip(), "kind": 15, "location": {"uri": uri, "range": {
        "start": {"line": i, "character": 0}, "end": {"line": i, "character": u16(l)}}}}
    for i, l in heads]}})
steps += [{"send": {"jsonrpc": "2.0", "id": 3, "method": "shutdown"}},
          {"expect": {"id": 3, "result": None}},
          {"send": {"jsonrpc": "2.0", "method": "exit"}}, {"expect_exit": 0}]
desc = ("Ten didChange messages of twenty changes each, made by a seeded script "
        "(tests/lsp/make_edits_in_place.py: inserted lines with æøå and emoji, deleted runs of "
        "lines, a character put in front of a line, once the whole text replaced by a shorter "
        "one), grow the document from 8 to %d characters and shrink it again: the server edits "
        "its copy in place while it has room and moves it to a larger buffer when not. The "
        "headings of the result, as the script computes them, are what documentSymbol gives, at "
        "their UTF-16 ranges." % len(text))
out = ('{\n  "description": ' + json.dumps(desc, ensure_ascii=False) +
       ',\n  "workspace": "tests/sample",\n  "ignore": ["textDocument/publishDiagnostics"],\n'
       '  "steps": [\n' + ",\n".join("    " + json.dumps(s, ensure_ascii=False) for s in steps) +
       "\n  ]\n}\n")
with open("tests/lsp/transcripts/edits_in_place.json", "w", encoding="utf-8") as f:
    f.write(out)
print("%d characters, %d headings" % (len(text), len(heads)), file=sys.stderr)
