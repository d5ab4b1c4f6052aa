#!/usr/bin/env python3
"""SAN boot over iSCSI end to end, against tgt (tgtd + tgtadm).

hosted: bin-linux/wireboot-asan on one end of a veth pair, tgtd on the
other: "sanhook iscsi:..." logs in and reads the capacity; LUN 0 (tgt's
controller) is refused; CHAP, mutual CHAP, a wrong secret and missing
credentials (clear errors); a target redirect followed to a second tgtd
(T6e) and a login reject for an unknown target; a sparse 3 TiB LUN
whose size needs READ CAPACITY (16) (T6b).  Targets that answer
garbage (random bytes, an oversized segment, lies after a clean login,
1000-byte blocks) make sanhook fail cleanly: no sanitizer report, no
hang, no WRITE sent.

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
answered by Data-Out PDUs of at most 512 bytes, and the image the bytes;
with ${pxe-trace} unset no INT 13h trace line appears.  Over 2 TiB: a
sparse 3 TiB LUN boots tests/e2e/asm/san_big.asm, which reads known data
above LBA 2^32 and at the last sector with INT 13h 42h, fails one past
the end, writes above 2^32 with 43h, and shows 15h/48h; with
${pxe-trace} set, the INT 13h trace shows each of those calls.  The
image stays sparse and is removed.

Prints TAP lines "ok - iscsi/..."; needs root, tgt and qemu.
"""
import os
import re
import shutil
import struct
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
        tap.skip("bios/trace-off", reason)
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
    # ${pxe-trace} unset: no INT 13h trace lines.
    tap.report(written is not None and "INT13 AH=" not in out, "bios/trace-off",
               out[-2000:])


# A target that answers garbage (run as "python3 -c GARBAGE_TARGET MODE
# PORT"): it logs the opcode (and CDB opcode) of every PDU it receives,
# one per line on stdout, and answers
#   noise       the login request with random bytes
#   bigsegment  the login request with a login response header that
#               announces a 16 MiB data segment, then nothing
#   full-noise  a clean login (straight to full feature), then random
#               bytes to the first SCSI command
#   full-lies   a clean login, then every command with a Data-In that
#               claims GOOD status and puts 64 bytes at offset 7FFFFF00h
#   full-capacity  a clean login, GOOD to TEST UNIT READY, a disk to
#               INQUIRY, and READ CAPACITY (10) with 1000-byte blocks
GARBAGE_TARGET = r"""
import random, socket, struct, sys
mode, port = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
def log(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
def recv_exact(c, n):
    data = b""
    while len(data) < n:
        part = c.recv(n - len(data))
        if not part:
            raise EOFError
        data += part
    return data
def pdu(c):
    bhs = recv_exact(c, 48)
    length = int.from_bytes(bhs[5:8], "big")
    ahs = bhs[4] * 4
    recv_exact(c, ahs + (length + 3) // 4 * 4)
    return bhs
def bhs(opcode, flags, itt, length=0):
    h = bytearray(48)
    h[0], h[1] = opcode, flags
    h[5:8] = length.to_bytes(3, "big")
    h[14:16] = b"\0\1"
    h[16:20] = itt
    h[24:36] = struct.pack(">III", 1, 1, 64)
    return bytes(h)
def data_in(itt, payload, offset=0):
    h = bytearray(48)
    h[0], h[1] = 0x25, 0x81
    h[5:8] = len(payload).to_bytes(3, "big")
    h[16:20] = itt
    h[20:24] = b"\xff\xff\xff\xff"
    h[24:36] = struct.pack(">III", 1, 1, 64)
    h[40:44] = struct.pack(">I", offset)
    return bytes(h) + payload + bytes(-len(payload) % 4)
def serve(c):
    while True:
        h = pdu(c)
        op = h[0] & 0x3f
        log(f"PDU {op:02x} CDB {h[32]:02x}" if op == 1 else f"PDU {op:02x}")
        itt = h[16:20]
        if op == 0x03:
            if mode == "noise":
                c.sendall(bytes(rng.getrandbits(8) for _ in range(1024)))
                return
            if mode == "bigsegment":
                c.sendall(bhs(0x23, 0x83, itt, 0xffffff))
                c.recv(65536)
                return
            c.sendall(bhs(0x23, 0x83, itt))
        elif op == 0x01:
            cdb = h[32]
            if mode == "full-noise":
                c.sendall(bytes(rng.getrandbits(8) for _ in range(512)))
                return
            if mode == "full-lies":
                c.sendall(data_in(itt, b"\xff" * 64, 0x7fffff00))
            elif cdb == 0x00:
                c.sendall(bhs(0x21, 0x80, itt))
            elif cdb == 0x12:
                c.sendall(data_in(itt, bytes(36)))
            else:
                c.sendall(data_in(itt, struct.pack(">II", 1000, 1000)))
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", port))
s.listen(4)
while True:
    c, _ = s.accept()
    log("CONNECT")
    try:
        serve(c)
    except (EOFError, OSError):
        pass
    c.close()
"""
GARBAGE_MODES = ("noise", "bigsegment", "full-noise", "full-lies", "full-capacity")
WRITE_CDBS = ("0a", "2a", "8a", "aa")


def test_hosted_garbage(tmpdir):
    """Targets that answer garbage: sanhook fails with an error in bounded
    time, wireboot-asan reports nothing, and no WRITE is ever sent."""
    names = [f"hosted/garbage-{mode}" for mode in GARBAGE_MODES]
    reason = skip_reason(tools=("ip", "ethtool"))
    if reason:
        for name in names:
            tap.skip(name, reason)
        return
    from netns import python
    with Namespace("iscz") as ns:
        ns.veth(peer_addr="10.77.0.1/24")
        for i, mode in enumerate(GARBAGE_MODES):
            port = 3270 + i
            log_path = os.path.join(tmpdir, f"garbage-{mode}.log")
            with open(log_path, "w") as log:
                server = ns.start([python(), "-c", GARBAGE_TARGET, mode, str(port)],
                                  ready_port=port, stdout=log)
                try:
                    status, out, secs = hosted_run(
                        ns, "set san-retries 1\n"
                        f"sanhook iscsi:10.77.0.1::{port}:1:{IQN} || echo REFUSED\n",
                        timeout=90)
                finally:
                    ns.stop(server)
            with open(log_path) as f:
                seen = f.read()
            cdbs = re.findall(r"CDB ([0-9a-f]{2})", seen)
            sanitizer = "AddressSanitizer" in out or "runtime error" in out
            tap.report(status == 0 and "REFUSED" in out and "could not attach" in out
                       and not sanitizer and secs < 60
                       and not any(c in WRITE_CDBS for c in cdbs),
                       f"hosted/garbage-{mode}",
                       f"{secs:.1f}s status {status}, CDBs sent {cdbs}\n{out[-2000:]}")


BIG_ASM = os.path.join(ROOT, "tests", "e2e", "asm", "san_big.asm")
BIG_BYTES = 3 << 40
BIG_BLOCKS = BIG_BYTES // 512
HIGH_LBA = 0x123456789


def big_sector(lba):
    """What the host writes at LBA of the big disk: a header naming the
    LBA, then bytes that differ from sector to sector."""
    head = b"WIREBOOT%08X" % (lba & 0xffffffff)
    return head + bytes((lba * 7 + i) & 0xff for i in range(len(head), 512))


def big_read_line(lba, count, sectors):
    """The READ line san_big.asm prints for COUNT sectors at LBA that hold
    SECTORS (bytes)."""
    data = sectors.ljust(1024, b"\0")
    total = sum(struct.unpack("<256I", data)) & 0xffffffff
    return (f"READ LBA={lba:016X} N={count:02X} CF=0 AH=00 "
            f"HEAD={data[:16].hex().upper()} SUM={total:08X}")


def test_pcbios_big(tmpdir):
    """A sparse 3 TiB LUN (READ CAPACITY 16, READ/WRITE 16) through INT 13h
    42h/43h/48h/15h from tests/e2e/asm/san_big.asm, with the INT 13h trace
    on; the image must stay sparse and is removed afterwards."""
    names = ["bios/big-type", "bios/big-edd48", "bios/big-read-high",
             "bios/big-read-last", "bios/big-read-past-end", "bios/big-write",
             "bios/big-sparse", "bios/trace-int13"]
    reason = (qemu.available() or
              skip_reason(binary=LKRN, tools=("ip", "tgtd", "tgtadm", "nasm")))
    if reason:
        for name in names:
            tap.skip(name, reason)
        return
    binary = os.path.join(tmpdir, "san_big.bin")
    subprocess.run(["nasm", "-f", "bin", "-o", binary, BIG_ASM], check=True,
                   capture_output=True)
    disk = os.path.join(tmpdir, "big-boot.img")
    high = big_sector(HIGH_LBA) + big_sector(HIGH_LBA + 1)
    last = big_sector(BIG_BLOCKS - 1)
    script = os.path.join(tmpdir, "big.ipxe")
    with open(script, "w") as f:
        f.write("#!ipxe\nifopen net0\nset net0/ip 10.78.0.2\n"
                "set net0/netmask 255.255.255.0\nset pxe-trace 1\n"
                f"sanboot iscsi:10.78.0.1:::1:{IQN}\necho SANBOOT-FAILED\n")
    try:
        with open(disk, "wb") as f:
            f.truncate(BIG_BYTES)
            with open(binary, "rb") as b:
                f.write(b.read())
            f.seek(HIGH_LBA * 512)
            f.write(high)
            f.seek((BIG_BLOCKS - 1) * 512)
            f.write(last)
        with Namespace("iscg") as ns:
            sandisk.add_tap(ns, "10.78.0.1/24")
            tgt = Tgt(ns, "10.78.0.1:3260", 46)
            try:
                tgt.target(1, IQN, [disk])
                with sandisk.ns_qemu(ns, tmpdir, ["-kernel", LKRN, "-initrd", script],
                                     timeout=90) as vm:
                    done = vm.expect(r"SANBIG DONE", 75)
                    vm.expect(r"END", 5)
                    out = vm.output
            finally:
                tgt.stop()
        with open(disk, "rb") as f:
            f.seek((HIGH_LBA + 2) * 512)
            written = f.read(512)
        used = os.stat(disk).st_blocks * 512
    finally:
        if os.path.exists(disk):
            os.unlink(disk)
    tail = out[-3000:]

    def seen(name, line):
        tap.report(done is not None and line in out, name, f"wanted {line!r}\n{tail}")

    seen("bios/big-type", "TYPE CF=0 AH=03 SIZE=FFFFFFFF")
    seen("bios/big-edd48", f"EDD48 CF=0 AH=00 SECTORS={BIG_BLOCKS:016X} BPS=0200")
    seen("bios/big-read-high", big_read_line(HIGH_LBA, 2, high))
    seen("bios/big-read-last", big_read_line(BIG_BLOCKS - 1, 1, last))
    tap.report(re.search(rf"READ LBA={BIG_BLOCKS:016X} N=01 CF=1 AH=01 ", out)
               is not None, "bios/big-read-past-end", tail)
    want = struct.pack("<128I", *(0x5a000000 + i for i in range(128)))
    tap.report(f"WRITE LBA={HIGH_LBA + 2:016X} CF=0 AH=00" in out and written == want,
               "bios/big-write", f"sector {HIGH_LBA + 2} holds {written[:16].hex()}...\n{tail}")
    tap.report(used < (16 << 20), "bios/big-sparse",
               f"{used} bytes allocated for a {BIG_BYTES}-byte image")
    # The trace: wireboot's own MBR read (02h), the loader's 42h, the
    # probe's 64-bit reads, write and failed read, and 48h.
    trace = [
        "INT13 AH=02 DL=80 LBA=0 N=1 -> CF=0 AH=00",
        "INT13 AH=42 DL=80 LBA=1 N=2 -> CF=0 AH=00",
        "INT13 AH=15 DL=80 -> CF=0 AH=03",
        "INT13 AH=48 DL=80 -> CF=0 AH=00",
        f"INT13 AH=42 DL=80 LBA={HIGH_LBA} N=2 -> CF=0 AH=00",
        f"INT13 AH=42 DL=80 LBA={BIG_BLOCKS - 1} N=1 -> CF=0 AH=00",
        f"INT13 AH=42 DL=80 LBA={BIG_BLOCKS} N=1 -> CF=1 AH=01",
        f"INT13 AH=43 DL=80 LBA={HIGH_LBA + 2} N=1 -> CF=0 AH=00",
    ]
    lines = [line.strip() for line in out.splitlines()]
    positions = [lines.index(t) if t in lines else -1 for t in trace]
    tap.report(done is not None and -1 not in positions and positions == sorted(positions),
               "bios/trace-int13",
               f"missing or out of order: {[t for t, p in zip(trace, positions) if p < 0]}"
               f"\n{tail}")
    for line in lines:
        if line.startswith("INT13 "):
            print("# " + line)


def main():
    tmpdir = tempfile.mkdtemp(prefix="wireboot-iscsi-")
    try:
        test_hosted(tmpdir)
        test_hosted_garbage(tmpdir)
        test_pcbios(tmpdir)
        test_pcbios_writes(tmpdir)
        test_pcbios_big(tmpdir)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    return 1 if tap.failures else 0


if __name__ == "__main__":
    sys.exit(main())
