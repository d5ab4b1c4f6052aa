#!/usr/bin/env python3
"""Transcript tests: run every tests/scripts/NAME.ipxe with the hosted
binary (bin-linux/wireboot-asan if built, else bin-linux/wireboot) and
compare its output with NAME.out and its exit status with the script's
"# status: N" line (see tests/scripts/README).  A script with a NAME.keys
file gets keystrokes on its standard input, with pauses, as that file says.
Prints one TAP line per script, "ok - script/NAME" or "not ok -
script/NAME"; exits 1 if any failed.
"""
import difflib
import os
import re
import codecs
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPTS = os.path.join(ROOT, "tests", "scripts")
STATUS_LINE = re.compile(rb"^#\s*status:\s*(\d+)\s*$", re.MULTILINE)
TIMEOUT = 60


def binary():
    """The hosted binary to test, preferring the sanitizer build."""
    for name in ("wireboot-asan", "wireboot"):
        path = os.path.join(ROOT, "bin-linux", name)
        if os.access(path, os.X_OK):
            return path
    return None


def expected_status(script):
    """The exit status the script's "# status: N" line asks for (0 if none)."""
    with open(script, "rb") as f:
        match = STATUS_LINE.search(f.read())
    return int(match.group(1)) if match else 0


def read_keys(path):
    """The steps of a NAME.keys file: ("wait", seconds) or ("send", bytes).

    Lines are "wait MS" (pause), "send TEXT" (TEXT with Python escapes such
    as \\r, \\x1b[B, \\x03; nothing is added) or "#" comments.
    """
    steps = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            word, _, rest = line.partition(" ")
            if word == "wait":
                steps.append(("wait", int(rest) / 1000.0))
            elif word == "send":
                text = codecs.decode(rest, "unicode_escape")
                steps.append(("send", text.encode("latin-1")))
            else:
                raise ValueError(f"{path}:{number}: unknown step {word!r}")
    return steps


def type_keys(stdin, steps):
    """Feed STEPS to STDIN, then close it (the end of input)."""
    try:
        for kind, value in steps:
            if kind == "wait":
                time.sleep(value)
            else:
                stdin.write(value)
                stdin.flush()
    except BrokenPipeError:
        pass
    finally:
        try:
            stdin.close()
        except BrokenPipeError:
            pass


def run_binary(exe, script, keys):
    """Run EXE on SCRIPT, typing KEYS (a NAME.keys path or None)."""
    if keys is None:
        return subprocess.run([exe, "--script", script], cwd=ROOT,
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=TIMEOUT)
    steps = read_keys(keys)
    proc = subprocess.Popen([exe, "--script", script], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    # The typist owns stdin; communicate() must not close it early.
    stdin, proc.stdin = proc.stdin, None
    typist = threading.Thread(target=type_keys, args=(stdin, steps))
    typist.start()
    try:
        stdout, stderr = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        typist.join()
        raise
    typist.join()
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout,
                                       stderr)


def diagnose(lines):
    """Print LINES as TAP diagnostics."""
    for line in lines:
        print("#   " + line.rstrip("\n"))


def run_one(exe, name):
    """Run one script; returns the list of problems (empty if it passed)."""
    script = os.path.join(SCRIPTS, name + ".ipxe")
    expected_file = os.path.join(SCRIPTS, name + ".out")
    if not os.path.exists(expected_file):
        return [f"missing {expected_file}"]
    with open(expected_file, "rb") as f:
        expected = f.read()
    want_status = expected_status(script)
    keys = os.path.join(SCRIPTS, name + ".keys")
    try:
        proc = run_binary(exe, script, keys if os.path.exists(keys) else None)
    except subprocess.TimeoutExpired:
        return [f"timed out after {TIMEOUT}s"]
    problems = []
    if proc.stdout != expected:
        problems += difflib.unified_diff(
            expected.decode("utf-8", "replace").splitlines(True),
            proc.stdout.decode("utf-8", "replace").splitlines(True),
            "expected", "got")
    if proc.returncode != want_status:
        problems.append(f"exit status {proc.returncode}, want {want_status}")
    if proc.stderr:
        problems += ["stderr:"] + proc.stderr.decode("utf-8", "replace").splitlines()
    return problems


def main():
    exe = binary()
    names = sorted(entry[:-5] for entry in os.listdir(SCRIPTS)
                   if entry.endswith(".ipxe"))
    failed = 0
    for name in names:
        problems = run_one(exe, name) if exe else ["bin-linux/wireboot is not built"]
        if problems:
            print(f"not ok - script/{name}")
            diagnose(problems)
            failed += 1
        else:
            print(f"ok - script/{name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
