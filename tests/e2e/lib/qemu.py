"""Run QEMU for end-to-end tests: TCG only (never KVM), no display, the
guest's COM1 on pipes, -no-reboot, and a hard time limit enforced by
timeout(1) so a hung guest can never hang the test run.

    with Qemu(["-kernel", "bin/wireboot.lkrn"], timeout=30) as vm:
        vm.expect(r"wireboot \\S+ \\(pcbios\\)", 10)
        vm.send("echo hi\\r")
        vm.expect(r"^hi\\r?$", 5)
        status = vm.wait(10)

expect() searches what the guest printed since the last match (so one
line cannot match twice); output holds everything printed so far.  A
monitor socket (monitor=True) allows sendkey (PS/2 keyboard input) and
pmemsave (reading guest memory, e.g. the VGA text screen).
"""
import contextlib
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time

QEMU = "qemu-system-x86_64"


@contextlib.contextmanager
def in_netns(ns_name, tmpdir):
    """Within the block, QEMU processes start inside network namespace
    NS_NAME (through a wrapper script in TMPDIR)."""
    global QEMU
    wrapper = os.path.join(tmpdir, f"qemu-in-{ns_name}")
    with open(wrapper, "w") as f:
        f.write(f'#!/bin/sh\nexec ip netns exec {ns_name} {QEMU} "$@"\n')
    os.chmod(wrapper, 0o755)
    saved, QEMU = QEMU, wrapper
    try:
        yield
    finally:
        QEMU = saved


def available():
    """Why QEMU cannot be used here, or None if it can."""
    for tool in (QEMU, "timeout"):
        if not shutil.which(tool):
            return f"{tool} not found"
    return None


class Qemu:
    """One QEMU process with its serial console on pipes."""

    def __init__(self, args, timeout=60, memory="256M", monitor=False):
        self.timeout = timeout
        self.started = time.monotonic()
        self._buf = bytearray()
        self._pos = 0
        self._eof = False
        self._cond = threading.Condition()
        self._tmpdir = tempfile.mkdtemp(prefix="wireboot-qemu-")
        self._monitor = None
        argv = ["timeout", "-k", "5", str(timeout), QEMU,
                "-accel", "tcg", "-m", memory, "-display", "none",
                "-serial", "stdio", "-no-reboot"]
        if monitor:
            self._monitor_path = os.path.join(self._tmpdir, "monitor")
            argv += ["-monitor", f"unix:{self._monitor_path},server=on,wait=off"]
        argv += list(args)
        self.argv = argv
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _read(self):
        """Collect everything QEMU writes (guest serial output, QEMU errors)."""
        fd = self.proc.stdout.fileno()
        while True:
            try:
                data = os.read(fd, 4096)
            except OSError:
                data = b""
            with self._cond:
                if not data:
                    self._eof = True
                    self._cond.notify_all()
                    return
                self._buf += data
                self._cond.notify_all()

    @property
    def output(self):
        """Everything the guest (and QEMU) printed so far, as text."""
        with self._cond:
            return self._buf.decode("utf-8", "replace")

    def elapsed(self):
        """Seconds since QEMU was started."""
        return time.monotonic() - self.started

    def expect(self, pattern, timeout):
        """Wait up to TIMEOUT seconds for PATTERN (a regex, multiline) in
        the output after the previous match; returns the match or None."""
        regex = re.compile(pattern.encode() if isinstance(pattern, str)
                           else pattern, re.MULTILINE)
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                match = regex.search(self._buf, self._pos)
                if match:
                    self._pos = match.end()
                    return match
                left = deadline - time.monotonic()
                if left <= 0 or self._eof:
                    return None
                self._cond.wait(left)

    def send(self, text):
        """Type TEXT on the guest's serial console."""
        data = text.encode() if isinstance(text, str) else text
        try:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        except (BrokenPipeError, ValueError):
            pass

    def monitor(self, command):
        """Run one QEMU monitor command; returns what the monitor printed."""
        if self._monitor is None:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            for _ in range(50):
                try:
                    sock.connect(self._monitor_path)
                    break
                except OSError:
                    time.sleep(0.1)
            sock.settimeout(10)
            self._monitor = sock
            self._monitor_reply()
        self._monitor.sendall(command.encode() + b"\n")
        return self._monitor_reply()

    def _monitor_reply(self):
        """Read monitor output up to its next "(qemu) " prompt."""
        reply = b""
        while not reply.endswith(b"(qemu) "):
            data = self._monitor.recv(4096)
            if not data:
                break
            reply += data
        return reply.decode("utf-8", "replace")

    def read_memory(self, address, length):
        """LENGTH bytes of guest physical memory at ADDRESS (via pmemsave)."""
        path = os.path.join(self._tmpdir, "mem")
        self.monitor(f"pmemsave {address} {length} \"{path}\"")
        with open(path, "rb") as f:
            return f.read()

    def sendkeys(self, keys, delay=0.05):
        """Press each QEMU key name in KEYS ("e", "spc", "up", "ret", ...)."""
        for key in keys:
            self.monitor(f"sendkey {key} 40")
            time.sleep(delay)

    def wait(self, timeout):
        """Wait up to TIMEOUT seconds for QEMU to exit; its status or None."""
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def close(self):
        """Stop QEMU (if still running) and clean up."""
        if self._monitor is not None:
            self._monitor.close()
            self._monitor = None
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        self._reader.join(5)
        self.proc.stdout.close()
        shutil.rmtree(self._tmpdir, ignore_errors=True)


def keys_for(text):
    """QEMU sendkey names that type TEXT (letters, digits, a few symbols)."""
    names = {" ": "spc", "-": "minus", "=": "equal", ".": "dot", "/": "slash",
             "$": "shift-4", "{": "shift-bracket_left",
             "}": "shift-bracket_right", "_": "shift-minus"}
    keys = []
    for ch in text:
        if ch in names:
            keys.append(names[ch])
        elif ch.isupper():
            keys.append("shift-" + ch.lower())
        elif ch.isalnum():
            keys.append(ch)
        else:
            raise ValueError(f"no key for {ch!r}")
    return keys
