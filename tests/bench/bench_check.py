#!/usr/bin/env python3
"""Benchmark of `glossary-ls check` on generated glossaries (tests/bench/gen.py).

Usage: tests/bench/bench_check.py [--articles N ...] [--languages L] [--runs R] [--binary PATH]
                                   [--format json|text] [--cold] [--compare [--compare-runs R2]]

For each size it generates the glossary once (cached under tests/bench/out/), runs `check` once to
warm the page cache, then R times, and prints the median and p95 wall time, the CPU time and the
peak RSS. Timing comes from this script (fork/exec included), not from the program itself.
--cold empties the kernel's page cache before every run instead (root only: as after a reboot,
every article comes from the disk).
--compare also runs remark-cli with remark-validate-links and remark-lint-frontmatter-schema on
the same tree (tests/bench/compare/remark/run.py; `npm ci` there when node_modules is missing)
and prints its figures and the ratio.
"""
import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def ensure_glossary(articles, languages, hub=0):
    out = os.path.join(HERE, "out", "n%d-l%d%s" % (articles, languages, "-hub%d" % hub if hub else ""))
    if not os.path.exists(os.path.join(out, ".glossary.yaml")):
        subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), "--out", out,
                        "--articles", str(articles), "--languages", str(languages),
                        "--hub", str(hub)], check=True)
    return out


def ensure_binary(path):
    if path:
        return os.path.abspath(path)
    build = os.path.join(ROOT, "build-release")
    subprocess.run([os.path.join(ROOT, ".ci", "build"), build, "-Dbuildtype=release",
                    "-Dtests=false"], check=True)
    return os.path.join(build, "lsp", "glossary-ls")


def run_once(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, rusage = os.wait4(proc.pid, 0)[1:]
    wall = time.perf_counter() - start
    proc.stderr.close()
    cpu = rusage.ru_utime + rusage.ru_stime
    return wall, cpu, rusage.ru_maxrss / 1024.0


def drop_caches():
    """Empties the page cache (and dentries and inodes), so the next run reads from the disk."""
    subprocess.run(["sync"], check=True)
    try:
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
    except OSError as e:
        sys.exit("--cold needs root to write /proc/sys/vm/drop_caches: %s" % e)


def percentile(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1)))))
    return values[k]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, nargs="+", default=[15000])
    ap.add_argument("--languages", type=int, default=1)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--binary")
    ap.add_argument("--format", default="json", choices=["json", "text"])
    ap.add_argument("--cold", action="store_true", help="empty the page cache before each run")
    ap.add_argument("--compare", action="store_true")
    ap.add_argument("--compare-runs", type=int, default=3)
    args = ap.parse_args()
    binary = ensure_binary(args.binary)
    print("machine: %s, %d cores, %s" % (platform.machine(), os.cpu_count(), platform.platform()))
    print("%-28s %10s %10s %10s %10s" % ("glossary-ls check", "median s", "p95 s", "cpu s",
                                         "peak MB"))
    for n in args.articles:
        root = ensure_glossary(n, args.languages)
        cmd = [binary, "check", "--format", args.format, root]
        if args.threads:
            cmd[2:2] = ["--threads", str(args.threads)]
        if not args.cold:
            run_once(cmd)  # warm the page cache
        walls, cpus, rss = [], [], []
        for _ in range(args.runs):
            if args.cold:
                drop_caches()
            w, c, r = run_once(cmd)
            walls.append(w)
            cpus.append(c)
            rss.append(r)
        label = "%d articles x %d lang%s" % (n, args.languages, " cold" if args.cold else "")
        print("%-28s %10.3f %10.3f %10.3f %10.1f" % (label, statistics.median(walls),
                                                    percentile(walls, 95),
                                                    statistics.median(cpus), max(rss)))
        if args.compare:
            compare(root, args.compare_runs, statistics.median(walls), statistics.median(cpus),
                    max(rss))


def compare(root, runs, wall, cpu, rss):
    """remark-cli on the same tree (tests/bench/compare/remark/run.py), and the ratios."""
    import json
    here = os.path.join(HERE, "compare", "remark")
    if not os.path.isdir(os.path.join(here, "node_modules")):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=here,
                       check=True)
    out = subprocess.run([sys.executable, os.path.join(here, "run.py"), "--root",
                          os.path.abspath(root), "--runs", str(runs)],
                         check=True, capture_output=True, text=True).stdout
    other = json.loads(out)
    w, c, r = (statistics.median(other["wall_s"]), statistics.median(other["cpu_s"]),
               max(other["rss_mb"]))
    print("%-28s %10.3f %10s %10.3f %10.1f   (%d messages)" % (
        "  remark-cli", w, "", c, r, other.get("messages", -1)))
    print("%-28s %9.0fx %10s %9.0fx %9.0fx" % ("  remark / glossary-ls", w / wall, "", c / cpu,
                                               r / rss))
    print("  %s" % other.get("tool", ""))


if __name__ == "__main__":
    main()
