#!/usr/bin/env python3
"""Transcript tests: run every tests/scripts/NAME.ipxe with the hosted
binary (bin-linux/wireboot-asan if built, else bin-linux/wireboot) and
compare its output with NAME.out and its exit status with the script's
"# status: N" line (see tests/scripts/README).  Prints one TAP line per
script, "ok - script/NAME" or "not ok - script/NAME"; exits 1 if any failed.
"""
import difflib
import os
import re
import subprocess
import sys

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
    try:
        proc = subprocess.run([exe, "--script", script], cwd=ROOT,
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=TIMEOUT)
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
