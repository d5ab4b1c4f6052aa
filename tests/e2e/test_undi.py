#!/usr/bin/env python3
"""The PXE network boot programs, booted by QEMU's own iPXE ROM (the
default romfile of -device e1000, Debian ipxe-qemu) from user-net TFTP:
bin/undionly.kpxe must drive the NIC through the ROM's UNDI API (ifstat
shows the "undi" driver), bin/wireboot.pxe must unload the PXE stack and
use the native e1000 driver, and bin/wireboot.kpxe must keep the stack
loaded but use the native driver.  Each one runs "dhcp" and fetches a file
over HTTP from a server on the host loopback (10.0.2.2 in the guest) and
checks its size and MD5; then "exit" must give control back (to the PXE
ROM, or by INT 18h after unloading) so the BIOS boots the next device, a
disk whose boot sector prints to COM1.  Prints TAP lines "ok - undi/...".
"""
import functools
import hashlib
import http.server
import os
import re
import shutil
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "lib"))
from tap import Tap  # noqa: E402
from qemu import Qemu, available  # noqa: E402
from markerdisk import marker_disk  # noqa: E402

BIN = os.environ.get("WIREBOOT_BIN", os.path.join(ROOT, "bin"))
PROMPT = "Press Ctrl-B for the wireboot shell"
SHELL = "wireboot> "
MARKER = "NEXT BOOT DEVICE REACHED"
BLOB_SIZE = 2 * 1024 * 1024
# image: (driver ifstat must show, what happens to the PXE stack)
CASES = {
    "undionly.kpxe": ("undi", None),
    "wireboot.pxe": ("e1000", "PXE stack unloaded"),
    "wireboot.kpxe": ("e1000", None),
}

TAP = Tap("undi", last_lines=30)
report = TAP.report
skip = TAP.skip


def http_server(root):
    """A threaded HTTP server for ROOT on 127.0.0.1; returns (server, port)."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def run_case(tmp, disk, port, image, driver, unload_msg, digest):
    tftp = os.path.join(tmp, "tftp")
    os.makedirs(tftp, exist_ok=True)
    shutil.copy(os.path.join(BIN, image), tftp)
    args = ["-netdev", f"user,id=n0,tftp={tftp},bootfile={image}",
            "-device", "e1000,netdev=n0,bootindex=1",
            "-drive", f"file={disk},format=raw,if=none,id=d0",
            "-device", "ide-hd,drive=d0,bootindex=2"]
    name = image.replace(".", "_")
    with Qemu(args, timeout=120, memory="512M") as vm:
        started = vm.expect(PROMPT, 60) is not None
        report(started, f"{name}_starts", vm.output)
        if not started:
            return
        vm.send("\x02")
        vm.expect(SHELL, 10)
        if unload_msg:
            report(unload_msg in vm.output, f"{name}_unloads_pxe_stack",
                   vm.output)
        vm.send("dhcp\r")
        dhcp = vm.expect(r"DHCP \(net0 [0-9a-f:]+\)\.* ok", 30) is not None
        report(dhcp, f"{name}_dhcp", vm.output)
        vm.expect(SHELL, 10)
        vm.send(f"imgfetch http://10.0.2.2:{port}/blob && md5sum blob\r")
        got = vm.expect(r"^([0-9a-f]{32})\s+blob", 90)
        report(got is not None and got.group(1).decode() == digest,
               f"{name}_http_fetch", vm.output)
        vm.expect(SHELL, 10)
        vm.send("ifstat\r")
        stat = vm.expect(r"net0: [0-9a-f:]+ using (\S+) on (\S+)", 10)
        report(stat is not None and stat.group(1).decode() == driver,
               f"{name}_uses_{driver}_driver", vm.output)
        vm.expect(SHELL, 10)
        vm.send("exit\r")
        report(vm.expect(MARKER, 40) is not None,
               f"{name}_exit_boots_next_device", vm.output)


def main():
    why = available()
    if not why and not shutil.which("nasm"):
        why = "nasm not found"
    if not why and not os.path.exists("/usr/share/qemu/efi-e1000.rom") and \
            not os.path.exists("/usr/lib/ipxe/qemu/efi-e1000.rom"):
        why = "QEMU's iPXE ROM (ipxe-qemu) not installed"
    if why:
        for image in CASES:
            skip(image.replace(".", "_"), why)
        return 0
    tmp = tempfile.mkdtemp(prefix="wireboot-undi-")
    www = os.path.join(tmp, "www")
    os.makedirs(www)
    blob = os.urandom(BLOB_SIZE)
    with open(os.path.join(www, "blob"), "wb") as f:
        f.write(blob)
    digest = hashlib.md5(blob).hexdigest()
    server, port = http_server(www)
    try:
        disk = marker_disk(tmp, MARKER)
        for image, (driver, unload_msg) in CASES.items():
            if not os.path.exists(os.path.join(BIN, image)):
                report(False, image.replace(".", "_") + "_built",
                       f"{BIN}/{image} missing")
                continue
            run_case(tmp, disk, port, image, driver, unload_msg, digest)
    finally:
        server.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)
    return TAP.exit_code()


if __name__ == "__main__":
    sys.exit(main())
