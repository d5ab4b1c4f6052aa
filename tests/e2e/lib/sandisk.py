"""Disk images and QEMU runs shared by the SAN boot tests (AoE, iSCSI,
HTTP): a BIOS-bootable syslinux disk built without loop devices, an
isolinux ISO image, and QEMU started inside a network namespace with an
e1000 on the namespace's tap0.

    disk = sandisk.syslinux_disk(tmpdir, [vmlinuz, initrd], cfg_text, "linux")
    iso = sandisk.isolinux_iso(tmpdir, cfg_text, [lkrn, script])
    with sandisk.ns_qemu(ns, tmpdir, ["-kernel", lkrn, "-initrd", script]) as vm:
        vm.expect(...)
"""
import os
import shutil
import subprocess

import qemu

MAC = "52:54:00:12:34:56"
SYSLINUX_MBR = "/usr/lib/syslinux/mbr/mbr.bin"
ISOLINUX_BIN = "/usr/lib/ISOLINUX/isolinux.bin"
LDLINUX_C32 = "/usr/lib/syslinux/modules/bios/ldlinux.c32"
TOOLS = ("syslinux", "mkfs.fat", "mcopy", "sfdisk")


def run(*argv, **kwargs):
    return subprocess.run(argv, check=True, capture_output=True, **kwargs)


def syslinux_disk(tmpdir, files, cfg_text, name="syslinux", size_mb=32):
    """A SIZE_MB disk: syslinux's MBR, one active FAT16 partition at LBA
    2048 holding syslinux, syslinux.cfg (CFG_TEXT) and FILES (host paths)."""
    disk = os.path.join(tmpdir, f"{name}.img")
    part = os.path.join(tmpdir, f"{name}-part.img")
    with open(disk, "wb") as f:
        f.truncate(size_mb << 20)
    run("sfdisk", "-q", disk, input=b"2048,,6,*\n")
    with open(part, "wb") as f:
        f.truncate((size_mb << 20) - (2048 * 512))
    run("mkfs.fat", "-F", "16", "-h", "2048", part)
    cfg = os.path.join(tmpdir, f"{name}-syslinux.cfg")
    with open(cfg, "w") as f:
        f.write(cfg_text)
    run("mcopy", "-i", part, cfg, "::/syslinux.cfg")
    if files:
        run("mcopy", "-i", part, *files, "::/")
    run("syslinux", "--install", part)
    with open(part, "rb") as src, open(disk, "r+b") as dst:
        dst.seek(2048 * 512)
        shutil.copyfileobj(src, dst)
        with open(SYSLINUX_MBR, "rb") as mbr:
            dst.seek(0)
            dst.write(mbr.read()[:440])
    os.unlink(part)
    return disk


def isolinux_iso(tmpdir, cfg_text, files=(), name="isolinux"):
    """An El Torito no-emulation CD: isolinux with CFG_TEXT and FILES
    (host paths, copied to the root)."""
    root = os.path.join(tmpdir, f"{name}-root")
    os.makedirs(os.path.join(root, "isolinux"))
    shutil.copy(ISOLINUX_BIN, os.path.join(root, "isolinux"))
    shutil.copy(LDLINUX_C32, os.path.join(root, "isolinux"))
    for path in files:
        shutil.copy(path, root)
    with open(os.path.join(root, "isolinux", "isolinux.cfg"), "w") as f:
        f.write(cfg_text)
    iso = os.path.join(tmpdir, f"{name}.iso")
    run("xorriso", "-as", "mkisofs", "-quiet", "-o", iso,
        "-b", "isolinux/isolinux.bin", "-c", "isolinux/boot.cat",
        "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table", root)
    shutil.rmtree(root, ignore_errors=True)
    return iso


def ns_qemu(ns, tmpdir, args, timeout=120, memory="256M", mac=MAC,
            nic="e1000"):
    """QEMU inside namespace NS with a NIC (QEMU device NIC, no option
    ROM) on its tap0."""
    with qemu.in_netns(ns.name, tmpdir):
        return qemu.Qemu(list(args) +
                         ["-netdev", "tap,id=n0,ifname=tap0,script=no,downscript=no",
                          "-device", f"{nic},netdev=n0,mac={mac},romfile="],
                         timeout=timeout, memory=memory)


def add_tap(ns, address=None):
    """A tap0 in NS for QEMU, up, with ADDRESS (e.g. "10.78.0.1/24") if
    given."""
    ns.run("ip", "tuntap", "add", "dev", "tap0", "mode", "tap")
    if address:
        ns.run("ip", "addr", "add", address, "dev", "tap0")
    ns.run("ip", "link", "set", "tap0", "up")
