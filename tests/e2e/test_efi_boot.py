#!/usr/bin/env python3
"""Booting images from the EFI builds (arch/efi/efi_image.c) under OVMF
(QEMU q35, TCG), with files from a Python HTTP server on the host's
loopback reached through slirp at 10.0.2.2:
  - wireboot.efi from an ESP gets a lease over OVMF's virtio-net SNP and
    boots the Debian kernel's EFI stub with "kernel", two "initrd"s (the
    second placed at /extra/note.txt by cpio headers), "boot": the busybox
    initramfs (served through the LoadFile2 initrd protocol) prints its
    marker, the command line we gave (LoadOptions) and the note;
  - "chain" of a GRUB EFI image (grub-mkimage, embedded config) that
    echoes a marker and exits: wireboot's command line goes on and the NIC
    still works; a PE that LoadImage() refuses fails "chain"; then a GRUB
    image that echoes a marker and halts;
  - OVMF's own PXE client loads snponly.efi (an EMBED= build) by TFTP,
    whose script does its own DHCP and boots the kernel over HTTP.
Prints TAP lines "ok - efi_boot/...".
"""
import functools
import http.server
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "lib"))
from tap import Tap  # noqa: E402
import linux_guest  # noqa: E402
from qemu import Qemu  # noqa: E402
from ovmf import enter_shell, esp_args, missing_tools, ovmf_args, run  # noqa: E402

EFI_BIN = os.path.join(ROOT, "bin-x86_64-efi")
GRUB_MODULES = "/usr/lib/grub/x86_64-efi"
RUN_SECONDS = 240
MEMORY = "512M"
NIC = ["-netdev", "user,id=n0", "-device", "virtio-net-pci,netdev=n0,romfile="]

TAP = Tap("efi_boot", last_lines=40)
report = TAP.report
skip = TAP.skip


def token():
    return "%08x" % random.getrandbits(32)


class Server:
    """HTTP on 127.0.0.1 (an ephemeral port) serving DIRECTORY, quietly."""

    def __init__(self, directory):
        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        handler = functools.partial(Quiet, directory=directory)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://10.0.2.2:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def grub_image(tmp, name, config):
    """grubx64-style EFI image NAME with CONFIG embedded; its path."""
    cfg = os.path.join(tmp, name + ".cfg")
    with open(cfg, "w") as f:
        f.write(config)
    out = os.path.join(tmp, name)
    subprocess.run(["grub-mkimage", "-O", "x86_64-efi", "-d", GRUB_MODULES,
                    "-p", "/boot/grub", "-c", cfg, "-o", out,
                    "normal", "echo", "minicmd", "halt"],
                   check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return out


def linux_lines(base, word):
    """The wireboot commands that boot the guest with marker argument WORD."""
    return [f"kernel {base}/vmlinuz {linux_guest.KERNEL_ARGS} efimark={word}",
            f"initrd {base}/initrd.img", "boot"]


def expect_linux(vm, word, name, start_name, extra=None):
    """Wait for the guest's marker, command line and (regex EXTRA) a file
    from a second initrd; report NAME."""
    marker = vm.expect(linux_guest.MARKER, RUN_SECONDS - vm.elapsed())
    ok = marker and vm.expect(rf"^CMDLINE: .*\befimark={word}\r?\n", 30)
    ok = ok and (extra is None or vm.expect(extra, 30))
    if marker:
        print(f"# {start_name}: Linux marker {vm.elapsed():.1f}s after QEMU "
              "started", flush=True)
    done = ok and vm.expect(linux_guest.DONE, 30)
    status = vm.wait(30) if done else None
    report(bool(done) and status == 0, name, f"status {status}\n{vm.output}")


def linux_test(tmp, www, server):
    """wireboot.efi: dhcp, kernel + two initrds (the second placed at a
    path by cpio headers) + boot of the EFI stub."""
    word = token()
    with open(os.path.join(www, "note.txt"), "w") as f:
        f.write(f"note-{word}\n")
    tmp = os.path.join(tmp, "linux")
    os.mkdir(tmp)
    args = esp_args(tmp, os.path.join(EFI_BIN, "wireboot.efi")) + NIC
    with Qemu(args, timeout=RUN_SECONDS, memory=MEMORY) as vm:
        ok = enter_shell(vm) and run(vm, "dhcp", r"^DHCP \(net0 .*ok\r?$", 30)
        report(bool(ok), "dhcp", vm.output)
        if not ok:
            return
        lines = linux_lines(server.base, word)
        lines.insert(2, f"initrd {server.base}/note.txt /extra/note.txt")
        vm.send(" && ".join(lines) + "\r")
        expect_linux(vm, word, "linux-efi-stub-initrd", "wireboot.efi",
                     rf"^EXTRA /extra/note\.txt: note-{word}\r?\n")


def fake_pe():
    """Headers of a PE32+ x86-64 EFI application with no sections: it
    passes our probe, and the firmware's LoadImage() refuses it."""
    data = bytearray(512)
    data[0:2] = b"MZ"
    struct.pack_into("<I", data, 0x3c, 0x80)
    data[0x80:0x84] = b"PE\0\0"
    struct.pack_into("<HH", data, 0x84, 0x8664, 0)
    struct.pack_into("<H", data, 0x94, 240)
    struct.pack_into("<H", data, 0x98, 0x20b)
    struct.pack_into("<H", data, 0x98 + 68, 10)
    return bytes(data)


def grub_test(tmp, www, server):
    """chain a GRUB image that exits (the command line goes on, the NIC
    still works), then one that halts."""
    word = token()
    grub_image(www, "grubret.efi", f"echo GRUB-RETURN-{word}\nexit\n")
    grub_image(www, "grubhalt.efi", f"echo GRUB-HALT-{word}\nhalt\n")
    with open(os.path.join(www, "after.txt"), "w") as f:
        f.write("after grub\n")
    with open(os.path.join(www, "bad.efi"), "wb") as f:
        f.write(fake_pe())
    tmp = os.path.join(tmp, "grub")
    os.mkdir(tmp)
    args = esp_args(tmp, os.path.join(EFI_BIN, "wireboot.efi")) + NIC
    with Qemu(args, timeout=RUN_SECONDS, memory=MEMORY) as vm:
        ok = enter_shell(vm) and run(vm, "dhcp", r"^DHCP \(net0 .*ok\r?$", 30)
        if not ok:
            report(False, "grub-returns", vm.output)
            return
        vm.send(f"chain {server.base}/grubret.efi && echo back-{word} || "
                f"echo failed-{word}\r")
        ok = (vm.expect(rf"GRUB-RETURN-{word}", 60) and
              vm.expect(rf"back-{word}\r*\n", 30))
        report(bool(ok), "grub-returns", vm.output)
        ok = ok and run(vm, f"imgfetch {server.base}/after.txt && imgstat",
                        r"^after\.txt : 11 bytes", 30)
        report(bool(ok), "net-after-return", vm.output)
        vm.send(f"chain {server.base}/bad.efi || echo refused-{word}\r")
        ok = (vm.expect(r"Could not boot bad\.efi: ", 30) and
              vm.expect(rf"refused-{word}\r*\n", 10))
        report(bool(ok), "loadimage-refuses", vm.output)
        vm.send(f"chain {server.base}/grubhalt.efi\r")
        ok = vm.expect(rf"GRUB-HALT-{word}", 60)
        status = vm.wait(30) if ok else None
        report(bool(ok) and status == 0, "grub-chain",
               f"status {status}\n{vm.output}")


def snponly_test(tmp, server):
    """OVMF PXE loads an EMBED= snponly.efi whose script does dhcp and
    boots the EFI stub over HTTP."""
    word = token()
    tmp = os.path.join(tmp, "snponly")
    os.mkdir(tmp)
    script = os.path.join(tmp, "embed.ipxe")
    with open(script, "w") as f:
        f.write("#!ipxe\ndhcp\n" + "\n".join(linux_lines(server.base, word)) +
                "\n")
    out = os.path.join(tmp, "bin")
    app = os.path.join(out, "snponly.efi")
    build = subprocess.run(["make", "-s", "-j2", f"BUILD={tmp}/build",
                            f"EFI_BIN={out}", f"EMBED={script}", app],
                           cwd=ROOT, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=900)
    if build.returncode != 0 or not os.path.exists(app):
        report(False, "snponly-pxe-linux", build.stdout)
        return
    tftp = os.path.join(tmp, "tftp")
    os.mkdir(tftp)
    shutil.copy(app, tftp)
    args = ovmf_args(tmp) + [
        "-netdev", f"user,id=n0,tftp={tftp},bootfile=snponly.efi",
        "-device", "virtio-net-pci,netdev=n0,romfile=,bootindex=0"]
    with Qemu(args, timeout=RUN_SECONDS, memory=MEMORY) as vm:
        expect_linux(vm, word, "snponly-pxe-linux", "snponly.efi over PXE")


def main():
    why = missing_tools() or linux_guest.unavailable()
    if not why and not shutil.which("grub-mkimage"):
        why = "grub-mkimage not found"
    if not why and not os.path.isdir(GRUB_MODULES):
        why = f"{GRUB_MODULES} not found (package grub-efi-amd64-bin)"
    names = ("dhcp", "linux-efi-stub-initrd", "grub-returns",
             "net-after-return", "loadimage-refuses", "grub-chain",
             "snponly-pxe-linux")
    if why:
        for name in names:
            skip(name, why)
        return 0
    for name in ("wireboot.efi", "snponly.efi"):
        if not os.path.exists(os.path.join(EFI_BIN, name)):
            report(False, "images-built", f"{name} is not built")
            return 1
    random.seed()
    with tempfile.TemporaryDirectory(prefix="wireboot-efiboot-") as tmp:
        www = os.path.join(tmp, "www")
        os.makedirs(www)
        try:
            guest = linux_guest.build()
        except (OSError, RuntimeError, subprocess.CalledProcessError) as err:
            for name in names:
                skip(name, f"no Linux guest: {err}")
            return 0
        shutil.copy(guest.vmlinuz, os.path.join(www, "vmlinuz"))
        shutil.copy(guest.initrd, os.path.join(www, "initrd.img"))
        server = Server(www)
        try:
            linux_test(tmp, www, server)
            grub_test(tmp, www, server)
            snponly_test(tmp, server)
        finally:
            server.close()
    return TAP.exit_code()


if __name__ == "__main__":
    sys.exit(main())
