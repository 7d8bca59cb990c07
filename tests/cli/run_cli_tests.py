#!/usr/bin/env python3
"""End-to-end tests of `glossary-ls check` as CI maintainers use it: the three output formats,
exit codes, PATH and --config handling, and hostile workspaces (binary files, bad UTF-8, folders
named x.md, symlink loops). Usage: run_cli_tests.py GLOSSARY_LS SOURCE_ROOT. TAP output."""
import json
import os
import subprocess
import sys
import tempfile

BIN = os.path.abspath(sys.argv[1])
ROOT = os.path.abspath(sys.argv[2])
results = []


def check(cmd, cwd=ROOT):
    p = subprocess.run([BIN, "check"] + cmd, cwd=cwd, capture_output=True, timeout=60)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def test(fn):
    try:
        fn()
        results.append((fn.__name__, None))
    except Exception as e:  # noqa: BLE001 - a failed check is reported, not raised
        results.append((fn.__name__, "%s: %s" % (type(e).__name__, e)))
    return fn


def eq(a, b, what=""):
    if a != b:
        raise AssertionError("%s: %r != %r" % (what, a, b))


@test
def sample_text_output_is_exact():
    rc, out, err = check(["tests/sample"])
    eq(rc, 1, "exit code")
    with open(os.path.join(ROOT, "tests/cli/sample.txt"), encoding="utf-8") as f:
        eq(out, f.read(), "text output")
    eq(err, "", "stderr")


@test
def sample_json_is_lsp_diagnostics():
    rc, out, _ = check(["--format", "json", "tests/sample"])
    eq(rc, 1, "exit code")
    files = json.loads(out)
    eq(len(files), 9, "files with findings")
    total = sum(len(f["diagnostics"]) for f in files)
    eq(total, 13, "diagnostics")
    seed = [f for f in files if f["path"] == "tests/sample/Texts/Norwegian/account-manager.md"][0]
    assert seed["uri"].startswith("file:///") and seed["uri"].endswith("/account-manager.md")
    link = seed["diagnostics"][0]
    eq(link["code"], "link.broken", "code")
    eq(link["severity"], 1, "severity")
    eq(link["source"], "glossary-ls", "source")
    eq(link["range"], {"start": {"line": 21, "character": 332},
                       "end": {"line": 21, "character": 351}}, "range (UTF-16)")
    assert link["codeDescription"]["href"].endswith("#linkbroken")
    for f in files:
        for d in f["diagnostics"]:
            assert set(d) >= {"range", "severity", "code", "source", "message"}, d


@test
def json_ranges_count_utf16_units():
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "a.md"), "w", encoding="utf-8") as f:
            f.write("---\ntitle: A\ndescription: D\n---\n\n# A\n\n😀 a𐐀b [x](/missing)\n\n"
                    "## Highlights\n\n- One.\n")
        rc, out, _ = check(["--format", "json", d])
        eq(rc, 1, "exit code")
        diag = json.loads(out)[0]["diagnostics"][0]
        # "😀 a𐐀b [x](" is 12 UTF-16 units (two surrogate pairs) and 10 characters
        eq(diag["range"]["start"], {"line": 7, "character": 12}, "start")
        eq(diag["range"]["end"], {"line": 7, "character": 20}, "end")
        rc, out, _ = check([d])
        assert ":8:11: error:" in out, out  # the text report counts characters


@test
def sample_sarif_is_valid_for_code_scanning():
    rc, out, _ = check(["--format", "sarif", "tests/sample"])
    eq(rc, 1, "exit code")
    log = json.loads(out)
    eq(log["version"], "2.1.0", "version")
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    eq(len(ids), len(set(ids)), "unique rule ids")
    assert "link.broken" in ids and "frontmatter.schema" in ids
    eq(run["columnKind"], "utf16CodeUnits", "columnKind")
    eq(len(run["results"]), 13, "results")
    for r in run["results"]:
        eq(rules[r["ruleIndex"]]["id"], r["ruleId"], "ruleIndex")
        loc = r["locations"][0]["physicalLocation"]
        eq(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%", "uriBaseId")
        assert loc["artifactLocation"]["uri"].startswith("tests/sample/Texts/")
        reg = loc["region"]
        assert reg["startLine"] >= 1 and reg["startColumn"] >= 1
        assert (reg["endLine"], reg["endColumn"]) >= (reg["startLine"], reg["startColumn"])
        assert r["level"] in ("error", "warning", "note")


@test
def clean_glossary_exits_zero():
    rc, out, _ = check(["tests/fixtures/hugo/content/en/node"])
    eq(rc, 0, "exit code")
    eq(out, "No problems in 1 article.\n", "output")


@test
def only_warnings_exit_zero():
    rc, out, _ = check(["tests/fixtures/articles/bad-nospace.md"])
    eq(rc, 0, "exit code")
    assert "warning" in out


@test
def file_argument_reports_only_that_file():
    rc, out, _ = check(["tests/sample/Texts/English/sales-team.md"])
    eq(rc, 0, "exit code (info only)")
    lines = out.splitlines()
    eq(len(lines), 2, "one finding and the summary")
    assert lines[0].startswith("tests/sample/Texts/English/sales-team.md:10:154: info:")


@test
def folder_argument_resolves_links_in_the_whole_workspace():
    rc, out, _ = check(["tests/sample/Texts/English"])
    eq(rc, 1, "exit code")
    assert "Norwegian" not in out
    eq(out.count("link.broken"), 1, "only the real typo")


@test
def usage_errors_exit_two():
    for args in (["--format", "xml", "tests/sample"], ["--bogus"], ["no/such/path"],
                 ["--config", "missing.yaml", "tests/sample"], ["--threads", "0", "tests/sample"],
                 ["tests/sample/EXPECTED.md"], ["--format"]):
        rc, out, err = check(args)
        eq(rc, 2, "exit code for %s" % args)
        assert err.startswith("glossary-ls check:"), err


@test
def explicit_config():
    rc, out, _ = check(["--config", "tests/fixtures/hugo/.glossary.yaml",
                        "tests/fixtures/hugo/content"])
    eq(rc, 1, "exit code")
    assert "No article with slug 'node' in Deutsch" in out


@test
def threads_do_not_change_the_report():
    outs = {check(["--threads", n, "--format", "json", "tests/sample"])[1] for n in ("1", "2", "7")}
    eq(len(outs), 1, "distinct outputs")


def many_articles(d, n):
    """n articles in one glossary; every third links to a slug that does not exist."""
    os.makedirs(os.path.join(d, "Texts", "Norsk"))
    with open(os.path.join(d, ".glossary.yaml"), "w") as f:
        f.write('glossaries:\n  - "Texts/*"\n')
    for i in range(n):
        body = "[neste](/term-%d) og [forrige](/term-%d)" % ((i + 1) % n, (i + n - 1) % n)
        if i % 3 == 0:
            body += " og 😀 [brutt æøå](/finnes-ikke-%d)" % i
        with open(os.path.join(d, "Texts", "Norsk", "term-%d.md" % i), "w", encoding="utf-8") as f:
            f.write("---\ntitle: Term %d\ndescription: Om term %d\n---\n\n# Term %d\n\n"
                    "## Høydepunkter\n\n- %s\n" % (i, i, i, body))


@test
def large_workspace_report_is_whole_and_thread_independent():
    # More than 256 files: findings are gathered on several threads; the report is > 64 KB.
    with tempfile.TemporaryDirectory() as d:
        many_articles(d, 900)
        outs = {check(["--threads", n, "--format", "json", d], cwd=d)[1] for n in ("1", "2", "7")}
        eq(len(outs), 1, "distinct outputs")
        out = outs.pop()
        assert len(out) > 64 * 1024, len(out)
        files = json.loads(out)
        eq(len(files), 300, "files with findings")
        eq({x["code"] for f in files for x in f["diagnostics"]}, {"link.broken"}, "codes")
        for fmt in ("json", "sarif", "text"):
            with open("/dev/full", "w") as full:
                p = subprocess.run([BIN, "check", "--format", fmt, d], stdout=full,
                                   capture_output=False, stderr=subprocess.PIPE, timeout=60)
            eq(p.returncode, 2, "exit code writing %s to a full disk" % fmt)
            assert b"cannot write the report" in p.stderr, p.stderr


@test
def version_and_help():
    p = subprocess.run([BIN, "--version"], capture_output=True)
    eq(p.returncode, 0, "--version")
    assert p.stdout.startswith(b"glossary-ls ")
    eq(subprocess.run([BIN, "check", "--help"], capture_output=True).returncode, 0, "--help")


@test
def hostile_workspace_is_reported_not_fatal():
    with tempfile.TemporaryDirectory() as d:
        ok = "---\ntitle: T\ndescription: D\n---\n\n# T\n\n## Highlights\n\n- x\n"
        os.makedirs(os.path.join(d, "folder.md"))
        with open(os.path.join(d, "folder.md", "inside.md"), "w") as f:
            f.write(ok)
        with open(os.path.join(d, "binary.md"), "wb") as f:
            f.write(b"\x00\x01\x02PNG\x00" * 100)
        with open(os.path.join(d, "latin1.md"), "wb") as f:
            f.write(ok.encode() + b"caf\xe9\n")
        open(os.path.join(d, "empty.md"), "w").close()
        with open(os.path.join(d, "longline.md"), "w") as f:
            f.write(ok + "[x](/inside) " * 80000 + "\n")
        os.symlink(".", os.path.join(d, "loop"))
        os.symlink("/etc/hostname", os.path.join(d, "outside.md"))
        os.symlink(os.path.join(d, "empty.md"), os.path.join(d, "inside-link.md"))
        os.symlink("missing.md", os.path.join(d, "dangling.md"))
        rc, out, err = check([d])
        eq(rc, 1, "exit code")
        assert "binary.md:1:1: error: The file contains a NUL byte" in out, out
        eq(out.count("binary.md"), 1, "a binary file gets one finding")
        assert "latin1.md:11:4: error: The file is not valid UTF-8" in out, out
        assert "empty.md:1:1: error: No front matter" in out
        assert "inside-link.md:1:1: error: No front matter" in out  # a link inside the root
        assert "outside.md" not in out and "dangling.md" not in out and "loop" not in out
        assert "folder.md/inside.md" not in out  # a clean article in a folder named x.md
        assert "longline.md" not in out  # 80,000 links that all resolve
        assert "(6 articles checked)" in out, out
        eq(err, "", "stderr")


failed = 0
print("1..%d" % len(results))
for i, (name, error) in enumerate(results, 1):
    if error:
        failed += 1
        print("not ok %d - %s\n# %s" % (i, name, error.replace("\n", "\n# ")))
    else:
        print("ok %d - %s" % (i, name))
sys.exit(1 if failed else 0)
