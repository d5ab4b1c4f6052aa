#!/usr/bin/env python3
"""autoboot end to end.

hosted: bin-linux/wireboot-asan on a veth pair in a private namespace runs
"autoboot" against dnsmasq (DHCP + TFTP):
  - the user-class recipe (iPXE gets boot.ipxe, others wireboot.kpxe);
  - a server that gives everyone wireboot.kpxe (a wireboot build): the
    boot loop is refused;
  - a script that runs autoboot again: the same URI is refused;
  - no DHCP server: a clear reason;
  - a ProxyDHCP PXE menu (prompt and its timeout, F8 and a choice);
  - root-path with AoE (vblade): hooked, the hosted SAN boot refused,
    unhooked; skip-san-boot + keep-san keep the drive for the boot file.
QEMU (bin/wireboot.lkrn, no script): autoboot on user networking into a
TFTP script; a DHCP answer with nothing to boot opens the shell; and
root-path autoboot into vblade's disk with the SAN probe MBR of
test_san_aoe.py; and util/run-qemu.sh (make run) into its demo menu.

Prints TAP lines "ok - autoboot/..."; needs root, dnsmasq (and qemu,
vblade, nasm for the rest).
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "lib"))
sys.path.insert(0, HERE)
from tap import Tap  # noqa: E402
from netns import Namespace, skip_reason  # noqa: E402
import linux_guest  # noqa: E402
import netns  # noqa: E402
import qemu  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
LKRN = os.path.join(ROOT, "bin", "wireboot.lkrn")

tap = Tap("autoboot")

MARKER_SCRIPT = "#!ipxe\necho AUTOBOOT-MARKER ip=${ip} file=${filename}\n"


def dnsmasq(ns, iface, tftp_root, *args):
    """dnsmasq on IFACE serving DHCP (10.77.0.100-150) and TFTP from TFTP_ROOT."""
    argv = ["dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=0",
            f"--interface={iface}", "--bind-interfaces", "--no-ping",
            f"--dhcp-leasefile={os.path.join(ns.tmpdir, iface + '.leases')}",
            "--enable-tftp", f"--tftp-root={tftp_root}"]
    proc = ns.start(argv + list(args), ready_udp_port=69)
    return proc


def tftp_dir(tmpdir, name, files):
    path = os.path.join(tmpdir, name)
    os.makedirs(path, exist_ok=True)
    for fname, content in files.items():
        mode = "wb" if isinstance(content, bytes) else "w"
        with open(os.path.join(path, fname), mode) as f:
            f.write(content)
    return path


def hosted(ns, script, timeout=60):
    """Run SCRIPT in the hosted build; (status, output).  A sanitizer
    report fails the run (status None)."""
    wb = ns.wireboot(script)
    status = wb.finish(timeout)
    out = wb.output()
    if "Sanitizer" in out or "runtime error" in out:
        status = None
    return status, out


RANGE = "--dhcp-range=10.77.0.100,10.77.0.150,255.255.255.0,1h"


def test_userclass(ns, link, tmpdir):
    root = tftp_dir(tmpdir, "uc", {"boot.ipxe": MARKER_SCRIPT,
                                   "wireboot.kpxe": "not an image\n"})
    server = dnsmasq(ns, link.peer, root, RANGE,
                     "--dhcp-userclass=set:ipxe,iPXE",
                     "--dhcp-boot=tag:ipxe,boot.ipxe",
                     "--dhcp-boot=tag:!ipxe,wireboot.kpxe")
    status, out = hosted(ns, "autoboot && echo AUTOBOOT-RETURNED\n")
    ns.stop(server)
    tap.report(status == 0 and "AUTOBOOT-MARKER ip=10.77.0.1" in out and
               "file=boot.ipxe" in out and "AUTOBOOT-RETURNED" in out and
               "tftp://10.77.0.1/boot.ipxe" in out, "hosted/user-class", out)


def test_self_loop(ns, link, tmpdir):
    with open(LKRN, "rb") as f:
        firmware = f.read()
    root = tftp_dir(tmpdir, "self", {"wireboot.kpxe": firmware,
                                     "loop.ipxe": "#!ipxe\nautoboot\n"})
    server = dnsmasq(ns, link.peer, root, RANGE, "--dhcp-boot=wireboot.kpxe")
    status, out = hosted(ns, "autoboot || echo AUTOBOOT-FAILED\n")
    ns.stop(server)
    tap.report(status == 0 and "AUTOBOOT-FAILED" in out and
               "Boot loop: tftp://10.77.0.1/wireboot.kpxe is wireboot itself"
               in out and "No more network devices" in out,
               "hosted/self-chain-loop", out)
    server = dnsmasq(ns, link.peer, root, RANGE, "--dhcp-boot=loop.ipxe")
    status, out = hosted(ns, "autoboot || echo AUTOBOOT-FAILED\n")
    ns.stop(server)
    tap.report(status == 0 and "AUTOBOOT-FAILED" in out and
               "Boot loop: tftp://10.77.0.1/loop.ipxe is already being booted"
               in out, "hosted/script-loop", out)


def test_nothing(ns, link, tmpdir):
    root = tftp_dir(tmpdir, "none", {})
    server = dnsmasq(ns, link.peer, root, RANGE)
    status, out = hosted(ns, "autoboot || echo AUTOBOOT-FAILED\n")
    ns.stop(server)
    tap.report(status == 0 and "AUTOBOOT-FAILED" in out and
               "No filename or root path specified for net0" in out,
               "hosted/no-filename", out)
    status, out = hosted(ns, "autoboot net0 || echo AUTOBOOT-FAILED\n"
                         "autoboot net7 || echo BAD-NAME\n", timeout=90)
    tap.report(status == 0 and "AUTOBOOT-FAILED" in out and
               "Connection timed out (dhcp)" in out and
               "No more network devices" in out and
               "autoboot: no such interface: net7" in out and "BAD-NAME" in out,
               "hosted/no-dhcp", out)


def proxy_setup(ns):
    """wbnet0 -[br0]- two servers: 10.77.0.1 (addresses), 10.77.0.2 (proxy)."""
    ns.run("ip", "link", "add", "br0", "type", "bridge")
    ns.run("ip", "link", "set", "br0", "up")
    ns.run("ip", "link", "set", "wbpeer0", "master", "br0")
    for i in (1, 2):
        ns.run("ip", "link", "add", f"sv{i}", "type", "veth", "peer", "name", f"bp{i}")
        ns.run("ethtool", "-K", f"sv{i}", "tx", "off", "tso", "off", "gso", "off",
               "gro", "off")
        ns.run("ip", "link", "set", f"bp{i}", "master", "br0")
        ns.run("ip", "addr", "add", f"10.77.0.{i}/24", "dev", f"sv{i}")
        # Both ends live in one namespace: each must answer ARP only for
        # its own address, so that 10.77.0.2 is reached on sv2.
        ns.run("sysctl", "-qw", f"net.ipv4.conf.sv{i}.arp_ignore=1",
               f"net.ipv4.conf.sv{i}.arp_announce=2")
        for ifname in (f"sv{i}", f"bp{i}"):
            ns.run("ip", "link", "set", ifname, "up")


def test_proxy_menu(ns, link, tmpdir):
    root = tftp_dir(tmpdir, "proxy", {
        "first.0": "#!ipxe\necho PXEMENU-FIRST ${filename}\n",
        "second.0": "#!ipxe\necho PXEMENU-SECOND ${filename}\n"})
    proxy_setup(ns)
    plain = ns.start(["dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=0",
                      "--interface=sv1", "--bind-interfaces", "--no-ping",
                      f"--dhcp-leasefile={ns.tmpdir}/sv1.leases", RANGE],
                     ready_udp_port=67)
    proxy_args = ["--dhcp-range=10.77.0.0,proxy",
                  "--pxe-service=x86PC,First entry,first",
                  "--pxe-service=x86PC,Second entry,second"]
    proxy = dnsmasq(ns, "sv2", root, *proxy_args,
                    "--pxe-prompt=Press F8 for boot menu,2")
    start = time.monotonic()
    status, out = hosted(ns, "autoboot || echo AUTOBOOT-FAILED\n")
    elapsed = time.monotonic() - start
    ns.stop(proxy)
    tap.report(status == 0 and "Press F8 for boot menu" in out and
               "PXEBS (net0" in out and "PXEMENU-FIRST first.0" in out and
               "AUTOBOOT-FAILED" not in out and elapsed > 2,
               "hosted/proxy-menu-timeout", f"{elapsed:.1f}s\n{out}")
    proxy = dnsmasq(ns, "sv2", root, *proxy_args,
                    "--pxe-prompt=Press F8 for boot menu,10")
    # Again with keys: F8 at the prompt, then Down and Enter in the menu.
    script = os.path.join(ns.tmpdir, "keys.ipxe")
    with open(script, "w") as f:
        f.write("#!ipxe\nautoboot || echo AUTOBOOT-FAILED\n")
    proc = ns.popen([netns.WIREBOOT, "--netdev", "packet:wbnet0", "--script", script],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT)
    lines = []
    for line in proc.stdout:
        lines.append(line.rstrip("\n"))
        if line.startswith("DHCP (net0") and "ok" in line:
            break
    time.sleep(0.3)
    proc.stdin.write("\x1b[19~")
    proc.stdin.flush()
    time.sleep(1)
    proc.stdin.write("\x1b[B\r")
    proc.stdin.flush()
    try:
        rest, _ = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        ns.stop(proc)
        rest = ""
    out = "\n".join(lines) + "\n" + rest
    ns.stop(proxy)
    ns.stop(plain)
    tap.report("PXEMENU-SECOND second.0" in out and "Second entry" in out and
               "Sanitizer" not in out and "runtime error" not in out and
               "AUTOBOOT-FAILED" not in out, "hosted/proxy-menu-f8", out[-3000:])


def test_root_path(ns, link, tmpdir):
    import test_san_aoe as san
    disk = os.path.join(tmpdir, "rp.img")
    with open(disk, "wb") as f:
        for lba in range(san.SECTORS):
            f.write(san.pattern_sector(lba))
    root = tftp_dir(tmpdir, "rp", {"inst.ipxe": "#!ipxe\necho INSTALLER-RAN\n"})
    vblade = san.start_vblade(ns, link.peer, disk)
    server = dnsmasq(ns, link.peer, root, RANGE, "--dhcp-option=17,aoe:e3.7")
    status, out = hosted(ns, "autoboot || echo AUTOBOOT-FAILED\n"
                         "sanunhook || echo NOT-KEPT\n")
    tap.report(status == 0 and "SAN drive 0x80: 16384 blocks" in out and
               "cannot boot from SAN on this platform" in out and
               "AUTOBOOT-FAILED" in out and "NOT-KEPT" in out,
               "hosted/root-path", out)
    ns.stop(server)
    server = dnsmasq(ns, link.peer, root, RANGE, "--dhcp-option=17,aoe:e3.7",
                     "--dhcp-boot=inst.ipxe")
    status, out = hosted(ns, "set skip-san-boot 1\nset keep-san 1\n"
                         "autoboot && echo AUTOBOOT-OK\n"
                         "sanunhook && echo KEPT\n")
    tap.report(status == 0 and "SAN drive 0x80: 16384 blocks" in out and
               "INSTALLER-RAN" in out
               and "Skipping boot from SAN device" in out and "AUTOBOOT-OK" in out
               and "KEPT" in out and "cannot boot" not in out,
               "hosted/skip-san-boot-keep-san", out)
    ns.stop(server)
    ns.stop(vblade)


HOSTED = ["hosted/user-class", "hosted/self-chain-loop", "hosted/script-loop",
          "hosted/no-filename", "hosted/no-dhcp", "hosted/proxy-menu-timeout",
          "hosted/proxy-menu-f8", "hosted/root-path",
          "hosted/skip-san-boot-keep-san"]


def run_hosted(tmpdir):
    reason = skip_reason(tools=("ip", "dnsmasq", "ethtool", "vblade"))
    if not reason and not os.path.exists(LKRN):
        reason = "bin/wireboot.lkrn not built"
    if reason:
        for name in HOSTED:
            tap.skip(name, reason)
        return
    for test in (test_userclass, test_self_loop, test_nothing, test_root_path,
                 test_proxy_menu):
        with Namespace("ab") as ns:
            link = ns.veth(peer_addr="10.77.0.1/24" if test is not test_proxy_menu
                           else None)
            test(ns, link, tmpdir)


def test_qemu_user(tmpdir):
    names = ["qemu/user-net", "qemu/nothing-opens-shell"]
    reason = qemu.available() or (None if os.path.exists(LKRN) else "no lkrn")
    if reason:
        for name in names:
            tap.skip(name, reason)
        return
    root = tftp_dir(tmpdir, "qemu", {"boot.ipxe":
                                     "#!ipxe\necho QEMU-AUTOBOOT-MARKER ${net0/ip}\n"
                                     "poweroff\n"})
    with qemu.Qemu(["-kernel", LKRN, "-netdev",
                    f"user,id=n0,tftp={root},bootfile=boot.ipxe",
                    "-device", "e1000,netdev=n0,romfile="], timeout=120) as vm:
        match = vm.expect(r"QEMU-AUTOBOOT-MARKER 10\.0\.2\.15", 90)
        tap.report(match is not None, "qemu/user-net", vm.output[-3000:])
    with qemu.Qemu(["-kernel", LKRN, "-netdev", "user,id=n0",
                    "-device", "e1000,netdev=n0,romfile="], timeout=120) as vm:
        match = vm.expect(r"No filename or root path specified for net0", 90)
        shell = match and vm.expect(r"wireboot> ", 10)
        if shell:
            vm.send("echo SHELL-ANSWERS\r")
            shell = vm.expect(r"SHELL-ANSWERS\r?\n", 10)
        tap.report(bool(match and shell) and "Nothing was booted" in vm.output,
                   "qemu/nothing-opens-shell", vm.output[-3000:])


def test_qemu_root_path(tmpdir):
    name = "qemu/root-path-aoe"
    reason = qemu.available() or skip_reason(binary=LKRN,
                                             tools=("ip", "vblade", "nasm", "dnsmasq"))
    if reason:
        tap.skip(name, reason)
        return
    import test_san_aoe as san
    mbr = san.build_probe(tmpdir)
    disk = os.path.join(tmpdir, "qdisk.img")
    san.make_disk(disk, mbr)
    with Namespace("abq") as ns:
        ns.run("ip", "tuntap", "add", "dev", "tap0", "mode", "tap")
        ns.run("ip", "addr", "add", "10.77.0.1/24", "dev", "tap0")
        ns.run("ip", "link", "set", "tap0", "up")
        vblade = san.start_vblade(ns, "tap0", disk)
        root = tftp_dir(tmpdir, "qrp", {})
        dnsmasq(ns, "tap0", root, RANGE, "--dhcp-option=17,aoe:e3.7")
        vm = san.ns_qemu(ns, tmpdir, ["-kernel", LKRN])
        with vm:
            match = vm.expect(r"SANMBR START DL=80", 90)
            done = match and vm.expect(r"DONE", 60)
            tap.report(bool(done), name, vm.output[-3000:])
        ns.stop(vblade)


def test_make_run_demo():
    """util/run-qemu.sh (make run): autoboot into the demo menu, fetch and
    check hello.txt, then boot the Debian guest, which the demo offers once
    it is built (built here if this machine can)."""
    import re
    import threading
    names = ["qemu/make-run-menu", "qemu/make-run-fetch", "qemu/make-run-linux"]
    reason = qemu.available() or (None if os.path.exists(LKRN) else "no lkrn")
    if reason:
        for name in names:
            tap.skip(name, reason)
        return
    if not linux_guest.unavailable():
        linux_guest.build()
    proc = subprocess.Popen(["timeout", "240", os.path.join(ROOT, "util", "run-qemu.sh")],
                            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    buf = bytearray()

    def reader():
        while True:
            data = proc.stdout.read1(4096)
            if not data:
                break
            buf.extend(data)
    threading.Thread(target=reader, daemon=True).start()
    seen = 0

    def expect(pattern, timeout):
        nonlocal seen
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.compile(pattern.encode()).search(bytes(buf), seen)
            if match:
                seen = match.end()
                return True
            time.sleep(0.2)
        return False

    def send(text):
        proc.stdin.write(text.encode())
        proc.stdin.flush()

    def output():
        return bytes(buf).decode(errors="replace")[-3000:]
    try:
        menu = expect(r"Fetch hello\.txt over TFTP", 120)
        linux = b"Boot the Debian Linux test guest" in bytes(buf)
        tap.report(menu, "qemu/make-run-menu", output())
        time.sleep(1)
        send("\x1b[B\r")
        tap.report(menu and expect(r"It matches the digest", 60),
                   "qemu/make-run-fetch", output())
        if not linux:
            tap.skip("qemu/make-run-linux", "the Debian guest is not built")
        else:
            expect(r"Press any key for the menu", 10)
            time.sleep(0.5)
            send("x")
            expect(r"Power off", 20)
            time.sleep(1)
            send("\x1b[B\x1b[B\r")
            tap.report(expect(r"WIREBOOT-LINUX-OK", 180), "qemu/make-run-linux",
                       output())
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def main():
    tmpdir = tempfile.mkdtemp(prefix="wireboot-autoboot-")
    try:
        run_hosted(tmpdir)
        test_qemu_user(tmpdir)
        test_qemu_root_path(tmpdir)
        test_make_run_demo()
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    return 1 if tap.failures else 0


if __name__ == "__main__":
    sys.exit(main())
