#!/usr/bin/env python3
"""The BIOS images boot under QEMU (SeaBIOS, TCG): bin/wireboot.lkrn by
-kernel, bin/wireboot.usb as a raw disk, bin/wireboot.iso as a CD.  Each
must print the banner on COM1 within BANNER_SECONDS and run a shell
command typed on COM1.  Then, on the lkrn: an -initrd script runs, -append
shows up in ${cmdline}, an EMBED= build runs its script, INT 15h E820 (read
through our own real-mode hook) hides wireboot's memory, the PS/2 keyboard
(INT 16h, special keys as escape sequences) and the VGA screen (INT 10h)
work, and the clock keeps time.  Prints TAP lines "ok - bios/...".
"""
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "lib"))
from tap import Tap  # noqa: E402
from qemu import Qemu, available, keys_for  # noqa: E402

BIN = os.path.join(ROOT, "bin")
BANNER = r"wireboot \S+ \(pcbios\)"
BANNER_SECONDS = 5
PROMPT = "Press Ctrl-B for the wireboot shell"
SHELL_PROMPT = "wireboot> "
# Hard limit for one QEMU run.
RUN_SECONDS = 40
COMMON = ["-net", "none"]

TAP = Tap("bios", last_lines=30)
report = TAP.report
skip = TAP.skip


def token():
    return "%08x" % random.getrandbits(32)


def enter_shell(vm):
    """Wait for the Ctrl-B offer, take it, and wait for the shell prompt."""
    if not vm.expect(PROMPT, 10):
        return False
    vm.send("\x02")
    return vm.expect(SHELL_PROMPT, 10) is not None


def shell_echo(vm, word):
    """Run "echo WORD" on the serial console; true if WORD comes back alone."""
    vm.send(f"echo {word}\r")
    return vm.expect(rf"^{re.escape(word)}\r?$", 10) is not None


def boot_test(name, media):
    """Banner within BANNER_SECONDS, then a shell round trip, then poweroff."""
    path = os.path.join(BIN, f"wireboot.{name}")
    if not os.path.exists(path):
        report(False, f"{name}-banner", f"{path} is not built")
        report(False, f"{name}-shell", "no image")
        return
    with Qemu(COMMON + media, timeout=RUN_SECONDS) as vm:
        banner = vm.expect(BANNER, BANNER_SECONDS)
        report(banner is not None, f"{name}-banner",
               f"no banner within {BANNER_SECONDS}s; output:\n{vm.output}")
        if banner:
            print(f"# {name}: banner after {vm.elapsed():.2f}s", flush=True)
        word = token()
        ok = enter_shell(vm) and shell_echo(vm, word)
        report(ok, f"{name}-shell", vm.output)
        if ok:
            vm.send("poweroff\r")
            status = vm.wait(10)
            report(status == 0, f"{name}-poweroff",
                   f"status {status}; output:\n{vm.output}")


def initrd_test():
    """An -initrd script runs by itself and powers the machine off."""
    word = token()
    with tempfile.NamedTemporaryFile("w", suffix=".ipxe") as script:
        script.write(f"#!ipxe\necho hello-{word}\necho bye\npoweroff\n")
        script.flush()
        with Qemu(COMMON + ["-kernel", os.path.join(BIN, "wireboot.lkrn"),
                            "-initrd", script.name],
                  timeout=RUN_SECONDS) as vm:
            ran = vm.expect(rf"^hello-{word}\r?$", 15) is not None
            status = vm.wait(15)
            report(ran and status == 0, "lkrn-initrd",
                   f"status {status}; output:\n{vm.output}")


def cmdline_smbios_test():
    """-append text is the setting ${cmdline}; QEMU's SMBIOS type 1 values
    (found by scanning F0000-FFFFF) are ${uuid}, ${serial}, ${manufacturer}."""
    word = token()
    uuid = "%08x-1234-5678-9abc-def012345678" % random.getrandbits(32)
    with Qemu(COMMON + ["-kernel", os.path.join(BIN, "wireboot.lkrn"),
                        "-append", f"foo=bar x={word}", "-uuid", uuid,
                        "-smbios", f"type=1,manufacturer=Maker{word},serial=S{word}"],
              timeout=RUN_SECONDS) as vm:
        ok = enter_shell(vm)
        if ok:
            vm.send("echo [${cmdline}]\r")
            ok = vm.expect(rf"^\[foo=bar x={word}\]\r?$", 10) is not None
        report(ok, "lkrn-cmdline", vm.output)
        if ok:
            vm.send("echo ${uuid} ${serial} ${manufacturer}\r")
            ok = vm.expect(rf"^{uuid} S{word} Maker{word}\r?$", 10) is not None
        report(ok, "smbios", vm.output)


def embed_test():
    """make bin/wireboot.lkrn EMBED=script (built elsewhere) runs the script."""
    word = token()
    with tempfile.TemporaryDirectory(prefix="wireboot-embed-") as tmp:
        script = os.path.join(tmp, "embed.ipxe")
        with open(script, "w") as f:
            f.write(f"#!ipxe\necho embedded-{word}\npoweroff\n")
        out = os.path.join(tmp, "bin")
        image = os.path.join(out, "wireboot.lkrn")
        build = subprocess.run(["make", "-s", f"PCBIOS_BIN={out}",
                                f"EMBED={script}", image], cwd=ROOT,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, timeout=300)
        if build.returncode != 0 or not os.path.exists(image):
            report(False, "lkrn-embed", build.stdout)
            return
        with Qemu(COMMON + ["-kernel", image], timeout=RUN_SECONDS) as vm:
            ran = vm.expect(rf"^embedded-{word}\r?$", 15) is not None
            status = vm.wait(15)
            report(ran and status == 0, "lkrn-embed",
                   f"status {status}; output:\n{vm.output}")


def memmap_test():
    """INT 15h E820, read through the vector (so through wireboot's own
    real-mode hook and back into C), shows wireboot's memory reserved."""
    with Qemu(COMMON + ["-kernel", os.path.join(BIN, "wireboot.lkrn")],
              timeout=RUN_SECONDS) as vm:
        ok = enter_shell(vm)
        if ok:
            vm.send("memmap\r")
            ok = vm.expect(r"^wireboot: ([0-9a-f]{8})-([0-9a-f]{8})", 10)
        if not ok:
            report(False, "int15-hook-hides-memory", vm.output)
            return
        start, end = int(ok.group(1), 16), int(ok.group(2), 16)
        hidden = False
        for m in re.finditer(r"^  ([0-9a-f]{16})-([0-9a-f]{16}) (\S+)",
                             vm.output, re.MULTILINE):
            lo, hi = int(m.group(1), 16), int(m.group(2), 16)
            if lo <= start and hi >= end and m.group(3) == "reserved":
                hidden = True
        report(hidden, "int15-hook-hides-memory",
               f"wireboot at {start:x}-{end:x} not reserved:\n{vm.output}")


def keyboard_vga_test():
    """PS/2 keys typed through the QEMU monitor reach the shell (Left and Up
    as escape sequences: line editing and history), and the VGA text
    screen shows the results."""
    word = token()
    with Qemu(COMMON + ["-kernel", os.path.join(BIN, "wireboot.lkrn")],
              timeout=RUN_SECONDS, monitor=True) as vm:
        if not enter_shell(vm):
            report(False, "keyboard-vga", vm.output)
            return
        # "echo kbd-WORD-ac", Left, "b" -> prints kbd-WORD-abc
        vm.sendkeys(keys_for(f"echo kbd-{word}-ac") + ["left", "b", "ret"])
        typed = vm.expect(rf"^kbd-{word}-abc\r?$", 15) is not None
        vm.sendkeys(["up", "ret"])
        again = vm.expect(rf"^kbd-{word}-abc\r?$", 15) is not None
        vm.expect(SHELL_PROMPT, 5)
        screen = vm.read_memory(0xb8000, 80 * 25 * 2)[::2].decode("latin-1")
        shown = screen.count(f"kbd-{word}-abc") >= 2
        report(typed and again, "keyboard-escape-keys", vm.output)
        report(shown, "vga-text", "screen:\n" + "\n".join(
            screen[i:i + 80].rstrip() for i in range(0, len(screen), 80)))


def timer_test():
    """"sleep 3" takes about three seconds of host time."""
    with Qemu(COMMON + ["-kernel", os.path.join(BIN, "wireboot.lkrn")],
              timeout=RUN_SECONDS) as vm:
        ok = enter_shell(vm)
        if ok:
            vm.send("echo tick ; sleep 3 ; echo tock\r")
            ok = vm.expect(r"^tick\r?$", 10) is not None
        start = time.monotonic()
        ok = ok and vm.expect(r"^tock\r?$", 15) is not None
        took = time.monotonic() - start
        print(f"# sleep 3 took {took:.2f}s of host time", flush=True)
        report(ok and 2.8 <= took <= 4.0, "timer-sleep",
               f"sleep 3 took {took:.2f}s\n{vm.output}")


def main():
    why = available()
    if why:
        for name in ("lkrn", "usb", "iso"):
            skip(f"{name}-banner", why)
        return 0
    boot_test("lkrn", ["-kernel", os.path.join(BIN, "wireboot.lkrn")])
    boot_test("usb", ["-drive", f"file={os.path.join(BIN, 'wireboot.usb')},format=raw,snapshot=on"])
    boot_test("iso", ["-cdrom", os.path.join(BIN, "wireboot.iso"), "-boot", "d"])
    initrd_test()
    cmdline_smbios_test()
    memmap_test()
    keyboard_vga_test()
    timer_test()
    embed_test()
    return TAP.exit_code()


if __name__ == "__main__":
    sys.exit(main())
