#!/usr/bin/env python3
"""Runs every libFuzzer harness (tests/fuzz/fuzz_<name>.c, built as
bin-linux/fuzz_<name> by tests/fuzz/build.mk) briefly: FUZZ_RUNS inputs or
FUZZ_SECONDS, whichever ends first, starting from tests/fuzz/corpus/<name>
when it exists.  A crash, leak or sanitizer report fails the case and
keeps the input that caused it in build/fuzz-crashes/.  Prints TAP lines
"ok - fuzz/<name>"; skips when clang is not installed.  "make fuzz" runs
the harnesses for longer.
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FUZZ_RUNS = 20000
FUZZ_SECONDS = 10
CRASH_DIR = os.path.join(ROOT, "build", "fuzz-crashes")


def harnesses():
    """Names of every harness, from their sources."""
    sources = glob.glob(os.path.join(ROOT, "tests", "fuzz", "fuzz_*.c"))
    return sorted(os.path.basename(s)[len("fuzz_"):-2] for s in sources)


def run_one(name):
    """Run one harness; (passed, detail)."""
    binary = os.path.join(ROOT, "bin-linux", f"fuzz_{name}")
    if not os.path.exists(binary):
        return False, f"{os.path.relpath(binary, ROOT)} not built (make {os.path.relpath(binary, ROOT)})"
    os.makedirs(CRASH_DIR, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"wbfuzz-{name}-") as corpus:
        argv = [binary, f"-runs={FUZZ_RUNS}", f"-max_total_time={FUZZ_SECONDS}",
                "-timeout=10", f"-artifact_prefix={CRASH_DIR}/{name}-", corpus]
        seeds = os.path.join(ROOT, "tests", "fuzz", "corpus", name)
        if os.path.isdir(seeds):
            argv.append(seeds)
        try:
            proc = subprocess.run(argv, cwd=ROOT, stdin=subprocess.DEVNULL,
                                  capture_output=True, text=True, errors="replace",
                                  timeout=FUZZ_SECONDS * 6 + 60)
        except subprocess.TimeoutExpired:
            return False, "the fuzzer hung"
    log = (proc.stdout + proc.stderr).splitlines()
    if proc.returncode != 0:
        return False, "\n".join(log[-40:])
    done = [line for line in log if line.startswith("Done ")]
    return True, done[-1] if done else ""


def main():
    names = harnesses()
    if not shutil.which("clang"):
        for name in names:
            print(f"ok - fuzz/{name} # SKIP clang not installed", flush=True)
        return 0
    failures = 0
    for name in names:
        passed, detail = run_one(name)
        print(f"{'ok' if passed else 'not ok'} - fuzz/{name}", flush=True)
        for line in detail.splitlines():
            print(f"#   {line}", flush=True)
        failures += not passed
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
