#!/usr/bin/env python3
"""End-to-end tests of `glossary-ls check` as CI maintainers use it: the three output formats,
exit codes, PATH and --config handling, and hostile workspaces (binary files, bad UTF-8, folders
named x.md, symlink loops and escapes, FIFOs, file names that are not UTF-8, unreadable files,
files that vanish or change while they are checked, links climbing out with ".."). Usage:
run_cli_tests.py GLOSSARY_LS SOURCE_ROOT. TAP output. With GLOSSARY_LS_MEMCHECK=1 every run of
glossary-ls is under valgrind memcheck (tests/memcheck.py) and fails on its errors."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import memcheck  # noqa: E402  (GLOSSARY_LS_MEMCHECK=1: check runs under valgrind)

BIN = os.path.abspath(sys.argv[1])
ROOT = os.path.abspath(sys.argv[2])
results = []


def run(cmd, **kw):
    """subprocess.run of glossary-ls (cmd[0]) with captured output; under memcheck when it is on,
    failing on memcheck's errors."""
    p = subprocess.Popen(memcheck.command(cmd[0]) + cmd[1:], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, **kw)
    try:
        out, err = p.communicate(timeout=300 if memcheck.ON else 60)
    finally:
        memcheck.stop(p)
    why = memcheck.verdict(p.pid)
    if why:
        raise AssertionError(why)
    return subprocess.CompletedProcess(p.args, p.returncode, out, err)


def check(cmd, cwd=ROOT):
    p = run([BIN, "check"] + cmd, cwd=cwd)
    # file names need not be UTF-8: the text report prints them as they are
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


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
    # written file by file, in the layout of a two-space indented dump of the whole array
    eq(out, json.dumps(files, indent=2, ensure_ascii=False) + "\n", "JSON layout")
    rc, out, _ = check(["--format", "json", "tests/sample/Texts/English/net-present-value.md"])
    eq((rc, out), (0, "[]\n"), "a clean article: an empty array")
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
    # written result by result, in the layout of a two-space indented dump of the whole log
    eq(out, json.dumps(log, indent=2, ensure_ascii=False) + "\n", "SARIF layout")
    rc, out, _ = check(["--format", "sarif", "tests/sample/Texts/English/net-present-value.md"])
    eq(rc, 0, "a clean article")
    eq(json.loads(out)["runs"][0]["results"], [], "no results")
    eq(out, json.dumps(json.loads(out), indent=2, ensure_ascii=False) + "\n", "empty layout")


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
    p = run([BIN, "--version"])
    eq(p.returncode, 0, "--version")
    assert p.stdout.startswith(b"glossary-ls ")
    eq(run([BIN, "check", "--help"]).returncode, 0, "--help")


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
        # links that are not followed are said, with where they lead
        assert ("outside.md:1:1: error: A symbolic link to /etc/hostname, outside the workspace: "
                "not followed [file.unreadable]") in out, out
        assert "dangling.md:1:1: error: A symbolic link that leads nowhere" in out, out
        assert "folder.md/inside.md" not in out  # a clean article in a folder named x.md
        assert "longline.md" not in out  # 80,000 links that all resolve
        assert "(6 articles checked)" in out, out
        # a symlinked folder is skipped by design: a note on stderr, not a finding
        eq(err, "glossary-ls check: note: %s/loop: A symbolic link to a folder: not followed "
                "(its articles are not read)\n" % d, "stderr")
        assert "loop/" not in out


OK = "---\ntitle: T\ndescription: D\n---\n\n# T\n\n## Highlights\n\n- x\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(text.encode() if isinstance(text, str) else text)


@test
def symlinks_out_of_the_glossary_and_loops_are_not_followed():
    with tempfile.TemporaryDirectory() as outside, tempfile.TemporaryDirectory() as d:
        write(os.path.join(outside, "secret.md"), OK + "[x](/nowhere)\n")
        write(os.path.join(d, "a.md"), OK + "[s](/secret) [l](/in-loop)\n")
        write(os.path.join(d, "sub", "in-loop.md"), OK)
        os.symlink(outside, os.path.join(d, "shared"))          # a folder out of the workspace
        os.symlink("..", os.path.join(d, "sub", "up"))          # a loop
        os.symlink(os.path.join(d, "sub"), os.path.join(d, "sub", "again"))  # a loop, absolute
        os.symlink(os.path.join(outside, "secret.md"), os.path.join(d, "secret.md"))
        rc, out, err = check([d])
        eq(rc, 1, "exit code")
        assert "nowhere" not in out, out  # nothing outside was read
        assert "No article with slug 'secret'" in out, out  # so its slug is not there
        assert "secret.md:1:1: error: A symbolic link to %s/secret.md, outside the workspace: " \
            "not followed" % os.path.realpath(outside) in out, out
        eq(out.count("in-loop"), 0, "a loop is walked once")
        assert "(2 articles checked)" in out, out
        for name in ("shared", "sub/up", "sub/again"):
            assert "note: %s/%s: A symbolic link to a folder: not followed" % (d, name) in err, err


@test
def symlinks_out_of_a_glossary_folder_are_not_followed():
    with tempfile.TemporaryDirectory() as outside, tempfile.TemporaryDirectory() as d:
        write(os.path.join(outside, "x.md"), OK)
        write(os.path.join(d, ".glossary.yaml"), 'glossaries: ["Texts/*"]\n')
        write(os.path.join(d, "Texts", "Norwegian", "a.md"), OK)
        write(os.path.join(d, "Texts", "English", "b.md"), OK + "[a](/a)\n")
        os.symlink("../Norwegian/a.md", os.path.join(d, "Texts", "English", "a.md"))
        os.symlink("b.md", os.path.join(d, "Texts", "English", "same.md"))  # followed
        os.symlink(outside, os.path.join(d, "Texts", "Shared"))  # matched by the glob
        rc, out, err = check([d])
        eq(rc, 1, "exit code")
        assert "Texts/English/a.md:1:1: error: A symbolic link to %s/Texts/Norwegian/a.md, " \
            "outside the glossary folder 'Texts/English': not followed" \
            % os.path.realpath(d) in out, out
        assert "No article with slug 'a' in English" in out, out  # links do not cross either
        assert "(3 articles checked)" in out, out  # a, b and same
        eq(err, "glossary-ls check: note: %s/Texts/Shared: A symbolic link to a folder: not "
                "followed (its articles are not read)\n" % d, "stderr")


@test
def dotdot_links_never_leave_the_glossary():
    with tempfile.TemporaryDirectory() as d:
        write(os.path.join(d, ".glossary.yaml"), 'glossaries: ["Texts/*"]\n')
        write(os.path.join(d, "private", "secret.md"), OK)
        write(os.path.join(d, "Texts", "English", "secret.md"), OK)
        write(os.path.join(d, "Texts", "Norwegian", "a.md"), OK + "".join([
            "[a](../../private/secret.md) ",          # inside the workspace, in no glossary
            "[b](../../../../etc/passwd.md) ",        # out of the workspace
            "[c](..%2F..%2Fprivate%2Fsecret.md) ",     # the same, escaped
            "[d](/%2e%2e%2fprivate%2fsecret) ",         # an escaped path is no slug
            "[e](/..) [f](/../private/secret) ",
            "[g](../English/secret.md)\n"]))          # another glossary's article: fine
        rc, out, _ = check(["--format", "json", d])
        eq(rc, 1, "exit code")
        diags = json.loads(out)[0]["diagnostics"]
        messages = sorted(x["message"] for x in diags)
        eq(messages, ["No article at 'private/secret.md'", "No article at 'private/secret.md'",
                      "This link leaves the workspace: no article can be there"], "findings")


@test
def file_names_that_are_not_utf8_are_findings():
    with tempfile.TemporaryDirectory() as d:
        write(os.path.join(d, "ok.md"), OK + "[x](/caf%E9)\n")
        write(os.path.join(d.encode(), b"caf\xe9.md"), OK)
        write(os.path.join(d.encode(), b"dir\xff", b"inner.md"), OK)
        rc, out, err = check([d])
        eq(rc, 1, "exit code")
        assert "caf\ufffd.md:1:1: error: The name of this file is not valid UTF-8: rename it in " \
            "UTF-8 to have it checked [file.encoding]" in out, out
        assert "a folder above this file is not valid UTF-8" in out, out
        assert "(1 article checked)" in out, out
        for fmt in ("json", "sarif"):
            rc, out, err = check(["--format", fmt, d])
            eq(rc, 1, "exit code (%s)" % fmt)
            doc = json.loads(out)  # valid UTF-8 JSON
            text = json.dumps(doc)
            assert "caf%E9.md" in text and "dir%FF/inner.md" in text, text


@test
def fifos_and_special_files_never_block():
    with tempfile.TemporaryDirectory() as d:
        write(os.path.join(d, "a.md"), OK)
        os.mkfifo(os.path.join(d, "fifo.md"))
        os.symlink("fifo.md", os.path.join(d, "to-fifo.md"))
        os.symlink("/dev/zero", os.path.join(d, "zero.md"))
        rc, out, _ = check([d])  # times out (60 s) if anything waits on the FIFO
        eq(rc, 1, "exit code")
        assert "fifo.md:1:1: error: Not a regular file (a FIFO, socket or device): not read" \
            in out, out
        assert "to-fifo.md:1:1: error: A symbolic link to %s/fifo.md, which is not a file" \
            % os.path.realpath(d) in out, out
        assert "zero.md:1:1: error: A symbolic link to /dev/zero, outside the workspace" in out


def as_nobody():
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)


@test
def unreadable_files_and_folders_are_findings():
    d = tempfile.mkdtemp()
    try:
        write(os.path.join(d, "a.md"), OK + "[x](/locked)\n")
        write(os.path.join(d, "locked.md"), OK)
        write(os.path.join(d, "closed", "inner.md"), OK)
        os.chmod(os.path.join(d, "locked.md"), 0)
        os.chmod(os.path.join(d, "closed"), 0)
        os.chmod(d, 0o755)
        as_user = {}
        if os.geteuid() == 0:  # root reads anything: check runs as nobody instead
            if not os.access(BIN, os.X_OK) or not shutil.which("python3"):
                raise Skip("cannot run as another user")
            probe = subprocess.run(["true"], preexec_fn=as_nobody, capture_output=True)
            if probe.returncode != 0:
                raise Skip("cannot run as nobody here")
            as_user["preexec_fn"] = as_nobody
            try:  # a checkout in a 0700 folder (mktemp -d) is closed to nobody
                probe = subprocess.run([BIN, "--version"], capture_output=True, **as_user)
            except OSError:
                raise Skip("nobody cannot run %s" % BIN)
            if probe.returncode != 0:
                raise Skip("nobody cannot run %s" % BIN)
        p = run([BIN, "check", d], cwd="/", **as_user)
        out = p.stdout.decode()
        eq(p.returncode, 1, "exit code")
        assert "locked.md:1:1: error: Cannot read this file: Permission denied [file.unreadable]" \
            in out, out
        assert "closed:1:1: error: Cannot read this folder: Permission denied" in out, out
    finally:
        os.chmod(os.path.join(d, "closed"), 0o755)
        shutil.rmtree(d, ignore_errors=True)


def stepped(args, at_listed=None, at_indexed=None):
    """Runs check --step: calls at_listed() once the files are listed and at_indexed() once they
    are read, before the report. Returns (exit code, stdout, stderr)."""
    p = subprocess.Popen(memcheck.command(BIN) + ["check", "--step"] + args,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         cwd=ROOT)
    for want, act in (("listed", at_listed), ("indexed", at_indexed)):
        line = p.stderr.readline().decode()
        if line != "glossary-ls check: step: %s\n" % want:
            p.kill()
            raise AssertionError("step %s: got %r" % (want, line))
        if act:
            act()
        p.stdin.write(b"\n")
        p.stdin.flush()
    out, err = p.communicate(timeout=300 if memcheck.ON else 60)
    why = memcheck.verdict(p.pid)
    if why:
        raise AssertionError(why)
    return p.returncode, out.decode(), err.decode()


@test
def files_vanishing_between_listing_and_reading_are_findings():
    with tempfile.TemporaryDirectory() as d:
        for name in ("a", "gone", "now-folder", "now-fifo", "now-link"):
            write(os.path.join(d, name + ".md"), OK)

        def change():
            os.remove(os.path.join(d, "gone.md"))
            os.remove(os.path.join(d, "now-folder.md"))
            os.mkdir(os.path.join(d, "now-folder.md"))
            os.remove(os.path.join(d, "now-fifo.md"))
            os.mkfifo(os.path.join(d, "now-fifo.md"))
            os.remove(os.path.join(d, "now-link.md"))
            os.symlink("/etc/hostname", os.path.join(d, "now-link.md"))
        rc, out, err = stepped([d], at_listed=change)
        eq(rc, 1, "exit code")
        assert "gone.md:1:1: error: Cannot read this file: No such file or directory" in out, out
        assert "now-folder.md:1:1: error: This is a folder, not a file" in out, out
        assert "now-fifo.md:1:1: error: Not a regular file" in out, out
        assert "now-link.md:1:1: error: A symbolic link leads out of the workspace: not " \
            "followed" in out, out
        assert "a.md" not in out, out


@test
def files_changing_before_the_report_are_findings():
    with tempfile.TemporaryDirectory() as d:
        write(os.path.join(d, "grows.md"), OK + "[x](/missing)\n")
        write(os.path.join(d, "gone.md"), OK + "[x](/missing)\n")
        write(os.path.join(d, "same.md"), OK + "[x](/missing)\n")

        def change():  # articles with findings are read again for their positions
            with open(os.path.join(d, "grows.md"), "a") as f:
                f.write("more text\n")
            os.remove(os.path.join(d, "gone.md"))
        rc, out, err = stepped([d], at_indexed=change)
        eq(rc, 1, "exit code")
        for name in ("grows.md", "gone.md"):
            assert "%s:1:1: error: The file changed or vanished while it was being checked; " \
                "check again [file.unreadable]" % name in out, out
        assert "same.md:11:5: error: No article with slug 'missing'" in out, out


failed = 0
print("1..%d" % len(results))
for i, (name, error) in enumerate(results, 1):
    if error:
        failed += 1
        print("not ok %d - %s\n# %s" % (i, name, error.replace("\n", "\n# ")))
    else:
        print("ok %d - %s" % (i, name))
sys.exit(1 if failed else 0)
