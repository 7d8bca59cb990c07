"""valgrind memcheck for the test harnesses: with GLOSSARY_LS_MEMCHECK=1 in the environment (the
'valgrindserver' test setup sets it), each harness starts glossary-ls under memcheck through
command() and fails a test whose process's log (verdict()) reports an error or a leak.
Must never change what a test does without that variable: command() is then the binary itself.
"""
import os
import re
import signal
import subprocess
import tempfile

ON = os.environ.get("GLOSSARY_LS_MEMCHECK") == "1"
LOGS = os.path.join(tempfile.gettempdir(), "glossary-memcheck")
OPTIONS = ["--error-exitcode=99", "--leak-check=full", "--show-leak-kinds=definite,indirect",
           "--errors-for-leak-kinds=definite,indirect", "--track-fds=no", "--num-callers=30",
           "--log-file=" + os.path.join(LOGS, "%p.log")]


def command(binary):
    """The command line that runs binary: under memcheck when it is on."""
    if not ON:
        return [binary]
    os.makedirs(LOGS, exist_ok=True)
    try:
        os.chmod(LOGS, 0o1777)  # also for a test that runs glossary-ls as another user
    except OSError:
        pass  # made by someone else, who has made it so
    return ["valgrind"] + OPTIONS + [binary]


def stop(proc, timeout=60):
    """Ends proc (a Popen of command()): under memcheck with SIGTERM, so that valgrind still
    writes its leak check and summary; otherwise with SIGKILL."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM if ON else signal.SIGKILL)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def verdict(pid):
    """None when memcheck is off or process pid's log says no error; else the log's errors."""
    if not ON:
        return None
    path = os.path.join(LOGS, "%d.log" % pid)
    try:
        with open(path, errors="replace") as f:
            log = f.read()
    except OSError:
        return "memcheck wrote no log for process %d" % pid
    m = re.search(r"ERROR SUMMARY: (\d+) errors", log)
    if m and m.group(1) == "0":
        os.remove(path)
        return None
    return "memcheck (%s):\n%s" % (path, log[-6000:])
