#!/usr/bin/env python3
"""Times remark-cli (+ remark-validate-links + remark-lint-frontmatter-schema) on a glossary.

    python3 run.py --root GLOSSARY [--runs R] [--links rewrite|stock|off] [--no-schema]
                   [--remark-args ARG ...]

Runs remark-cli over the whole tree (working directory = GLOSSARY, configuration .remarkrc.mjs
beside this file), once to warm the page cache and then R timed runs, and prints ONE JSON object:
wall time, CPU time (user + system) and peak RSS of each timed run, and the number of messages.
Measured like tests/bench/bench_check.py: fork/exec included, rusage from os.wait4. Needs
`npm ci` in this folder first. Standard library only; never writes into GLOSSARY.
"""
import argparse
import collections
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(HERE))))
PACKAGES = ["remark-cli", "remark-validate-links", "remark-lint-frontmatter-schema"]
# Report as JSON (like `glossary-ls check --format json`), only files with messages, no colours,
# never write processed documents. --remark-args are appended after these (the last wins).
# (The reporter is given by path: remark-cli looks reporters up from its working directory.)
DEFAULT_ARGS = ["--quiet", "--no-color", "--no-stdout", "--report",
                os.path.join(HERE, "node_modules", "vfile-reporter-json", "index.js")]


def package_version(name):
    with open(os.path.join(HERE, "node_modules", name, "package.json"), encoding="utf-8") as f:
        return json.load(f)["version"]


def run_once(cmd, cwd, env, report_path):
    """One run: (wall s, cpu s, peak RSS MB, exit code). The report (stderr) goes to a file."""
    with open(report_path, "wb") as report:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=report)
        _, status, rusage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = rusage.ru_utime + rusage.ru_stime
    # ru_maxrss (KiB) of the child and any children it waited for: the largest single process.
    return wall, cpu, rusage.ru_maxrss / 1024.0, proc.returncode


def count_messages(report_path):
    """(total, {source:ruleId: count}, files with messages) from the report; None if unreadable."""
    with open(report_path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    try:
        files = json.loads(text)
        rules = collections.Counter()
        for entry in files:
            for m in entry["messages"]:
                source, rule = m.get("source") or "", m.get("ruleId") or ""
                rules[source if source.endswith(rule) else "%s:%s" % (source, rule)] += 1
        return sum(rules.values()), dict(sorted(rules.items())), len(files)
    except (ValueError, KeyError, TypeError):
        pass
    # Not JSON (another --report): the default reporter's summary line, e.g. "⚠ 219 warnings".
    total = 0
    found = False
    for n in re.findall(r"(\d+) (?:errors?|warnings?|messages?|infos?)\b", text.splitlines()[-1]
                        if text.strip() else ""):
        total += int(n)
        found = True
    return (total, None, None) if found else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", required=True, help="glossary root (holds Texts/<Language>/)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--links", choices=["rewrite", "stock", "off"], default="rewrite",
                    help="how /slug links are checked (see .remarkrc.mjs); default rewrite")
    ap.add_argument("--no-schema", action="store_true",
                    help="leave out remark-lint-frontmatter-schema (to split the cost)")
    ap.add_argument("--schema", default=os.path.join(REPO, "schema", "glossary.schema.json"))
    ap.add_argument("--node", default=shutil.which("node") or "/usr/bin/node")
    ap.add_argument("--remark-args", nargs=argparse.REMAINDER, default=[],
                    help="extra remark-cli arguments, appended (must come last)")
    args = ap.parse_args()

    root = os.path.abspath(args.root)
    cli = os.path.join(HERE, "node_modules", "remark-cli", "cli.js")
    if not os.path.exists(cli):
        sys.exit("run.py: %s missing; run `npm ci` in %s" % (cli, HERE))
    if not os.path.isdir(root):
        sys.exit("run.py: no glossary at %s" % root)

    versions = {p: package_version(p) for p in PACKAGES}
    tool = " + ".join("%s %s" % (p, v) for p, v in versions.items())
    cmd = [args.node, cli, "--rc-path", os.path.join(HERE, ".remarkrc.mjs")] + DEFAULT_ARGS \
        + args.remark_args + ["."]
    env = dict(os.environ, GLOSSARY_REMARK_LINKS=args.links,
               GLOSSARY_REMARK_SCHEMA="off" if args.no_schema else os.path.abspath(args.schema))
    env.pop("NODE_OPTIONS", None)

    notes = ["links mode %r (%s)" % (args.links, {
        "rewrite": "local plugin maps /slug to slug.md before remark-validate-links",
        "stock": "remark-validate-links alone; /slug resolves to <root>/slug, never a file",
        "off": "remark-validate-links alone; links starting with / are skipped"}[args.links])]
    if args.no_schema:
        notes.append("remark-lint-frontmatter-schema left out")
    notes.append("node %s, %d cores; cwd %s; command: %s" % (
        subprocess.run([args.node, "--version"], capture_output=True, text=True).stdout.strip(),
        os.cpu_count(), root, " ".join(cmd[1:])))

    fd, report = tempfile.mkstemp(prefix="remark-report-", suffix=".json")
    os.close(fd)
    try:
        walls, cpus, rss, codes, counts, loads = [], [], [], [], [], []
        for i in range(args.runs + 1):  # run 0 warms the page cache and is not reported
            load = os.getloadavg()[0]
            w, c, r, code = run_once(cmd, root, env, report)
            counted = count_messages(report)
            if code not in (0, 1) or counted is None:
                with open(report, encoding="utf-8", errors="replace") as f:
                    sys.stderr.write(f.read()[-4000:])
                sys.exit("run.py: remark-cli exited with %d and no readable report" % code)
            if i == 0:
                continue
            walls.append(round(w, 3))
            cpus.append(round(c, 3))
            rss.append(round(r, 1))
            codes.append(code)
            counts.append(counted)
            loads.append(round(load, 2))
    finally:
        os.unlink(report)

    total, rules, files = counts[0]
    if any(c[0] != total for c in counts):
        notes.append("message counts differ between runs: %s" % [c[0] for c in counts])
    notes.append("exit codes %s (0: warnings only; 1: a fatal message, or any with --frail)"
                 % sorted(set(codes)))
    notes.append("peak RSS is ru_maxrss from wait4: the largest single process (node spawns none)")
    out = {
        "tool": tool,
        "wall_s": walls,
        "cpu_s": cpus,
        "rss_mb": rss,
        "messages": total,
        "median": {"wall_s": statistics.median(walls), "cpu_s": statistics.median(cpus),
                   "rss_mb": statistics.median(rss)},
        "by_rule": rules,
        "files_with_messages": files,
        "load_1m_before": loads,
        "notes": notes,
    }
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
