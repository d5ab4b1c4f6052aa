#!/usr/bin/env python3
"""SAN boot over AoE end to end.

pcbios: QEMU (TCG, SeaBIOS) boots bin/wireboot.lkrn with an -initrd script
that runs "sanboot aoe:e3.7" on an e1000 tap inside a private namespace,
where vblade exports a disk whose boot sector is tests/e2e/asm/san_mbr.asm
(assembled here with nasm).  That probe prints what INT 13h reports; the
test checks every line, takes vblade away while the probe waits and
brings it back (the read must carry on), and finally checks on the host
that the sectors the probe wrote reached the disk image.  Then: a BIOS
disk moved aside to 81h, a target nobody serves, syslinux and isolinux
loading wireboot.lkrn from the SAN drive, and Debian's kernel reporting
the SAN disk in /sys/firmware/edd.

hosted: bin-linux/wireboot-asan on one end of a veth pair, vblade on the
other: "sanhook aoe:e3.7" must find the capacity; a target nobody serves
must fail with a clear error in bounded time; sanunhook; sanboot reports
that the hosted platform cannot boot.

Prints TAP lines "ok - san/..."; needs root, qemu, vblade and nasm.
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
from netns import Namespace, skip_reason, WIREBOOT  # noqa: E402
import qemu  # noqa: E402
import sandisk  # noqa: E402
# test_autoboot.py uses ns_qemu through this module too.
from sandisk import ns_qemu  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LKRN = os.path.join(ROOT, "bin", "wireboot.lkrn")
ASM = os.path.join(ROOT, "tests", "e2e", "asm", "san_mbr.asm")
SECTORS = 16384            # an 8 MiB disk
STAGE2_LBA = 32

tap = Tap("san")


def pattern_sector(lba):
    """The test pattern: dword o of sector LBA is LBA << 8 | o."""
    return struct.pack("<128I", *(((lba << 8) | o) & 0xffffffff for o in range(128)))


def make_disk(path, mbr):
    """An 8 MiB disk: the probe's loader at LBA 0, the probe at LBA 32,
    the pattern everywhere else."""
    with open(path, "wb") as f:
        for lba in range(SECTORS):
            if lba == 0:
                f.write(mbr[:512])
            elif STAGE2_LBA <= lba < STAGE2_LBA + (len(mbr) - 512) // 512:
                off = 512 + (lba - STAGE2_LBA) * 512
                f.write(mbr[off:off + 512])
            else:
                f.write(pattern_sector(lba))


def build_probe(tmpdir):
    out = os.path.join(tmpdir, "san_mbr.bin")
    subprocess.run(["nasm", "-f", "bin", "-o", out, ASM], check=True,
                   capture_output=True)
    with open(out, "rb") as f:
        return f.read()


def start_vblade(ns, iface, disk, shelf=3, slot=7):
    return ns.start(["vblade", str(shelf), str(slot), iface, disk],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def expect(vm, name, pattern, timeout=20):
    """Report whether PATTERN appears next in the guest's output."""
    match = vm.expect(pattern, timeout)
    tap.report(match is not None, name,
               f"wanted /{pattern}/; output:\n{vm.output[-3000:]}")
    return match


def test_pcbios(tmpdir):
    reason = qemu.available() or skip_reason(binary=LKRN, tools=("ip", "vblade", "nasm"))
    names = ["bios/attach", "bios/edd41", "bios/geometry", "bios/type",
             "bios/edd48", "bios/chs-read", "bios/edd-read", "bios/edd-read-many",
             "bios/edd-read-end", "bios/write", "bios/errors", "bios/no-drive81",
             "bios/outage",
             "bios/abft", "bios/done", "bios/disk-written"]
    if reason:
        for name in names:
            tap.skip(name, reason)
        return
    mbr = build_probe(tmpdir)
    disk = os.path.join(tmpdir, "disk.img")
    make_disk(disk, mbr)
    script = os.path.join(tmpdir, "boot.ipxe")
    with open(script, "w") as f:
        f.write("#!ipxe\nifopen net0\nsanboot aoe:e3.7\necho SANBOOT-FAILED\n")
    with Namespace("san") as ns:
        sandisk.add_tap(ns)
        vblade = start_vblade(ns, "tap0", disk)
        vm = ns_qemu(ns, tmpdir, ["-kernel", LKRN, "-initrd", script])
        with vm:
            started = time.monotonic()
            expect(vm, "bios/attach", r"SANMBR START DL=80", 60)
            expect(vm, "bios/edd41", r"EDD41 CF=0 AH=30 BX=AA55 CX=000D")
            # 16 heads x 32 sectors from the partition table: 32 cylinders.
            expect(vm, "bios/geometry",
                   r"GEO CF=0 MAXCYL=001F HEADS=0F SPT=20 NDRV=01 BDA=01")
            expect(vm, "bios/type", r"TYPE CF=0 AH=03 SIZE=00004000")
            expect(vm, "bios/edd48",
                   r"EDD48 CF=0 SIZE=004A FLAGS=0003 SECTORS=00004000 BPS=0200 "
                   r"KEY=BEDD DPILEN=2C BUS=PCI  IF=ATA      PCI=000300 SUM=00")
            expect(vm, "bios/chs-read", r"CHSREAD CF=0 DATA=OK")
            expect(vm, "bios/edd-read", r"EDDREAD LBA=00000005 N=03 CF=0 DATA=OK")
            expect(vm, "bios/edd-read-many", r"EDDREAD LBA=000003E8 N=28 CF=0 DATA=OK")
            expect(vm, "bios/edd-read-end", r"EDDREAD LBA=00003FFD N=03 CF=0 DATA=OK")
            expect(vm, "bios/write", r"EDDWRITE CF=0 READBACK=OK")
            expect(vm, "bios/errors", r"NEG S0 CF=1 AH=01 4B01 CF=1 DAP8 CF=1 AH=01")
            expect(vm, "bios/no-drive81", r"DRIVE81 CF=1 SIG=00000000")
            paused = vm.expect(r"PAUSE", 20)
            outage = None
            waited = 0
            if paused:
                # Take the target away while the probe waits (about 1 s
                # before its next read), bring it back 3 s later: the read
                # must wait for it and then return the right data.
                ns.stop(vblade)
                killed = time.monotonic()
                time.sleep(3)
                vblade = start_vblade(ns, "tap0", disk)
                outage = vm.expect(r"EDDREAD LBA=000007D0 N=10 CF=0 DATA=OK", 40)
                waited = time.monotonic() - killed
            tap.report(outage is not None and waited > 2.5, "bios/outage",
                       f"read done {waited:.1f}s after the target went\n"
                       f"{vm.output[-2000:]}")
            mac = sandisk.MAC.replace(":", "").upper()
            expect(vm, "bios/abft",
                   rf"ABFT AT=[0-9A-F]{{5}} LEN=0000002E REV=01 SHELF=0003 "
                   rf"SLOT=07 MAC={mac} SUM=00")
            done = expect(vm, "bios/done", r"DONE")
            if done:
                print(f"# SAN boot probe finished in {time.monotonic() - started:.1f}s",
                      flush=True)
        ns.stop(vblade)
    with open(disk, "rb") as f:
        f.seek(100 * 512)
        written = f.read(3 * 512)
    want = struct.pack("<384I", *(0x57000000 + i for i in range(384)))
    tap.report(written == want, "bios/disk-written",
               "sectors 100-102 of disk.img do not hold what the probe wrote")


INNER_SCRIPT = "#!ipxe\necho INNER-WIREBOOT-OK\npoweroff\n"
LOADER_CFG = ("SERIAL 0 115200\nDEFAULT wb\nPROMPT 0\nTIMEOUT 0\n"
              "LABEL wb\n  LINUX wireboot.lkrn\n  INITRD inner.ipxe\n")


def inner_script(tmpdir):
    """Write inner.ipxe, the script the loaders hand wireboot.lkrn, into
    TMPDIR; the files a loader's disk needs: [wireboot.lkrn, inner.ipxe]."""
    inner = os.path.join(tmpdir, "inner.ipxe")
    with open(inner, "w") as f:
        f.write(INNER_SCRIPT)
    return [LKRN, inner]


def boot_loader(ns, tmpdir, image, name, sanboot="sanboot aoe:e3.7",
                marker=r"INNER-WIREBOOT-OK", memory="256M"):
    """sanboot IMAGE served by vblade; (True if MARKER appeared and the
    guest powered off, the output)."""
    vblade = start_vblade(ns, "tap0", image)
    script = os.path.join(tmpdir, f"{name}.ipxe")
    with open(script, "w") as f:
        f.write(f"#!ipxe\nifopen net0\n{sanboot}\necho SANBOOT-FAILED\n")
    try:
        with ns_qemu(ns, tmpdir, ["-kernel", LKRN, "-initrd", script],
                     memory=memory) as vm:
            started = time.monotonic()
            match = vm.expect(marker, 90)
            if match:
                print(f"# {name}: marker after {time.monotonic() - started:.1f}s",
                      flush=True)
            status = vm.wait(30) if match else None
            return match is not None and status == 0, vm.output
    finally:
        ns.stop(vblade)


def test_loaders(tmpdir):
    """Real loaders over the SAN drive: syslinux from a FAT disk, isolinux
    from an ISO image (2048-byte blocks, El Torito), each loading
    wireboot.lkrn whose script prints a marker and powers off."""
    names = ["loader/syslinux-disk", "loader/isolinux-cd"]
    reason = qemu.available() or skip_reason(
        binary=LKRN, tools=("ip", "vblade", "syslinux", "mkfs.fat", "mcopy",
                            "sfdisk", "xorriso"))
    if not reason and not os.path.exists("/usr/lib/ISOLINUX/isolinux.bin"):
        reason = "isolinux not installed"
    if reason:
        for name in names:
            tap.skip(name, reason)
        return
    files = inner_script(tmpdir)
    disk = sandisk.syslinux_disk(tmpdir, files, LOADER_CFG)
    iso = sandisk.isolinux_iso(tmpdir, LOADER_CFG.replace(
        "wireboot.lkrn", "/wireboot.lkrn").replace("inner.ipxe", "/inner.ipxe"),
        files)
    with Namespace("sanl") as ns:
        sandisk.add_tap(ns)
        passed, out = boot_loader(ns, tmpdir, disk, "syslinux")
        tap.report(passed, "loader/syslinux-disk", out[-3000:])
        passed, out = boot_loader(ns, tmpdir, iso, "isolinux")
        tap.report(passed, "loader/isolinux-cd", out[-3000:])


def test_pcbios_local_disk(tmpdir):
    """With a BIOS disk at 80h, the SAN drive takes 80h and the BIOS disk
    moves to 81h, still reachable through the chained handler.  First a
    target nobody serves must fail with a clear error in bounded time."""
    names = ["swap/no-target", "swap/attach", "swap/geometry", "swap/drive81",
             "swap/done"]
    reason = qemu.available() or skip_reason(binary=LKRN, tools=("ip", "vblade", "nasm"))
    if reason:
        for name in names:
            tap.skip(name, reason)
        return
    disk = os.path.join(tmpdir, "swap.img")
    make_disk(disk, build_probe(tmpdir))
    local = os.path.join(tmpdir, "local.img")
    with open(local, "wb") as f:
        f.write(bytes(0x1b8) + struct.pack("<I", 0x4C4F4341) +
                bytes(510 - 0x1bc) + b"\x55\xaa")
        f.truncate(1 << 20)
    script = os.path.join(tmpdir, "swap.ipxe")
    with open(script, "w") as f:
        f.write("#!ipxe\nifopen net0\n"
                "sanboot aoe:e9.9 || echo NO-TARGET-FAILED\n"
                "sanboot aoe:e3.7\necho SANBOOT-FAILED\n")
    with Namespace("sans") as ns:
        sandisk.add_tap(ns)
        vblade = start_vblade(ns, "tap0", disk)
        with ns_qemu(ns, tmpdir, ["-kernel", LKRN, "-initrd", script, "-drive",
                                  f"file={local},format=raw,if=ide"]) as vm:
            started = time.monotonic()
            failed = vm.expect(r"Connection timed out \(san\)\s+NO-TARGET-FAILED", 40)
            tap.report(failed is not None and time.monotonic() - started < 30,
                       "swap/no-target", vm.output[-2000:])
            expect(vm, "swap/attach", r"SANMBR START DL=80", 60)
            expect(vm, "swap/geometry",
                   r"GEO CF=0 MAXCYL=001F HEADS=0F SPT=20 NDRV=02 BDA=02")
            expect(vm, "swap/drive81", r"DRIVE81 CF=0 SIG=4C4F4341")
            expect(vm, "swap/done", r"DONE", 30)
        ns.stop(vblade)


EDD_INIT = """#!/bin/busybox sh
/bin/busybox mkdir -p /proc /sys /dev
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
exec >/dev/ttyS0 2>&1 </dev/null
/bin/busybox insmod /edd.ko
for f in sectors mbr_signature host_bus interface extensions; do
  echo "EDD80 $f: $(/bin/busybox cat /sys/firmware/edd/int13_dev80/$f)"
done
echo EDD-REPORT-DONE
/bin/busybox poweroff -f
"""


def test_linux_edd(tmpdir):
    """Debian's kernel booted by syslinux from the SAN disk: its real-mode
    EDD probe (41h, 48h, 08h, 02h) must give /sys/firmware/edd/int13_dev80
    the disk's size, MBR signature, and the PCI and ATA device path."""
    name = "linux/edd"
    sys.path.insert(0, os.path.join(ROOT, "tests", "e2e", "lib"))
    import linux_guest
    reason = (qemu.available() or linux_guest.unavailable() or
              skip_reason(binary=LKRN, tools=("ip", "vblade", "syslinux",
                                              "mkfs.fat", "mcopy", "sfdisk")))
    if reason:
        tap.skip(name, reason)
        return
    try:
        guest = linux_guest.build()
        edd = [p for p in linux_guest.glob.glob(os.path.join(
            linux_guest.CACHE, "tree", "lib", "modules", guest.version, "**",
            "edd.ko*"), recursive=True)]
    except Exception as err:  # no kernel package reachable
        tap.skip(name, f"no Linux guest: {err}")
        return
    if not edd or edd[0].endswith(".xz"):
        tap.skip(name, "edd.ko not found")
        return
    with open("/bin/busybox", "rb") as f:
        busybox = f.read()
    with open(edd[0], "rb") as f:
        edd_ko = f.read()
    initrd = os.path.join(tmpdir, "initrd.img")
    with open(initrd, "wb") as f:
        f.write(linux_guest.cpio_newc([
            ("bin", 0o755, None), ("proc", 0o755, None), ("sys", 0o755, None),
            ("dev", 0o755, None),
            ("bin/busybox", 0o755, busybox), ("edd.ko", 0o644, edd_ko),
            ("init", 0o755, EDD_INIT.encode())]))
    vmlinuz = os.path.join(tmpdir, "vmlinuz")
    shutil.copy(guest.vmlinuz, vmlinuz)
    cfg = ("SERIAL 0 115200\nDEFAULT linux\nPROMPT 0\nTIMEOUT 0\n"
           "LABEL linux\n  LINUX vmlinuz\n  INITRD initrd.img\n"
           f"  APPEND {linux_guest.KERNEL_ARGS} edd=on\n")
    disk = sandisk.syslinux_disk(tmpdir, [vmlinuz, initrd], cfg, "linux")
    with open(disk, "rb") as f:
        f.seek(0x1b8)
        signature = struct.unpack("<I", f.read(4))[0]
    with Namespace("sanx") as ns:
        sandisk.add_tap(ns)
        passed, out = boot_loader(ns, tmpdir, disk, "linux", marker=r"EDD-REPORT-DONE",
                                  memory="1G")
    want = [r"EDD80 sectors: 65536", rf"EDD80 mbr_signature: 0x{signature:08x}",
            r"EDD80 host_bus: PCI\s+00:03\.0", r"EDD80 interface: ATA\s+device: 0"]
    missing = [w for w in want if not re.search(w, out)]
    for line in out.splitlines():
        if line.startswith("EDD80"):
            print("# " + line.rstrip())
    tap.report(passed and not missing, name,
               f"missing {missing}\n{out[-3000:]}")


def hosted_run(ns, script, timeout=60):
    wb = ns.wireboot(script, netdevs=("packet:wbnet0",))
    status = wb.finish(timeout)
    return status, wb.output()


def test_hosted(tmpdir):
    reason = skip_reason(tools=("ip", "vblade", "ethtool"))
    names = ["hosted/sanhook", "hosted/sanunhook", "hosted/iso-detect",
             "hosted/exit-attached",
             "hosted/no-target",
             "hosted/sanboot-unsupported", "hosted/bad-uri"]
    if reason:
        for name in names:
            tap.skip(name, reason)
        return
    disk = os.path.join(tmpdir, "hosted.img")
    with open(disk, "wb") as f:
        for lba in range(SECTORS):
            f.write(pattern_sector(lba))
    with Namespace("sanh") as ns:
        link = ns.veth(peer_addr=None)
        vblade = start_vblade(ns, link.peer, disk)
        status, out = hosted_run(ns, "ifopen net0\n"
                                 "sanhook aoe:e3.7 && echo HOOKED\n"
                                 "sanunhook && echo UNHOOKED\n"
                                 "sanunhook || echo UNHOOK-AGAIN-FAILED\n")
        tap.report("SAN drive 0x80: 16384 blocks of 512 bytes (8 MiB)" in out
                   and "HOOKED" in out, "hosted/sanhook", out)
        tap.report("UNHOOKED" in out and "UNHOOK-AGAIN-FAILED" in out,
                   "hosted/sanunhook", out)
        iso = os.path.join(tmpdir, "hosted-iso.img")
        shutil.copy(disk, iso)
        with open(iso, "r+b") as f:
            f.seek(32768)
            f.write(b"\x01CD001\x01")
        vblade_iso = start_vblade(ns, link.peer, iso, slot=8)
        status, out = hosted_run(ns, "ifopen net0\nsanhook --drive 0x81 aoe:e3.8\n")
        tap.report("SAN drive 0x81: 4096 blocks of 2048 bytes (8 MiB), CD image"
                   in out, "hosted/iso-detect", out)
        ns.stop(vblade_iso)
        status, out = hosted_run(ns, "ifopen net0\nsanhook --drive 0x82 aoe:e3.7\n")
        tap.report(status == 0 and "Sanitizer" not in out and
                   "SAN drive 0x82" in out, "hosted/exit-attached",
                   f"status {status}\n{out}")
        start = time.monotonic()
        status, out = hosted_run(ns, "ifopen net0\nset san-retries 1\n"
                                 "sanhook --drive 0x81 aoe:e9.9 || echo NO-TARGET\n")
        elapsed = time.monotonic() - start
        tap.report("NO-TARGET" in out and "timed out" in out and elapsed < 30,
                   "hosted/no-target", f"{elapsed:.1f}s\n{out}")
        status, out = hosted_run(ns, "ifopen net0\n"
                                 "sanboot aoe:e3.7 || echo BOOT-FAILED\n")
        tap.report("cannot boot from SAN on this platform" in out
                   and "BOOT-FAILED" in out, "hosted/sanboot-unsupported", out)
        status, out = hosted_run(ns, "ifopen net0\n"
                                 "sanhook aoe:x3.7 || echo BAD-URI\n"
                                 "sanhook nosuch:e3.7 || echo BAD-SCHEME\n")
        tap.report("BAD-URI" in out and "BAD-SCHEME" in out, "hosted/bad-uri", out)
        ns.stop(vblade)


def main():
    tmpdir = tempfile.mkdtemp(prefix="wireboot-san-")
    try:
        test_hosted(tmpdir)
        test_pcbios(tmpdir)
        test_pcbios_local_disk(tmpdir)
        test_loaders(tmpdir)
        test_linux_edd(tmpdir)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    return 1 if tap.failures else 0


if __name__ == "__main__":
    sys.exit(main())
