#!/usr/bin/env python3
"""Writes the seed inputs of the fuzz targets (tests/fuzz/corpus/<target>/seed-*) from the
repository's own test data: articles of tests/fixtures and tests/sample, the .glossary.yaml files,
schema/*.json, and the messages of tests/lsp/transcripts. Reproducers of bugs found by fuzzing
live beside them as regress-*; this script never touches those.

Usage: make_corpus.py SOURCE_ROOT   (then commit what changed)
"""
import glob
import json
import os
import struct
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
CORPUS = os.path.join(ROOT, "tests", "fuzz", "corpus")


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write_seeds(target, seeds):
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):
        if name.startswith("seed-"):
            os.remove(os.path.join(folder, name))
    for name, data in seeds.items():
        with open(os.path.join(folder, "seed-" + name), "wb") as f:
            f.write(data)
    print("%s: %d seeds" % (target, len(seeds)))


def rel_name(path):
    return os.path.relpath(path, ROOT).replace("/", "_").replace(".", "_")


articles = sorted(glob.glob(os.path.join(ROOT, "tests", "fixtures", "**", "*.md"), recursive=True) +
                  glob.glob(os.path.join(ROOT, "tests", "sample", "**", "*.md"), recursive=True))
configs = sorted(glob.glob(os.path.join(ROOT, "tests", "**", ".glossary.yaml"), recursive=True))
configs = [c for c in configs if "node_modules" not in c]
transcripts = sorted(glob.glob(os.path.join(ROOT, "tests", "lsp", "transcripts", "*.json")))


def frame(msg):
    body = json.dumps(msg, ensure_ascii=False).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def session_lines(t):
    """A transcript as fuzz_session input: one message per line, an empty line where the
    transcript waits for the server. Files it opens are read from its workspace."""
    out, waiting = [], False
    workspace = t.get("workspace")
    for step in t["steps"]:
        msgs = []
        if "send" in step:
            msgs = [step["send"]]
        elif "send_bytewise" in step:
            msgs = [step["send_bytewise"]]
        elif "send_batch" in step:
            msgs = step["send_batch"]
        elif "open" in step and workspace:
            text = read(os.path.join(ROOT, workspace, step["open"])).decode("utf-8")
            msgs = [{"jsonrpc": "2.0", "method": "textDocument/didOpen",
                     "params": {"textDocument": {"uri": "${rootUri}/" + step["open"],
                                                 "languageId": "markdown", "version": 1,
                                                 "text": text}}}]
        elif "expect" in step and out and not waiting:
            out.append(b"")
            waiting = True
        for m in msgs:
            text = json.dumps(m, ensure_ascii=False)
            if "${json:" in text:
                continue  # a reply captured at run time: not reproducible here
            out.append(text.encode("utf-8"))
            waiting = False
    return b"\n".join(out) + b"\n"


def article_seeds(prefix_byte):
    seeds = {}
    for i, path in enumerate(articles):
        data = read(path)
        seeds[rel_name(path)] = (bytes([prefix_byte(i)]) if prefix_byte else b"") + data
    return seeds


# frontmatter: every article, and every YAML file of the tests as a whole file
seeds = article_seeds(None)
for path in configs + [os.path.join(ROOT, "tests", "fixtures", "frontmatter-slug", "schema.yaml")]:
    seeds[rel_name(path)] = read(path)
write_seeds("frontmatter", seeds)

# outline: every article as it is (fuzz_outline compares the two Markdown readers on it)
write_seeds("outline", article_seeds(None))

# yamlfast: the front matter of every article that has one (the YAML between the "---" lines)
seeds = {}
for path in articles:
    text = read(path)
    if text.startswith(b"---\n") and b"\n---\n" in text[3:]:
        seeds[rel_name(path)] = text[4:text.index(b"\n---\n", 3) + 1]
write_seeds("yamlfast", seeds)

# summary: every article, the first byte cycling through encodings, slug sources and options
write_seeds("summary", article_seeds(lambda i: (i * 37 + 1) % 256))

# schema: a schema, NUL, a front matter (or a configuration, for the configuration's schema)
seeds = {}
glossary_schema = read(os.path.join(ROOT, "schema", "glossary.schema.json"))
config_schema = read(os.path.join(ROOT, "schema", "glossary-config.schema.json"))
slug_schema = read(os.path.join(ROOT, "tests", "fixtures", "frontmatter-slug", "schema.yaml"))
for path in articles[:12]:
    text = read(path)
    parts = text.split(b"---")
    fm = parts[1] if len(parts) > 2 else text
    seeds["glossary_" + rel_name(path)] = glossary_schema + b"\0" + fm
for path in glob.glob(os.path.join(ROOT, "tests", "fixtures", "frontmatter-slug", "*.md")):
    parts = read(path).split(b"---")
    seeds["slug_" + rel_name(path)] = slug_schema + b"\0" + (parts[1] if len(parts) > 2 else b"")
for path in configs:
    seeds["config_" + rel_name(path)] = config_schema + b"\0" + read(path)
seeds["cyclic_ref"] = (b'{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}},'
                       b' "properties": {"title": {"$ref": "#/$defs/a"}}}\0title: x\n')
seeds["combinators"] = (b'{"type": "object", "required": ["title"], "properties": {"keywords": '
                        b'{"oneOf": [{"type": "string", "minLength": 1}, {"type": "array", '
                        b'"items": {"type": "string"}, "uniqueItems": true}]}, "title": '
                        b'{"type": "string", "pattern": "^\\\\w+( \\\\w+)*$", "maxLength": 80}, '
                        b'"lang": {"enum": ["en", "no", 3, null]}}, "additionalProperties": '
                        b'false, "propertyNames": {"pattern": "^[a-z]+$"}}\0'
                        b'keywords: [a, a]\ntitle: "two  spaces"\nlang: de\nExtra: 1\n')
write_seeds("schema", seeds)

# config: every .glossary.yaml, and the settings the transcripts send (JSON)
seeds = {rel_name(p): read(p) for p in configs}
for path in transcripts:
    t = json.load(open(path, encoding="utf-8"))
    for i, c in enumerate(t.get("configuration", [])):
        seeds["%s_configuration_%d" % (os.path.basename(path)[:-5], i)] = json.dumps(c).encode()
    for step in t["steps"]:
        params = step["send"].get("params") if isinstance(step.get("send"), dict) else None
        params = params if isinstance(params, dict) else {}
        for key in ("initializationOptions", "settings"):
            if isinstance(params.get(key), dict):
                name = "%s_%s" % (os.path.basename(path)[:-5], key)
                seeds[name] = json.dumps(params[key]).encode()
write_seeds("config", seeds)

# frame: whole client streams of the transcripts, and their raw broken frames
seeds = {}
for path in transcripts:
    t = json.load(open(path, encoding="utf-8"))
    stream = b""
    for step in t["steps"]:
        if "send" in step or "send_bytewise" in step:
            stream += frame(step.get("send", step.get("send_bytewise")))
        elif "send_batch" in step:
            stream += b"".join(frame(m) for m in step["send_batch"])
        elif "send_raw" in step:
            raw = step["send_raw"]
            stream += ("".join(raw) if isinstance(raw, list) else raw).encode("utf-8")
    if stream:
        seeds[os.path.basename(path)[:-5]] = bytes([len(seeds) * 29 % 256]) + stream[:20000]
write_seeds("frame", seeds)

# session: the transcripts as message lines
seeds = {}
for path in transcripts:
    t = json.load(open(path, encoding="utf-8"))
    lines = session_lines(t)
    if lines.strip():
        seeds[os.path.basename(path)[:-5]] = lines
write_seeds("session", seeds)


# edits: texts with æøå, emoji, a𐐀b, CRLF, lone CR, a BOM, then edits in each encoding
def edits(encoding, text, changes):
    out = bytes([encoding]) + struct.pack("<H", len(text)) + text
    for flags, sl, sc, el, ec, repl in changes:
        out += bytes([flags, sl, sc, el, ec, len(repl)]) + repl
    return out


texts = {
    "norwegian": "---\ntitle: kontoansvarlig\n---\n\n# Høydepunkter\n- æøå [x](/slug)\n",
    "astral": "a\U00010400b\n😀 æ [x](/missing)\n",
    "crlf": "---\r\ntitle: x\r\n---\r\n\r\n## Highlights\r\n\r\n- a\r\n",
    "lone_cr": "one\rtwo\r\nthree\nfour\r",
    "bom": "\ufeff---\ntitle: B\n---\n",
    "empty": "",
}
changes = [(0, 1, 0, 1, 3, "Ø".encode()), (0, 0, 1, 0, 2, b""),
           (0, 9, 9, 0, 0, "𐐀\r\n".encode()), (0, 1, 40, 2, 0, b"x"), (1, 0, 0, 0, 0, "ny tekst\n".encode()), (0, 0, 2, 0, 1, b"\r")]
seeds = {}
for name, text in texts.items():
    for enc, enc_name in enumerate(["utf-8", "utf-16", "utf-32"]):
        seeds["%s_%s" % (name, enc_name)] = edits(enc, text.encode("utf-8"), changes)
seeds["invalid_utf8"] = edits(1, b"a\xff\xc3(\xe2\x82\n\xf0\x9f\x98", changes)
write_seeds("edits", seeds)
