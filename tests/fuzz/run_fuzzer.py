#!/usr/bin/env python3
"""Runs one libFuzzer target briefly, as a meson test (tests/fuzz/meson.build).

Usage: run_fuzzer.py FUZZER CORPUS_DIR ARTIFACT_DIR [libFuzzer options...]

Replays every input of CORPUS_DIR (the committed seeds and reproducers; never written to), then
fuzzes with the given options; inputs it finds go to a temporary folder that is removed, a crash
to ARTIFACT_DIR/<target>-crash-<sha1>. Uses the dictionary named by $FUZZ_DICT when that file
exists. Prints libFuzzer's last lines; exit status is libFuzzer's (0: nothing found).
"""
import os
import shutil
import subprocess
import sys
import tempfile

fuzzer, corpus, artifacts = sys.argv[1:4]
options = sys.argv[4:]
name = os.path.basename(fuzzer)
os.makedirs(artifacts, exist_ok=True)
scratch = tempfile.mkdtemp(prefix=name + "-")
cmd = [fuzzer, "-artifact_prefix=" + os.path.join(artifacts, name + "-")] + options
if os.path.isfile(os.environ.get("FUZZ_DICT", "")):
    cmd.append("-dict=" + os.environ["FUZZ_DICT"])
cmd += [scratch, corpus]
try:
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
finally:
    shutil.rmtree(scratch, ignore_errors=True)
lines = proc.stdout.decode("utf-8", "replace").splitlines()
print(" ".join(cmd))
if proc.returncode != 0:
    print("\n".join(lines[-150:]))
    print("%s: FAILED (exit %d); reproduce with: %s <the crash file named above>"
          % (name, proc.returncode, fuzzer))
else:
    print("\n".join(line for line in lines if line.startswith(("#", "INFO: seed", "Done")))[-3000:])
sys.exit(proc.returncode)
