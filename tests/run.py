#!/usr/bin/env python3
"""Runs every wireboot test suite and prints one closing line:
"N passed, N failed, N skipped".

Suites are the unit-test runner (bin-linux/unit-tests), the i386 fast
paths (bin-linux/i386-paths-test) and every tests/e2e/test_*.py program.  Each prints TAP lines ("ok - name",
"not ok - name", "ok - name # SKIP why"), which are echoed and counted.
A suite that exits non-zero or times out counts as one more failure.

Usage: tests/run.py [SUBSTRING...]   (only suites whose name contains one)
"""
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TAP = re.compile(r"^(ok|not ok)\b(.*)$")
SUITE_TIMEOUT = 1200


def suites():
    """(name, argv) for every suite, in a stable order."""
    found = [("unit", [os.path.join(ROOT, "bin-linux", "unit-tests")]),
             ("i386", [os.path.join(ROOT, "bin-linux", "i386-paths-test")])]
    e2e = os.path.join(ROOT, "tests", "e2e")
    for entry in sorted(os.listdir(e2e)):
        if entry.startswith("test_") and entry.endswith(".py"):
            found.append((entry[5:-3], [sys.executable, os.path.join(e2e, entry)]))
    return found


def run_suite(name, argv, counts):
    """Run one suite, echoing its output and counting its TAP lines."""
    start = time.monotonic()
    print(f"# suite {name}", flush=True)
    try:
        proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                text=True, errors="replace")
    except OSError as err:
        print(f"not ok - {name}: cannot start: {err}", flush=True)
        counts["failed"] += 1
        return
    seen = 0
    failed_before = counts["failed"]
    try:
        for line in proc.stdout:
            line = line.rstrip("\n")
            print(line, flush=True)
            match = TAP.match(line)
            if not match:
                continue
            seen += 1
            if match.group(1) == "not ok":
                counts["failed"] += 1
            elif "# SKIP" in match.group(2):
                counts["skipped"] += 1
            else:
                counts["passed"] += 1
        status = proc.wait(timeout=SUITE_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        status = "timeout"
    elapsed = time.monotonic() - start
    suite_failed = counts["failed"] > failed_before
    if status != 0 and not (status == 1 and suite_failed):
        print(f"not ok - {name}: suite exited with status {status} after {seen} tests",
              flush=True)
        counts["failed"] += 1
    print(f"# suite {name} done in {elapsed:.1f}s", flush=True)


def main():
    wanted = sys.argv[1:]
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    for name, argv in suites():
        if wanted and not any(w in name for w in wanted):
            continue
        run_suite(name, argv, counts)
    print(f"{counts['passed']} passed, {counts['failed']} failed, "
          f"{counts['skipped']} skipped")
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
