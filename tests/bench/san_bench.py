#!/usr/bin/env python3
"""Benchmark (not a test; run by "make bench"): SAN boot of a Linux disk by
wireboot against Debian's iPXE, over iSCSI (tgt) and AoE (vblade), on the
same VM, NIC and network, all measured in one run.

The disk is a syslinux disk (tests/e2e/lib/sandisk.py) with the Debian
kernel and initramfs of tests/e2e/lib/linux_guest.py, which prints a
marker and powers off.  A second copy of the disk also carries a 64 MiB
initrd of zeros (the kernel skips zero padding between initramfs
archives), so the boot loader reads 64 MiB more through INT 13h.  Each
client (bin/wireboot.lkrn or /usr/lib/ipxe/ipxe.lkrn with an -initrd
script: static address, "sanboot URI") boots in QEMU (TCG, 1 vCPU, 1 GiB,
e1000 without option ROM) on a tap in a private network namespace where
tgtd or vblade export the disk.  Printed per case: power-on to the Linux
marker with the small disk (wall seconds from QEMU's start to the marker
on the serial console, as it arrives), and the INT 13h read rate: 64 MiB
over the difference between the two boots (each the fastest of REPEAT).

    tests/bench/san_bench.py [--proto iscsi,aoe] [--client wireboot,ipxe]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e", "lib"))
import linux_guest  # noqa: E402
import sandisk  # noqa: E402

PAD = 64 * 1024 * 1024
NS = "wbsanbench"
TAP = "wbstap0"
HOST_IP, GUEST_IP = "192.168.76.1", "192.168.76.2"
IQN = "iqn.2026-01.org.wireboot:bench"
TGT_CONTROL = "27"
IPXE_LKRN = "/usr/lib/ipxe/ipxe.lkrn"
RUN_LIMIT = 400
# Boots per case; the fastest counts (a loaded host only slows a boot down).
REPEAT = 2
# tgt's LUN 0 is its controller: the disk is LUN 1.
URIS = {"iscsi": f"iscsi:{HOST_IP}:::1:{IQN}", "aoe": "aoe:e0.0"}


def sh(*argv, check=True):
    return subprocess.run(argv, check=check, stdin=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode


def ns(*argv, check=True):
    return sh("ip", "netns", "exec", NS, *argv, check=check)


def net_up():
    """The namespace with its tap and address."""
    sh("ip", "netns", "del", NS, check=False)
    sh("ip", "netns", "add", NS)
    sh("ip", "-n", NS, "link", "set", "lo", "up")
    sh("ip", "-n", NS, "tuntap", "add", "dev", TAP, "mode", "tap")
    sh("ip", "-n", NS, "addr", "add", f"{HOST_IP}/24", "dev", TAP)
    sh("ip", "-n", NS, "link", "set", TAP, "up")


class Tgt:
    """tgtd in the namespace exporting DISK as LUN 1 of IQN."""

    def __init__(self, disk):
        self.proc = subprocess.Popen(
            ["ip", "netns", "exec", NS, "tgtd", "-f", "-C", TGT_CONTROL,
             "--iscsi", f"portal={HOST_IP}:3260"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        adm = ["tgtadm", "-C", TGT_CONTROL, "--lld", "iscsi", "--op", "new"]
        for _ in range(50):
            if ns(*adm, "--mode", "target", "--tid", "1", "-T", IQN,
                  check=False) == 0:
                break
            time.sleep(0.1)
        ns(*adm, "--mode", "logicalunit", "--tid", "1", "--lun", "1",
           "-b", disk)
        ns("tgtadm", "-C", TGT_CONTROL, "--lld", "iscsi", "--op", "bind",
           "--mode", "target", "--tid", "1", "-I", "ALL")

    def stop(self):
        ns("tgtadm", "-C", TGT_CONTROL, "--lld", "iscsi", "--op", "delete",
           "--mode", "target", "--tid", "1", "--force", check=False)
        ns("tgtadm", "-C", TGT_CONTROL, "--op", "delete", "--mode", "system",
           check=False)
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Vblade:
    """vblade in the namespace exporting DISK as shelf 0 slot 0 on the tap."""

    def __init__(self, disk):
        self.proc = subprocess.Popen(
            ["ip", "netns", "exec", NS, "vblade", "0", "0", TAP, disk],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        time.sleep(0.5)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


SERVERS = {"iscsi": Tgt, "aoe": Vblade}


def disks(tmp, guest):
    """(small disk, disk with the 64 MiB padding initrd)."""
    vmlinuz = os.path.join(tmp, "vmlinuz")
    initrd = os.path.join(tmp, "initrd.img")
    pad = os.path.join(tmp, "pad.img")
    shutil.copy(guest.vmlinuz, vmlinuz)
    shutil.copy(guest.initrd, initrd)
    with open(pad, "wb") as f:
        f.truncate(PAD)
    cfg = ("SERIAL 0 115200\nDEFAULT linux\nPROMPT 0\nTIMEOUT 0\n"
           "LABEL linux\n  LINUX vmlinuz\n  INITRD {}\n"
           f"  APPEND {linux_guest.KERNEL_ARGS} quiet\n")
    small = sandisk.syslinux_disk(tmp, [vmlinuz, initrd],
                                  cfg.format("initrd.img"), "small", 32)
    big = sandisk.syslinux_disk(tmp, [vmlinuz, initrd, pad],
                                cfg.format("initrd.img,pad.img"), "big", 128)
    os.unlink(pad)
    return small, big


def boot(tmp, kernel, uri, ipxe):
    """Wall seconds from QEMU's start to the Linux marker on the serial
    console, or None if it never came or QEMU did not end by itself."""
    script = os.path.join(tmp, "san.ipxe")
    leave = "reboot" if ipxe else "poweroff"
    with open(script, "w") as f:
        f.write(f"#!ipxe\nset net0/ip {GUEST_IP}\n"
                "set net0/netmask 255.255.255.0\nifopen net0\n"
                f"sanboot {uri} || {leave}\n{leave}\n")
    argv = ["ip", "netns", "exec", NS, "timeout", "-k", "5", str(RUN_LIMIT),
            "qemu-system-x86_64", "-accel", "tcg", "-smp", "1", "-m", "1G",
            "-display", "none", "-serial", "stdio", "-no-reboot",
            "-kernel", kernel, "-initrd", script,
            "-netdev", f"tap,id=n0,ifname={TAP},script=no,downscript=no",
            "-device", f"e1000,netdev=n0,mac={sandisk.MAC},romfile="]
    marker = linux_guest.MARKER.encode()
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = b""
    reached = None
    while True:
        chunk = os.read(proc.stdout.fileno(), 65536)
        if not chunk:
            break
        out = (out + chunk)[-4096:]
        if reached is None and marker in out:
            reached = time.monotonic() - start
    status = proc.wait()
    return reached if status == 0 else None


def measure(protos, clients):
    """{(proto, client): (seconds to marker, INT 13h MB/s)}; prints each."""
    why = linux_guest.unavailable()
    for tool in ("qemu-system-x86_64", "tgtd", "vblade") + sandisk.TOOLS:
        if not why and not shutil.which(tool):
            why = f"{tool} not found"
    if why:
        print(f"san_bench: skipped: {why}")
        return {}
    kernels = {"wireboot": os.path.join(ROOT, "bin", "wireboot.lkrn")}
    if os.path.exists(IPXE_LKRN):
        kernels["ipxe"] = IPXE_LKRN
    tmp = tempfile.mkdtemp(prefix="wireboot-sanbench-")
    results = {}
    try:
        small, big = disks(tmp, linux_guest.build())
        net_up()
        for proto in protos:
            for client in clients:
                if client not in kernels:
                    continue
                times = {}
                for name, disk in (("small", small), ("big", big)):
                    server = SERVERS[proto](disk)
                    try:
                        runs = [boot(tmp, kernels[client], URIS[proto],
                                     client == "ipxe") for _ in range(REPEAT)]
                    finally:
                        server.stop()
                    times[name] = min(runs) if all(runs) else None
                if times["small"] and times["big"] and times["big"] > times["small"]:
                    rate = PAD / 1e6 / (times["big"] - times["small"])
                else:
                    rate = None
                results[(proto, client)] = (times["small"], rate)
                shown = (f"{times['small']:6.1f} s to marker" if times["small"]
                         else "  boot failed     ")
                shown += f", INT 13h {rate:5.1f} MB/s" if rate else ""
                print(f"{proto:5} {client:8} {shown}", flush=True)
    finally:
        sh("ip", "netns", "del", NS, check=False)
        shutil.rmtree(tmp, ignore_errors=True)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proto", default="iscsi,aoe")
    parser.add_argument("--client", default="wireboot,ipxe")
    args = parser.parse_args()
    measure(args.proto.split(","), args.client.split(","))
    return 0


if __name__ == "__main__":
    sys.exit(main())
