"""A Linux test guest that reports back on COM1: the Debian kernel
(linux-image-amd64 and its versioned package, fetched with apt-get download
into build/linux-guest/, never installed) and a busybox-static initramfs
whose /init mounts proc and sysfs, prints a marker line and /proc/cmdline,
optionally (kernel argument "ibft=1") loads the iBFT modules, says
whether the iBFT is an ACPI table and prints every file under
/sys/firmware/ibft, prints any /extra/*.txt files (added
by a second initrd), then powers off.

    guest = linux_guest.build()          # or None when it cannot be made
    guest.vmlinuz, guest.initrd          # paths
    linux_guest.extra_initrd(path, {"extra/hello.txt": b"..."})

Kernel arguments for the guest: linux_guest.KERNEL_ARGS.
"""
import glob
import lzma
import os
import shutil
import stat
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
CACHE = os.path.join(ROOT, "build", "linux-guest")
BUSYBOX = "/bin/busybox"
MARKER = "WIREBOOT-LINUX-OK"
DONE = "WIREBOOT-LINUX-DONE"
KERNEL_ARGS = "console=ttyS0 panic=-1"
IBFT_MODULES = ("iscsi_boot_sysfs", "iscsi_ibft")

INIT = """#!/bin/busybox sh
/bin/busybox mkdir -p /proc /sys /dev
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev 2>/dev/null
exec >/dev/ttyS0 2>&1 </dev/null
echo
echo "%(marker)s"
echo "CMDLINE: $(/bin/busybox cat /proc/cmdline)"
for f in /extra/*.txt; do
  [ -f "$f" ] && echo "EXTRA $f: $(/bin/busybox cat $f)"
done
case " $(/bin/busybox cat /proc/cmdline) " in
*" ibft=1 "*)
  for m in %(modules)s; do /bin/busybox insmod /lib/modules/$m.ko && echo "INSMOD $m ok"; done
  [ -e /sys/firmware/acpi/tables/iBFT ] && echo "ACPI-TABLE iBFT present"
  for f in $(/bin/busybox find /sys/firmware/ibft -type f 2>/dev/null); do
    echo "IBFT $f: $(/bin/busybox cat $f 2>/dev/null)"
  done
  ;;
esac
echo "%(done)s"
echo
/bin/busybox sleep 1
/bin/busybox poweroff -f
"""


class Guest:
    """Paths of a built guest."""

    def __init__(self, vmlinuz, initrd, version):
        self.vmlinuz = vmlinuz
        self.initrd = initrd
        self.version = version


def _run(argv, cwd=None):
    subprocess.run(argv, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE)


def _download(debs):
    """Fetch linux-image-amd64 and the versioned kernel package into DEBS."""
    os.makedirs(debs, exist_ok=True)
    if not glob.glob(os.path.join(debs, "linux-image-amd64_*.deb")):
        _run(["apt-get", "download", "linux-image-amd64"], cwd=debs)
    if glob.glob(os.path.join(debs, "linux-image-[0-9]*.deb")):
        return
    meta = glob.glob(os.path.join(debs, "linux-image-amd64_*.deb"))[0]
    depends = subprocess.run(["dpkg-deb", "-f", meta, "Depends"], check=True,
                             capture_output=True, text=True).stdout
    for dep in depends.split(","):
        name = dep.strip().split()[0]
        if name.startswith("linux-image-") and name[12:13].isdigit():
            _run(["apt-get", "download", name], cwd=debs)
            return
    raise RuntimeError("no versioned kernel package in " + depends)


def _extract(debs, tree):
    """dpkg -x the versioned kernel package into TREE (once)."""
    if os.path.isdir(os.path.join(tree, "boot")):
        return
    tmp = tree + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    deb = glob.glob(os.path.join(debs, "linux-image-[0-9]*.deb"))[0]
    _run(["dpkg", "-x", deb, tmp])
    os.rename(tmp, tree)


def _module(tree, name):
    """The bytes of kernel module NAME (decompressed if it is .ko.xz)."""
    for path in glob.glob(os.path.join(tree, "lib", "modules", "*", "**",
                                       name + ".ko*"), recursive=True):
        with open(path, "rb") as f:
            data = f.read()
        return lzma.decompress(data) if path.endswith(".xz") else data
    raise RuntimeError(f"module {name} not found")


def cpio_newc(entries):
    """A cpio "newc" archive of ENTRIES: (path, mode, data or None for a
    directory, or a str symlink target)."""
    out = bytearray()
    ino = 1000

    def add(name, mode, body):
        nonlocal ino
        ino += 1
        raw = name.encode() + b"\0"
        fields = [ino, mode, 0, 0, 1, 0, len(body), 0, 0, 0, 0, len(raw), 0]
        out.extend(b"070701" + b"".join(b"%08X" % v for v in fields))
        out.extend(raw)
        out.extend(b"\0" * (-len(out) % 4))
        out.extend(body)
        out.extend(b"\0" * (-len(out) % 4))

    for path, mode, data in entries:
        if data is None:
            add(path, stat.S_IFDIR | mode, b"")
        elif isinstance(data, str):
            add(path, stat.S_IFLNK | 0o777, data.encode())
        else:
            add(path, stat.S_IFREG | mode, data)
    add("TRAILER!!!", 0, b"")
    out.extend(b"\0" * (-len(out) % 512))
    return bytes(out)


def extra_initrd(path, files):
    """Write a cpio archive of FILES ({path: bytes}) with their directories."""
    entries = []
    dirs = set()
    for name in sorted(files):
        parts = name.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            d = "/".join(parts[:i])
            if d not in dirs:
                dirs.add(d)
                entries.append((d, 0o755, None))
        entries.append((name, 0o644, files[name]))
    with open(path, "wb") as f:
        f.write(cpio_newc(entries))


def _initramfs(tree, path):
    """The busybox initramfs with /init and the iBFT modules."""
    with open(BUSYBOX, "rb") as f:
        busybox = f.read()
    init = INIT % {"marker": MARKER, "done": DONE,
                   "modules": " ".join(IBFT_MODULES)}
    entries = [("bin", 0o755, None), ("dev", 0o755, None),
               ("proc", 0o755, None), ("sys", 0o755, None),
               ("extra", 0o755, None), ("lib", 0o755, None),
               ("lib/modules", 0o755, None),
               ("bin/busybox", 0o755, busybox),
               ("bin/sh", 0o777, "busybox"),
               ("init", 0o755, init.encode())]
    for name in IBFT_MODULES:
        entries.append((f"lib/modules/{name}.ko", 0o644, _module(tree, name)))
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(cpio_newc(entries))
    os.rename(tmp, path)


def unavailable():
    """Why the guest cannot be built here, or None."""
    for tool in ("apt-get", "dpkg", "dpkg-deb"):
        if not shutil.which(tool):
            return f"{tool} not found"
    if not os.path.exists(BUSYBOX):
        return "busybox-static not installed"
    return None


def build():
    """Build (or reuse) the guest; returns a Guest."""
    debs = os.path.join(CACHE, "debs")
    tree = os.path.join(CACHE, "tree")
    _download(debs)
    _extract(debs, tree)
    vmlinuz = sorted(glob.glob(os.path.join(tree, "boot", "vmlinuz-*")))[-1]
    version = os.path.basename(vmlinuz)[len("vmlinuz-"):]
    initrd = os.path.join(CACHE, "initrd.img")
    if (not os.path.exists(initrd) or
            os.path.getmtime(initrd) < os.path.getmtime(__file__)):
        _initramfs(tree, initrd)
    return Guest(vmlinuz, initrd, version)


if __name__ == "__main__":
    guest = build()
    print(guest.vmlinuz, guest.initrd, guest.version)
    with tempfile.TemporaryDirectory() as scratch:
        extra_initrd(os.path.join(scratch, "x.cpio"), {"extra/a.txt": b"a"})
