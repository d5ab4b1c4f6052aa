#!/usr/bin/env python3
"""SAN boot over iSCSI end to end, against tgt (tgtd + tgtadm).

hosted: bin-linux/wireboot-asan on one end of a veth pair, tgtd on the
other: "sanhook iscsi:..." logs in and reads the capacity; LUN 0 (tgt's
controller) is refused; CHAP, mutual CHAP, a wrong secret and missing
credentials (clear errors); a target redirect followed to a second tgtd
(T6e) and a login reject for an unknown target; a sparse 3 TiB LUN
whose size needs READ CAPACITY (16) (T6b).

pcbios: QEMU (TCG, SeaBIOS, e1000 on a tap in a private namespace) runs
bin/wireboot.lkrn with a script that does "sanboot iscsi:..." with CHAP
and a small MaxRecvDataSegmentLength on the target (T6c, multi-PDU
Data-In); the disk holds syslinux, Debian's kernel and a busybox
initramfs.  The kernel must print its marker and show the iBFT that
wireboot left in base memory (initiator name, target name, IP, port,
LUN, CHAP user, NIC MAC and PCI location) under /sys/firmware/ibft,
which also proves the NIC kept running through the boot.  A second boot
kills tgtd while syslinux loads the kernel and restarts it 8 s later
(T6d): the boot must complete.  Writes (T6c): the INT 13h probe of the
AoE test (tests/e2e/asm/san_mbr.asm) writes 3 sectors with 43h to a
target whose MaxRecvDataSegmentLength is 512: the capture must show R2T
answered by Data-Out PDUs of at most 512 bytes, and the image the bytes.

Prints TAP lines "ok - iscsi/..."; needs root, tgt and qemu.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from tap import Tap  # noqa: E402
from netns import Namespace, skip_reason  # noqa: E402
import qemu  # noqa: E402
import sandisk  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LKRN = os.path.join(ROOT, "bin", "wireboot.lkrn")
IQN = "iqn.2026-11.org.wireboot.test:disk"
INITIATOR = "iqn.2026-11.org.wireboot.test:client"

tap = Tap("iscsi")


class Tgt:
    """One tgtd in namespace NS on PORTAL, with control port CONTROL."""

    def __init__(self, ns, portal, control):
        self.ns = ns
        self.portal = portal
        self.control = str(control)
        self.proc = None
        self.start()

    def start(self):
        host, port = self.portal.rsplit(":", 1)
        self.proc = self.ns.start(["tgtd", "-f", "-C", self.control, "--iscsi",
                                   f"portal={self.portal}"], ready_port=int(port))

    def adm(self, *args):
        return self.ns.run("tgtadm", "-C", self.control, *args)

    def target(self, tid, iqn, luns=(), params=None, accounts=(), outgoing=None):
        """Target TID named IQN with LUNS (backing files, LUN 1 upward)."""
        self.adm("--lld", "iscsi", "--op", "new", "--mode", "target",
                 "--tid", str(tid), "-T", iqn)
        for i, path in enumerate(luns):
            self.adm("--lld", "iscsi", "--op", "new", "--mode", "logicalunit",
                     "--tid", str(tid), "--lun", str(i + 1), "-b", path)
        for name, value in (params or {}).items():
            self.adm("--lld", "iscsi", "--op", "update", "--mode", "target",
                     "--tid", str(tid), "--name", name, "--value", str(value))
        for user, secret in accounts:
            self.adm("--lld", "iscsi", "--op", "new", "--mode", "account",
                     "--user", user, "--password", secret)
            self.adm("--lld", "iscsi", "--op", "bind", "--mode", "account",
                     "--tid", str(tid), "--user", user)
        if outgoing:
            self.adm("--lld", "iscsi", "--op", "new", "--mode", "account",
                     "--user", outgoing[0], "--password", outgoing[1])
            self.adm("--lld", "iscsi", "--op", "bind", "--mode", "account",
                     "--tid", str(tid), "--user", outgoing[0], "--outgoing")
        self.adm("--lld", "iscsi", "--op", "bind", "--mode", "target",
                 "--tid", str(tid), "-I", "ALL")

    def kill(self):
        """Take tgtd away at once (SIGKILL), as a crash or power loss would."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            for tid in range(1, 5):
                self.ns.run("tgtadm", "-C", self.control, "--lld", "iscsi",
                            "--op", "delete", "--mode", "target", "--tid",
                            str(tid), "--force", check=False)
            self.ns.run("tgtadm", "-C", self.control, "--op", "delete",
                        "--mode", "system", check=False)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                pass
        if self.proc:
            self.ns.stop(self.proc)


def hosted_run(ns, script, timeout=60):
    wb = ns.wireboot("ifopen net0\nset net0/ip 10.77.0.2\n"
                     "set net0/netmask 255.255.255.0\n" + script,
                     netdevs=("packet:wbnet0",))
    started = time.monotonic()
    status = wb.finish(timeout)
    return status, wb.output(), time.monotonic() - started


def test_hosted(tmpdir):
    names = ["hosted/sanhook", "hosted/lun0", "hosted/chap", "hosted/chap-wrong",
             "hosted/chap-missing", "hosted/mutual-chap", "hosted/mutual-wrong",
             "hosted/redirect", "hosted/login-reject", "hosted/over-2tib",
             "hosted/initiator-name", "hosted/refused"]
    reason = skip_reason(tools=("ip", "tgtd", "tgtadm", "ethtool"))
    if reason:
        for name in names:
            tap.skip(name, reason)
        return
    disk = os.path.join(tmpdir, "hosted.img")
    with open(disk, "wb") as f:
        f.truncate(8 << 20)
    big = os.path.join(tmpdir, "big.img")
    with open(big, "wb") as f:
        f.truncate(3 << 40)
    uri = "iscsi:10.77.0.1:::1:"
    with Namespace("isch") as ns:
        ns.veth(peer_addr="10.77.0.1/24")
        tgt = Tgt(ns, "10.77.0.1:3260", 41)
        tgt2 = Tgt(ns, "10.77.0.1:3261", 42)
        try:
            tgt.target(1, IQN, [disk])
            tgt.target(2, IQN + "-chap", [disk], accounts=[("alice", "alicesecret12")])
            tgt.target(3, IQN + "-mutual", [disk], accounts=[("bob", "bobsecret1234")],
                       outgoing=("tgtuser", "tgtsecret123"))
            tgt2.target(1, IQN + "-moved", [big])
            tgt2.target(2, IQN + "-redirect", [disk])
            tgt.target(4, IQN + "-redirect", [disk],
                       params={"RedirectAddress": "10.77.0.1", "RedirectPort": 3261,
                               "RedirectReason": "Temporary"})

            status, out, secs = hosted_run(
                ns, f"set initiator-iqn {INITIATOR}\nsanhook {uri}{IQN} && echo HOOKED\n")
            tap.report("SAN drive 0x80: 16384 blocks of 512 bytes (8 MiB)" in out
                       and "HOOKED" in out and status == 0, "hosted/sanhook",
                       f"{secs:.1f}s status {status}\n{out}")
            print(f"# hosted sanhook in {secs:.1f}s", flush=True)
            status, out, secs = hosted_run(
                ns, f"sanhook iscsi:10.77.0.1::::{IQN} || echo LUN0-FAILED\n")
            tap.report("No such device (iscsi)" in out and "LUN0-FAILED" in out,
                       "hosted/lun0", out)
            status, out, secs = hosted_run(
                ns, "set username alice\nset password alicesecret12\n"
                f"sanhook {uri}{IQN}-chap && echo HOOKED\n")
            tap.report("HOOKED" in out and "16384 blocks" in out, "hosted/chap", out)
            status, out, secs = hosted_run(
                ns, "set username alice\nset password wrongsecret99\n"
                f"sanhook {uri}{IQN}-chap || echo CHAP-FAILED\n")
            tap.report("Authentication failed (iscsi)" in out and "CHAP-FAILED" in out
                       and secs < 20, "hosted/chap-wrong", f"{secs:.1f}s\n{out}")
            status, out, secs = hosted_run(
                ns, f"sanhook {uri}{IQN}-chap || echo NOCRED-FAILED\n")
            tap.report("NOCRED-FAILED" in out and "(iscsi)" in out and secs < 20,
                       "hosted/chap-missing", f"{secs:.1f}s\n{out}")
            status, out, secs = hosted_run(
                ns, "set username bob\nset password bobsecret1234\n"
                "set reverse-username tgtuser\nset reverse-password tgtsecret123\n"
                f"sanhook {uri}{IQN}-mutual && echo HOOKED\n")
            tap.report("HOOKED" in out, "hosted/mutual-chap", out)
            status, out, secs = hosted_run(
                ns, "set username bob\nset password bobsecret1234\n"
                "set reverse-username tgtuser\nset reverse-password notthesecret\n"
                f"sanhook {uri}{IQN}-mutual || echo MUTUAL-FAILED\n")
            tap.report("Authentication failed (iscsi)" in out and "MUTUAL-FAILED" in out,
                       "hosted/mutual-wrong", out)
            cap = ns.capture("wbpeer0", "tcp port 3261")
            status, out, secs = hosted_run(
                ns, f"sanhook {uri}{IQN}-redirect && echo HOOKED\n")
            packets = cap.stop(fields=["tcp.dstport"])
            tap.report("HOOKED" in out and any(p == ["3261"] for p in packets),
                       "hosted/redirect", f"{len(packets)} packets to 3261\n{out}")
            status, out, secs = hosted_run(
                ns, f"sanhook {uri}{IQN}-nosuch || echo REJECTED\n")
            tap.report("REJECTED" in out and "No such file or directory (iscsi)" in out
                       and secs < 20, "hosted/login-reject", f"{secs:.1f}s\n{out}")
            status, out, secs = hosted_run(
                ns, f"sanhook iscsi:10.77.0.1::3261:1:{IQN}-moved && echo HOOKED\n")
            blocks = (3 << 40) // 512
            tap.report(f"SAN drive 0x80: {blocks} blocks of 512 bytes" in out,
                       "hosted/over-2tib", out)
            cap = ns.capture("wbpeer0", "tcp port 3260")
            status, out, secs = hosted_run(ns, f"sanhook {uri}{IQN} && echo HOOKED\n")
            packets = cap.stop(fields=["iscsi.keyvalue"])
            names_seen = [kv[len("InitiatorName="):] for p in packets
                          for kv in p[0].split(",") if kv.startswith("InitiatorName=")]
            tap.report("HOOKED" in out and names_seen and
                       names_seen[0].startswith("iqn.2024-11.org.wireboot:"),
                       "hosted/initiator-name", f"{names_seen}\n{out}")
            status, out, secs = hosted_run(
                ns, f"sanhook iscsi:10.77.0.1::3999:1:{IQN} || echo REFUSED\n")
            tap.report("REFUSED" in out and "Connection refused" in out and secs < 10,
                       "hosted/refused", f"{secs:.1f}s\n{out}")
        finally:
            tgt.stop()
            tgt2.stop()


SYSLINUX_CFG = ("SERIAL 0 115200\nDEFAULT linux\nPROMPT 0\nTIMEOUT 0\n"
                "LABEL linux\n  LINUX vmlinuz\n  INITRD initrd.img\n"
                "  APPEND {args} ibft=1\n")


def boot_script(extra=""):
    return ("#!ipxe\nifopen net0\nset net0/ip 10.78.0.2\n"
            "set net0/netmask 255.255.255.0\nset net0/gateway 10.78.0.1\n"
            f"set initiator-iqn {INITIATOR}\nset username alice\n"
            f"set password alicesecret12\n{extra}"
            f"sanboot iscsi:10.78.0.1:::1:{IQN}\necho SANBOOT-FAILED\n")


def linux_disk(tmpdir):
    import linux_guest
    guest = linux_guest.build()
    vmlinuz = os.path.join(tmpdir, "vmlinuz")
    initrd = os.path.join(tmpdir, "initrd.img")
    shutil.copy(guest.vmlinuz, vmlinuz)
    shutil.copy(guest.initrd, initrd)
    cfg = SYSLINUX_CFG.format(args=linux_guest.KERNEL_ARGS)
    return sandisk.syslinux_disk(tmpdir, [vmlinuz, initrd], cfg, "iscsi-linux",
                                 size_mb=48), linux_guest


def start_target(ns, disk):
    tgt = Tgt(ns, "10.78.0.1:3260", 43)
    tgt.target(1, IQN, [disk], accounts=[("alice", "alicesecret12")],
               params={"MaxRecvDataSegmentLength": 4096})
    return tgt


def test_pcbios(tmpdir):
    names = ["bios/linux-marker", "bios/ibft", "bios/outage"]
    reason = (qemu.available() or
              skip_reason(binary=LKRN, tools=("ip", "tgtd", "tgtadm") + sandisk.TOOLS))
    if not reason:
        import linux_guest
        reason = linux_guest.unavailable()
    if reason:
        for name in names:
            tap.skip(name, reason)
        return
    try:
        disk, linux_guest = linux_disk(tmpdir)
    except Exception as err:  # no kernel package reachable
        for name in names:
            tap.skip(name, f"no Linux guest: {err}")
        return
    script = os.path.join(tmpdir, "boot.ipxe")
    with open(script, "w") as f:
        f.write(boot_script())
    with Namespace("iscb") as ns:
        sandisk.add_tap(ns, "10.78.0.1/24")
        tgt = start_target(ns, disk)
        try:
            with sandisk.ns_qemu(ns, tmpdir, ["-kernel", LKRN, "-initrd", script],
                                 memory="512M", timeout=150) as vm:
                started = time.monotonic()
                marker = vm.expect(linux_guest.MARKER, 120)
                took = time.monotonic() - started
                done = vm.expect(linux_guest.DONE, 30)
                out = vm.output
            tap.report(marker is not None, "bios/linux-marker", out[-3000:])
            if marker:
                print(f"# iSCSI sanboot to the Linux marker in {took:.1f}s", flush=True)
            want = [
                rf"IBFT /sys/firmware/ibft/initiator/initiator-name: {re.escape(INITIATOR)}",
                rf"IBFT /sys/firmware/ibft/target0/target-name: {re.escape(IQN)}",
                r"IBFT /sys/firmware/ibft/target0/ip-addr: 10\.78\.0\.1",
                r"IBFT /sys/firmware/ibft/target0/port: 3260",
                r"IBFT /sys/firmware/ibft/target0/lun: 01000000\s",
                r"IBFT /sys/firmware/ibft/target0/chap-name: alice",
                r"IBFT /sys/firmware/ibft/target0/chap-type: 1",
                r"IBFT /sys/firmware/ibft/target0/nic-assoc: 0",
                r"IBFT /sys/firmware/ibft/ethernet0/ip-addr: 10\.78\.0\.2",
                r"IBFT /sys/firmware/ibft/ethernet0/prefix-len: 24",
                r"IBFT /sys/firmware/ibft/ethernet0/gateway: 10\.78\.0\.1",
                rf"IBFT /sys/firmware/ibft/ethernet0/mac: {sandisk.MAC}",
                r"IBFT /sys/firmware/ibft/ethernet0/flags: 3",
                r"IBFT /sys/firmware/ibft/acpi_header/oem_id: WIREBT",
            ]
            missing = [w for w in want if not re.search(w, out)]
            for line in out.splitlines():
                if line.startswith("IBFT "):
                    print("# " + line.rstrip())
            tap.report(done is not None and not missing, "bios/ibft",
                       f"missing {missing}\n{out[-3000:]}")

            # T6d: kill tgtd while the loader reads the kernel, restart it.
            with sandisk.ns_qemu(ns, tmpdir, ["-kernel", LKRN, "-initrd", script],
                                 memory="512M", timeout=200) as vm:
                started = time.monotonic()
                loading = vm.expect(r"Loading vmlinuz", 60)
                if loading:
                    tgt.kill()
                    time.sleep(8)
                    tgt = start_target(ns, disk)
                    restarted = time.monotonic() - started
                marker = vm.expect(linux_guest.MARKER, 150)
                out = vm.output
            tap.report(loading is not None and marker is not None, "bios/outage",
                       out[-3000:])
            if marker:
                print(f"# boot with an 8 s target outage reached the marker in "
                      f"{time.monotonic() - started:.1f}s (restart at {restarted:.1f}s)",
                      flush=True)
        finally:
            tgt.stop()


def test_pcbios_writes(tmpdir):
    """The AoE test's INT 13h probe, over iSCSI: its 43h write of sectors
    100-102 goes out as R2T-driven Data-Out PDUs within the target's
    512-byte MaxRecvDataSegmentLength."""
    name = "bios/write-r2t"
    reason = (qemu.available() or
              skip_reason(binary=LKRN, tools=("ip", "tgtd", "tgtadm", "nasm", "tshark")))
    if reason:
        tap.skip(name, reason)
        return
    import struct
    import test_san_aoe
    disk = os.path.join(tmpdir, "probe.img")
    test_san_aoe.make_disk(disk, test_san_aoe.build_probe(tmpdir))
    script = os.path.join(tmpdir, "probe.ipxe")
    with open(script, "w") as f:
        f.write("#!ipxe\nifopen net0\nset net0/ip 10.78.0.2\n"
                "set net0/netmask 255.255.255.0\n"
                f"sanboot iscsi:10.78.0.1:::1:{IQN}\necho SANBOOT-FAILED\n")
    with Namespace("iscw") as ns:
        sandisk.add_tap(ns, "10.78.0.1/24")
        tgt = Tgt(ns, "10.78.0.1:3260", 44)
        try:
            tgt.target(1, IQN, [disk], params={"MaxRecvDataSegmentLength": 512})
            cap = ns.capture("tap0", "tcp port 3260")
            with sandisk.ns_qemu(ns, tmpdir, ["-kernel", LKRN, "-initrd", script]) as vm:
                written = vm.expect(r"EDDWRITE CF=0 READBACK=OK", 60)
                vm.expect(r"PAUSE", 20)
                out = vm.output
            pdus = cap.stop(fields=["iscsi.opcode", "iscsi.datasegmentlength"],
                            display_filter="iscsi.opcode == 0x05 || iscsi.opcode == 0x31")
        finally:
            tgt.stop()
    data_out = [int(p[1].split(",")[0]) for p in pdus
                if p and p[0].split(",")[0] in ("0x05", "0x00000005", "5") and len(p) > 1]
    r2t = [p for p in pdus if p and p[0].split(",")[0] in ("0x31", "0x00000031", "49")]
    with open(disk, "rb") as f:
        f.seek(100 * 512)
        on_disk = f.read(3 * 512)
    want = struct.pack("<384I", *(0x57000000 + i for i in range(384)))
    tap.report(written is not None and on_disk == want and len(data_out) >= 3
               and max(data_out) <= 512 and r2t, name,
               f"Data-Out lengths {data_out}, {len(r2t)} R2T\n{out[-2000:]}")


def main():
    tmpdir = tempfile.mkdtemp(prefix="wireboot-iscsi-")
    try:
        test_hosted(tmpdir)
        test_pcbios(tmpdir)
        test_pcbios_writes(tmpdir)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    return 1 if tap.failures else 0


if __name__ == "__main__":
    sys.exit(main())
