#!/usr/bin/env python3
"""Booting what was downloaded: bin/wireboot.lkrn under QEMU (SeaBIOS,
TCG, e1000 on user networking) runs an -initrd script that configures
net0 statically and fetches from an HTTP server on the host's loopback
(10.0.2.2 in the guest), then:

  linux        kernel (with arguments) + two initrds + a plain file given
               a path + boot: the Debian kernel's /init prints the marker,
               /proc/cmdline, the file the second initrd added and the
               placed file
  chain        a script chains c.ipxe, which chains d.ipxe by a relative
               name (continuing after it), then "chain --replace e.ipxe";
               e.ipxe uses kernel/initrd/imgargs/imgselect/boot with names
               relative to it ("../vmlinuz")
  multiboot    ELF and address-kludge kernels with two modules with command
               lines print the multiboot information they got
  elf          plain ELF32 and ELF64 programs report their CPU mode
  memdisk      syslinux's memdisk boots a floppy image given as its initrd
  errors       boot with nothing selected, a truncated bzImage, a file that
               is no image, an ELF linked where there is no RAM: clear
               messages and the shell keeps working

Prints TAP lines "ok - boot/...".  Test kernels are built with nasm + ld;
the Linux guest comes from tests/e2e/lib/linux_guest.py (apt-get download,
cached under build/).  WIREBOOT_LKRN=path tests another image.
"""
import functools
import http.server
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "lib"))
from tap import Tap  # noqa: E402
from qemu import Qemu, available  # noqa: E402
import linux_guest  # noqa: E402

LKRN = os.environ.get("WIREBOOT_LKRN", os.path.join(ROOT, "bin", "wireboot.lkrn"))
ASM = os.path.join(HERE, "asm")
MEMDISK = "/usr/lib/syslinux/memdisk"
RUN_SECONDS = 90
EXIT_DEVICE = ["-device", "isa-debug-exit,iobase=0xf4,iosize=4"]

TAP = Tap("boot", last_lines=40)
report = TAP.report
skip = TAP.skip


def token():
    return "%08x" % random.getrandbits(32)


class Server:
    """A threaded HTTP server on 127.0.0.1 serving DIRECTORY; it records
    the paths asked for."""

    def __init__(self, directory):
        requests = self.requests = []

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                requests.append(self.path)
                super().do_GET()

        handler = functools.partial(Handler, directory=directory)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.port = self.httpd.server_address[1]
        self.base = f"http://10.0.2.2:{self.port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def script_for(lines):
    """An -initrd script: static configuration of net0, then LINES."""
    return "\n".join(["#!ipxe", "ifopen net0",
                      "set net0/ip 10.0.2.15",
                      "set net0/netmask 255.255.255.0",
                      "set net0/gateway 10.0.2.2"] + lines) + "\n"


def boot(tmp, name, lines, expect, timeout=RUN_SECONDS, extra=()):
    """Boot the lkrn with a script of LINES; wait for each regex of EXPECT
    in order.  Returns (all matched, output, seconds taken)."""
    path = os.path.join(tmp, f"{name}.ipxe")
    with open(path, "w") as f:
        f.write(script_for(lines))
    args = ["-kernel", LKRN, "-initrd", path,
            "-netdev", "user,id=n0", "-device", "e1000,netdev=n0,romfile="]
    args += EXIT_DEVICE + list(extra)
    with Qemu(args, timeout=timeout, memory="512M") as vm:
        ok = True
        for pattern in expect:
            if not vm.expect(pattern, max(1, timeout - vm.elapsed())):
                ok = False
                break
        took = vm.elapsed()
        vm.wait(5)
        return ok, vm.output, took


def build_asm(tmp):
    """Assemble and link the test kernels into TMP; returns {name: path}
    or raises CalledProcessError."""
    def run(*argv):
        subprocess.run(argv, check=True, capture_output=True)

    out = {}
    mb = os.path.join(ASM, "multiboot_test.asm")
    run("nasm", "-f", "elf32", "-o", f"{tmp}/mb.o", mb)
    run("ld", "-m", "elf_i386", "-N", "--no-warn-rwx-segments", "-Ttext",
        "0x100000", "-o", f"{tmp}/mb.elf", f"{tmp}/mb.o")
    run("nasm", "-f", "bin", "-DKLUDGE", "-o", f"{tmp}/mbk.bin", mb)
    elf = os.path.join(ASM, "elf_test.asm")
    run("nasm", "-f", "elf32", "-o", f"{tmp}/e32.o", elf)
    run("ld", "-m", "elf_i386", "-N", "--no-warn-rwx-segments", "-Ttext",
        "0x200000", "-o", f"{tmp}/e32.elf", f"{tmp}/e32.o")
    run("ld", "-m", "elf_i386", "-N", "--no-warn-rwx-segments", "-Ttext",
        "0x30000000", "-o", f"{tmp}/ehigh.elf", f"{tmp}/e32.o")
    run("nasm", "-f", "elf64", "-DELF64", "-o", f"{tmp}/e64.o", elf)
    run("ld", "-m", "elf_x86_64", "-N", "--no-warn-rwx-segments", "-Ttext",
        "0x200000", "-o", f"{tmp}/e64.elf", f"{tmp}/e64.o")
    run("nasm", "-f", "bin", "-o", f"{tmp}/floppy.img",
        os.path.join(ASM, "floppy_boot.asm"))
    for name in ("mb.elf", "mbk.bin", "e32.elf", "e64.elf", "ehigh.elf",
                 "floppy.img"):
        out[name] = os.path.join(tmp, name)
    return out


def test_linux(tmp, www, server, guest):
    """kernel with arguments, two initrds (the second adds a file), and a
    plain file placed by its path argument ("magic initrd"), boot."""
    marker, word, magic = token(), token(), token()
    linux_guest.extra_initrd(os.path.join(www, "extra.cpio"),
                             {"extra/hello.txt": word.encode()})
    with open(os.path.join(www, "plain.txt"), "w") as f:
        f.write(magic)
    base = server.base
    ok, out, took = boot(tmp, "linux", [
        f"kernel {base}/vmlinuz {linux_guest.KERNEL_ARGS} marker={marker}",
        f"initrd {base}/initrd.img",
        f"initrd {base}/extra.cpio",
        f"initrd {base}/plain.txt /extra/magic.txt mode=600",
        "boot"], [linux_guest.MARKER,
                  rf"CMDLINE: {linux_guest.KERNEL_ARGS} marker={marker}",
                  rf"EXTRA /extra/hello.txt: {word}",
                  rf"EXTRA /extra/magic.txt: {magic}", linux_guest.DONE])
    print(f"# linux: marker after {took:.1f}s", flush=True)
    report(ok, "linux-kernel-initrds-magic", out)


def test_chain(tmp, www, server, guest):
    """Scripts chaining scripts by relative names, --replace, imgargs,
    imgselect + boot."""
    marker = token()
    os.makedirs(os.path.join(www, "a"), exist_ok=True)
    scripts = {
        "c.ipxe": ["echo in-c", "chain d.ipxe", "echo back-in-c ${dvar}",
                   "chain --replace e.ipxe", "echo NOT-REACHED-c"],
        "d.ipxe": ["echo in-d", "set dvar from-d"],
        "e.ipxe": ["echo in-e", "kernel ../vmlinuz quiet",
                   "initrd ../initrd.img", "imgstat",
                   f"imgargs vmlinuz {linux_guest.KERNEL_ARGS} marker={marker}",
                   "imgselect vmlinuz", "boot"],
    }
    for name, lines in scripts.items():
        with open(os.path.join(www, "a", name), "w") as f:
            f.write("#!ipxe\n" + "\n".join(lines) + "\n")
    del server.requests[:]
    ok, out, took = boot(tmp, "chain", [
        f"chain {server.base}/a/c.ipxe", "echo NOT-REACHED-top"],
        [r"^in-c", r"^in-d", r"^back-in-c from-d", r"^in-e",
         linux_guest.MARKER,
         rf"CMDLINE: {linux_guest.KERNEL_ARGS} marker={marker}",
         linux_guest.DONE])
    print(f"# chain: marker after {took:.1f}s", flush=True)
    report(ok, "chain-relative-replace-imgselect", out)
    report("NOT-REACHED" not in out, "chain-replace-ends-caller", out)
    wanted = ["/a/c.ipxe", "/a/d.ipxe", "/a/e.ipxe", "/vmlinuz", "/initrd.img"]
    report(server.requests == wanted, "chain-relative-uris",
           f"requests {server.requests}, wanted {wanted}")


def test_multiboot(tmp, server, kernels):
    """Both multiboot forms with two modules with command lines."""
    base = server.base
    for name in ("mb.elf", "mbk.bin"):
        word = token()
        ok, out, took = boot(tmp, "mb", [
            f"kernel {base}/{name} kernel-arg={word}",
            f"module {base}/m1.txt first-arg",
            f"module {base}/m2.txt a b c",
            "boot"], [
            r"MB magic=2BADB002 flags=0000024D lower=0000027F upper=0007FB80",
            rf"MB cmdline={re.escape(name)} kernel-arg={word}",
            r"MB loader=wireboot ",
            r"MB mods=00000002",
            r"MB mod 00000000 \w+ \w+ string=m1\.txt first-arg data=module-one-data",
            r"MB mod 00000001 \w+ \w+ string=m2\.txt a b c data=second module",
            r"MB mmap 0000000000000000 000000000009FC00 00000001",
            r"MB mmap 0000000000100000 000000001FEE0000 00000001",
            r"MB done"], timeout=40)
        report(ok, f"multiboot-{'kludge' if name.endswith('bin') else 'elf'}",
               out)


def test_elf(tmp, server):
    """Plain ELF32 (flat 32-bit) and ELF64 (long mode)."""
    for name, pattern in (("e32.elf", r"ELF32 entered cs=00000008 eax=00000000 cr0=00000011"),
                          ("e64.elf", r"ELF64 entered cs=00000018 cr0=80000011")):
        ok, out, took = boot(tmp, "elf", [f"chain {server.base}/{name}"],
                             [pattern], timeout=40)
        report(ok, f"elf-{name[1:3]}", out)


def test_memdisk(tmp, server):
    """memdisk with a floppy image as its initrd."""
    ok, out, took = boot(tmp, "memdisk", [
        f"kernel {server.base}/memdisk",
        f"initrd {server.base}/floppy.img", "boot"],
        [r"FLOPPY boot dl=00", r"FLOPPY sector2=second-sector-text"],
        timeout=40)
    print(f"# memdisk: floppy booted after {took:.1f}s", flush=True)
    report(ok, "memdisk-floppy", out)
    iso = os.path.join(os.path.dirname(LKRN), "wireboot.iso")
    if not os.path.exists(iso):
        skip("memdisk-iso", f"{iso} is not built")
        return
    shutil.copy(iso, os.path.join(tmp, "www"))
    word = token()
    path = os.path.join(tmp, "memdisk-iso.ipxe")
    with open(path, "w") as f:
        f.write(script_for([f"kernel {server.base}/memdisk iso raw",
                            f"initrd {server.base}/wireboot.iso", "boot"]))
    args = ["-kernel", LKRN, "-initrd", path, "-netdev", "user,id=n0",
            "-device", "e1000,netdev=n0,romfile="]
    with Qemu(args, timeout=40, memory="512M") as vm:
        # Our own ISO image, booted from memdisk's emulated CD, starts a
        # second wireboot, whose shell answers.
        ok = (vm.expect(r"wireboot \S+ \(pcbios\)", 20) is not None and
              vm.expect(r"wireboot \S+ \(pcbios\)", 20) is not None and
              vm.expect(r"wireboot> ", 20) is not None)
        if ok:
            vm.send(f"echo nested-{word}\r")
            ok = vm.expect(rf"^nested-{word}\r?$", 10) is not None
        report(ok, "memdisk-iso", vm.output)


def test_errors(tmp, www, server):
    """Failures are reported in words and the shell keeps working."""
    word = token()
    with open(os.path.join(www, "vmlinuz"), "rb") as f:
        head = f.read(1 << 20)
    with open(os.path.join(www, "short.bin"), "wb") as f:
        f.write(head)
    # Random bytes too big for a PXE NBP, which has no signature of its own
    # and so takes anything small enough (as in iPXE): no type claims it.
    with open(os.path.join(www, "junk.bin"), "wb") as f:
        f.write(os.urandom(1 << 20))
    base = server.base
    path = os.path.join(tmp, "errors.ipxe")
    with open(path, "w") as f:
        f.write(script_for([
            "boot || echo step1-failed",
            f"kernel {base}/short.bin || echo step2-failed",
            "boot || echo step3-failed",
            f"kernel {base}/junk.bin || echo step4-failed",
            f"chain {base}/junk.bin || echo step5-failed",
            "chain nosuchimage || echo step6-failed",
            f"chain {base}/ehigh.elf || echo step7-failed",
            f"echo script-end-{word}"]))
    args = ["-kernel", LKRN, "-initrd", path, "-netdev", "user,id=n0",
            "-device", "e1000,netdev=n0,romfile="]
    with Qemu(args, timeout=60, memory="512M") as vm:
        steps = [
            (r"boot: no image selected", "boot-nothing-selected"),
            (r"^step1-failed", None),
            (r"short\.bin: bzImage truncated or corrupt", "truncated-bzimage"),
            (r"Could not boot short\.bin: Exec format error \(image\)", None),
            (r"^step3-failed", None),
            (r"Could not select junk\.bin: Exec format error \(image\)",
             "select-non-image"),
            (r"^step4-failed", None),
            (r"Could not boot junk\.bin: Exec format error \(image\)",
             "chain-non-image"),
            (r"^step5-failed", None),
            (r"No such image: nosuchimage", "chain-no-such-image"),
            (r"^step6-failed", None),
            (r"Memory 0x30000000-0x3000\w+ is not free RAM", "elf-outside-ram"),
            (r"Could not boot ehigh\.elf: Result out of range \(image\)", None),
            (r"^step7-failed", None),
            (rf"^script-end-{word}", None),
        ]
        ok = True
        for pattern, name in steps:
            matched = vm.expect(pattern, 30) is not None
            ok = ok and matched
            if name or not matched:
                report(ok, f"error-{name or pattern}", vm.output)
            if not matched:
                break
        if ok:
            vm.expect(r"wireboot> ", 10)
            vm.send(f"echo alive-{word}\r")
            alive = vm.expect(rf"^alive-{word}\r?$", 10) is not None
            report(alive, "error-shell-still-works", vm.output)


def main():
    why = available()
    if why:
        print(f"1..0 # SKIP {why}")
        return 0
    if not os.path.exists(LKRN):
        report(False, "lkrn-built", f"{LKRN} is not built")
        return 1
    random.seed()
    with tempfile.TemporaryDirectory(prefix="wireboot-bootlinux-") as tmp:
        www = os.path.join(tmp, "www")
        os.makedirs(www)
        kernels = build_asm(tmp)
        for name, path in kernels.items():
            shutil.copy(path, www)
        with open(os.path.join(www, "m1.txt"), "w") as f:
            f.write("module-one-data\n")
        with open(os.path.join(www, "m2.txt"), "w") as f:
            f.write("second module\n")
        server = Server(www)
        try:
            guest = None
            why = linux_guest.unavailable()
            if not why:
                try:
                    guest = linux_guest.build()
                except (OSError, RuntimeError, subprocess.CalledProcessError) as err:
                    why = f"no Linux guest: {err}"
            if guest:
                shutil.copy(guest.vmlinuz, os.path.join(www, "vmlinuz"))
                shutil.copy(guest.initrd, os.path.join(www, "initrd.img"))
                test_linux(tmp, www, server, guest)
                test_chain(tmp, www, server, guest)
                test_errors(tmp, www, server)
            else:
                for name in ("linux-kernel-initrds", "chain", "errors"):
                    skip(name, why)
            test_multiboot(tmp, server, kernels)
            test_elf(tmp, server)
            if os.path.exists(MEMDISK):
                shutil.copy(MEMDISK, www)
                test_memdisk(tmp, server)
            else:
                skip("memdisk-floppy", f"{MEMDISK} not installed")
        finally:
            server.close()
    return TAP.exit_code()


if __name__ == "__main__":
    sys.exit(main())
