#!/usr/bin/env python3
"""PXE NBPs through wireboot's PXE 2.1 API (bin/wireboot.lkrn under QEMU,
SeaBIOS, TCG, e1000).

  probe        T1d: tests/e2e/asm/pxe_probe.asm (user networking) checks
               both structures and checksums, INT 1Ah 5650h, GET_CACHED_INFO
               types 0/4 (Status 3), 1 and 2 (BufferSize 0: our buffer),
               opcode 1234h on both entries, UDP_READ with nothing queued;
               STOP_UNDI with nothing else hooked succeeds; the probe then
               returns, and the script's DHCP and a TFTP download work (the
               NIC was probed again)
  probe-san    the same probe with an AoE drive hooked (vblade): STOP_UNDI
               answers KEEP_UNDI (4), the probe returns, the script goes
               on and DHCP works again on the NIC
  pxelinux     T1a: DHCP (dnsmasq, in a private namespace on a tap) gives
               pxelinux.0; with QEMU -uuid the dnsmasq TFTP log shows the
               UUID config name in wire order, then 01-<mac>; the Linux
               guest boots
  rom-pxelinux T1a from the option ROM: bin/8086100e.rom (romfile=, bootindex=0,
               SeaBIOS) autoboots pxelinux.0 from dnsmasq; the Linux guest
               boots
  pxelinux-http T1b: pxelinux.0 with KERNEL/INITRD http://: fetched through
               the FILE extensions (the HTTP server sees the requests)
  lpxelinux    T1b: lpxelinux.0 with an http:// kernel: its own TCP/IP over
               the UNDI calls
  undionly     T1b: Debian iPXE's undionly.kpxe does its own DHCP over the
               UNDI calls (read from the VGA screen), then unloads us
               (STOP_UNDI) and returns: DHCP works again
  grub         GRUB core.0 (grub-mknetdir) echoes $net_pxe_ip/$net_pxe_mac,
               then boots the Linux guest from (tftp) over the UNDI calls
  pxechn       T1c: pxechn.c32 -r restarts into the probe (RESTART_TFTP),
               which returns (KEEP_UNDI: an AoE drive is hooked): the
               firmware's script goes on
  winpaths     tests/e2e/asm/pxe_winpath.asm against tftpd-hpa (no remap
               file): "\\boot\\startrom.n12" (TFTP_OPEN/READ) and
               "\\boot\\startrom.n12\\boot\\ntldr" (TFTP_READ_FILE) reach the
               server (its -vvv syslog lines, caught on a /dev/log socket
               bound in its mount namespace) as /boot/startrom.n12 and
               /boot/ntldr with ${pxe-winpaths} on, and the contents
               arrive; with it off, the server sees the backslashes and
               answers "File not found"
The probe also reads itself with TFTP_GET_FSIZE, TFTP_OPEN (PacketSize
100, raised to 512)/TFTP_READ/TFTP_CLOSE and TFTP_READ_FILE of
"probe.0dir\\probe.0" (the previous name glued in front, as Windows 2000
loaders do) to 2 MiB: found with ${pxe-winpaths} set (probe), not found
without (probe-san: off by default).
PXE_ONLY=probe,grub,... runs only those parts.

Prints TAP lines "ok - pxe/..."; needs root, qemu, nasm, dnsmasq, vblade
(and in.tftpd for winpaths, grub-pc-bin for grub).
"""
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "lib"))
from tap import Tap  # noqa: E402
from netns import Namespace, skip_reason  # noqa: E402
import qemu  # noqa: E402
import sandisk  # noqa: E402
import linux_guest  # noqa: E402

LKRN = os.environ.get("WIREBOOT_LKRN", os.path.join(ROOT, "bin", "wireboot.lkrn"))
PROBE_ASM = os.path.join(HERE, "asm", "pxe_probe.asm")
WINPATH_ASM = os.path.join(HERE, "asm", "pxe_winpath.asm")
ROM = os.path.join(ROOT, "bin", "8086100e.rom")
PXELINUX_DIR = "/usr/lib/PXELINUX"
BIOS_MODULES = "/usr/lib/syslinux/modules/bios"
UUID = "4c4c4544-0038-4610-8050-b4c04f4d4e31"
UUID_WIRE = "44454c4c-3800-1046-8050-b4c04f4d4e31"
SERVER = "10.79.0.1"
HTTP_PORT = 8080
PROBE_CHECKS = ("pxenv", "bang", "int1a", "cached0", "cached4", "cached2",
                "cached1", "badop-bang", "badop-pxenv", "udp-open",
                "udp-read-empty")

tap = Tap("pxe")


UNDIONLY = "/usr/lib/ipxe/undionly.kpxe"
GRUB_MODULES = "/usr/lib/grub/i386-pc"


def wanted(name):
    """PXE_ONLY=a,b (for debugging) runs only those parts."""
    only = os.environ.get("PXE_ONLY")
    return not only or name in only.split(",")


def nasm(source, out):
    subprocess.run(["nasm", "-f", "bin", "-o", out, source], check=True,
                   capture_output=True)


def build_probe(tftp_root):
    """Assemble the probe into TFTP_ROOT (and dir/ there); its size."""
    out = os.path.join(tftp_root, "probe.0")
    nasm(PROBE_ASM, out)
    os.makedirs(os.path.join(tftp_root, "dir"), exist_ok=True)
    shutil.copy(out, os.path.join(tftp_root, "dir"))
    return os.path.getsize(out)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def script(tmpdir, name, body):
    path = os.path.join(tmpdir, name)
    write(path, "#!ipxe\n" + body)
    return path


def check_probe(vm, prefix, size, winpaths):
    """Every probe check line, then its TFTP API calls on itself (SIZE
    bytes); TFTP_READ_FILE of "probe.0dir\\probe.0" works only with
    WINPATHS."""
    for check in PROBE_CHECKS:
        m = vm.expect(rf"PXEPROBE {check} (ok|FAIL)\r?\n", 30)
        tap.report(m is not None and m.group(1) == b"ok", f"{prefix}/{check}",
                   vm.output[-3000:])
    hexsize = f"{size:08x}"
    for name, want in (("tftp-fsize", f"status=0000 size={hexsize}"),
                       ("tftp-open", "status=0000 size=00000200"),
                       ("tftp-read", f"status=0000 size={hexsize}"),
                       ("tftp-read-file", f"status=0000 size={hexsize}"
                        if winpaths else "status=003b")):
        m = vm.expect(rf"PXEPROBE {name} (.*?)\r?\n", 30)
        got = m.group(1).decode() if m else ""
        tap.report(got.startswith(want), f"{prefix}/{name}",
                   f"want {want!r}, got {got!r}\n{vm.output[-2000:]}")


def test_probe(tmpdir):
    """T1d over user networking: nothing else hooked, STOP_UNDI succeeds
    and shuts wireboot down; the probe returns all the same, and the
    network works again."""
    root = os.path.join(tmpdir, "slirp")
    os.makedirs(root)
    size = build_probe(root)
    s = script(tmpdir, "probe.ipxe", "set pxe-winpaths 1\ndhcp net0\n"
               "chain tftp://10.0.2.2/probe.0\necho PROBE-RETURNED\n"
               "dhcp net0 && imgfetch --name again tftp://10.0.2.2/probe.0 && "
               "echo NIC-WORKS\nimgstat again\npoweroff\n")
    started = time.monotonic()
    with qemu.Qemu(["-kernel", LKRN, "-initrd", s,
                    "-netdev", f"user,id=n0,tftp={root}",
                    "-device", "e1000,netdev=n0,romfile="],
                   timeout=60, memory="512M") as vm:
        check_probe(vm, "probe", size, True)
        m = vm.expect(r"PXEPROBE stop-undi status=(\w+) ax=(\w+)\r?\n", 20)
        tap.report(m is not None and m.groups() == (b"0000", b"0000"),
                   "probe/stop-undi", vm.output[-2000:])
        tap.report(vm.expect("PROBE-RETURNED", 20) is not None,
                   "probe/returned-after-stop-undi", vm.output[-2000:])
        tap.report(vm.expect("NIC-WORKS", 30) is not None and
                   vm.expect(rf"again.*\b{size}\b", 10) is not None,
                   "probe/nic-works-after-stop-undi", vm.output[-2000:])
        status = vm.wait(20)
        tap.report(status == 0, "probe/powered-off",
                   f"status {status}\n{vm.output[-1000:]}")
    print(f"# probe: {time.monotonic() - started:.1f} s", flush=True)


def start_http(ns, root, log):
    """python's HTTP server inside NS (on SERVER:HTTP_PORT)."""
    return ns.start([sys.executable, "-m", "http.server", "--bind", SERVER,
                     "--directory", root, str(HTTP_PORT)],
                    ready_port=HTTP_PORT, stderr=open(log, "w"))


def test_undionly(tmpdir):
    """Debian iPXE's undionly.kpxe as an NBP does its own DHCP over our
    UNDI calls (it writes to the VGA screen only), then, with nothing to
    boot, unloads us (STOP_UNDI) and returns: the script goes on, and
    once wireboot has started again its DHCP works."""
    if not os.path.exists(UNDIONLY):
        tap.skip("undionly/dhcp", f"{UNDIONLY} not found")
        return
    root = os.path.join(tmpdir, "undionly")
    os.makedirs(root)
    shutil.copy(UNDIONLY, root)
    s = script(tmpdir, "undionly.ipxe",
               "dhcp net0\nchain tftp://10.0.2.2/undionly.kpxe || "
               "echo NBP-FAILED\necho NBP-RETURNED\nsleep 5\n"
               "dhcp net0 && echo NIC-WORKS\nsleep 30\n")
    started = time.monotonic()
    with qemu.Qemu(["-kernel", LKRN, "-initrd", s,
                    "-netdev", f"user,id=n0,tftp={root}",
                    "-device", "e1000,netdev=n0,romfile="],
                   timeout=90, memory="512M", monitor=True) as vm:
        back = vm.expect("NBP-RETURNED", 60) is not None
        screen = vm.read_memory(0xb8000, 80 * 25 * 2)[::2].decode("latin-1")
        lines = "\n".join(screen[i:i + 80].rstrip()
                          for i in range(0, len(screen), 80))
        ok = re.search(r"Configuring \(net0 52:54:00:12:34:56\)\.* ok", lines)
        tap.report(back and ok is not None, "undionly/dhcp",
                   lines + vm.output[-1000:])
        tap.report(vm.expect("NIC-WORKS", 30) is not None,
                   "undionly/nic-works-after-return", vm.output[-2000:])
    print(f"# undionly: {time.monotonic() - started:.1f} s", flush=True)


def test_grub(tmpdir, guest):
    """GRUB's core.0 (grub-mknetdir) runs over our UNDI calls, echoes
    what it learnt from GET_CACHED_INFO, and boots the Linux guest with
    linux/initrd from (tftp)."""
    if not shutil.which("grub-mknetdir") or not os.path.isdir(GRUB_MODULES):
        tap.skip("grub/net-pxe", "grub-pc-bin not installed")
        return
    root = os.path.join(tmpdir, "grub")
    subprocess.run(["grub-mknetdir", f"--net-directory={root}",
                    "--subdir=boot/grub", "-d", GRUB_MODULES], check=True,
                   capture_output=True)
    boot = "halt\n"
    if guest:
        shutil.copy(guest.vmlinuz, os.path.join(root, "vmlinuz"))
        shutil.copy(guest.initrd, os.path.join(root, "initrd.img"))
        boot = (f"linux (tftp)/vmlinuz {linux_guest.KERNEL_ARGS} grub=1\n"
                "initrd (tftp)/initrd.img\nboot\n")
    write(os.path.join(root, "boot", "grub", "grub.cfg"),
          "serial --unit=0 --speed=115200\nterminal_input serial\n"
          "terminal_output serial\n"
          "echo GRUB-PXE ip=$net_pxe_ip mac=$net_pxe_mac\n" + boot)
    s = script(tmpdir, "grub.ipxe", "dhcp net0\n"
               "chain tftp://10.0.2.2/boot/grub/i386-pc/core.0\n")
    started = time.monotonic()
    with qemu.Qemu(["-kernel", LKRN, "-initrd", s,
                    "-netdev", f"user,id=n0,tftp={root}",
                    "-device", "e1000,netdev=n0,romfile="],
                   timeout=240, memory="512M") as vm:
        m = vm.expect(r"GRUB-PXE ip=(\S*) mac=(\S*)\r?\n", 40)
        tap.report(m is not None and m.groups() ==
                   (b"10.0.2.15", b"52:54:00:12:34:56"), "grub/net-pxe",
                   vm.output[-2000:])
        if not guest:
            tap.skip("grub/linux", "no Linux guest")
        else:
            ok = (linux_ok(vm, 200) and
                  vm.expect(r"CMDLINE: .*\bgrub=1\b", 10) is not None)
            tap.report(ok, "grub/linux", vm.output[-3000:])
    print(f"# grub: {time.monotonic() - started:.1f} s", flush=True)


def dnsmasq_log_has(log, pattern):
    with open(log, errors="replace") as f:
        return re.search(pattern, f.read(), re.M)


def run_vm(ns, tmpdir, args, mac, timeout=120):
    return sandisk.ns_qemu(ns, tmpdir, args, timeout=timeout, memory="512M",
                           mac=mac)


def rom_qemu(ns, tmpdir, mac, timeout=150):
    """QEMU in NS booting from bin/8086100e.rom on an e1000 on tap0 (the
    only boot device, bootindex 0), under SeaBIOS."""
    with qemu.in_netns(ns.name, tmpdir):
        return qemu.Qemu(["-netdev", "tap,id=n0,ifname=tap0,script=no,downscript=no",
                          "-device", f"e1000,netdev=n0,mac={mac},romfile={ROM},"
                          "bootindex=0"], timeout=timeout, memory="512M")


def linux_ok(vm, timeout=90):
    return vm.expect(linux_guest.MARKER, timeout) is not None


def setup_tftp_root(root, guest):
    """pxelinux, its modules, the Linux guest and the probe; the probe's size."""
    os.makedirs(os.path.join(root, "pxelinux.cfg"), exist_ok=True)
    for name in ("pxelinux.0", "lpxelinux.0"):
        shutil.copy(os.path.join(PXELINUX_DIR, name), root)
    for name in ("ldlinux.c32", "pxechn.c32", "libcom32.c32", "libutil.c32"):
        shutil.copy(os.path.join(BIOS_MODULES, name), root)
    shutil.copy(guest.vmlinuz, os.path.join(root, "vmlinuz"))
    shutil.copy(guest.initrd, os.path.join(root, "initrd.img"))
    return build_probe(root)


def pxelinux_cfg(root, mac, body):
    name = "01-" + mac.replace(":", "-")
    write(os.path.join(root, "pxelinux.cfg", name),
          "SERIAL 0 115200\nPROMPT 0\nTIMEOUT 1\nDEFAULT x\nLABEL x\n" + body)


def kernel_cfg(prefix):
    return (f"  KERNEL {prefix}vmlinuz\n  INITRD {prefix}initrd.img\n"
            f"  APPEND {linux_guest.KERNEL_ARGS}\n")


def test_namespace(tmpdir, guest):
    root = os.path.join(tmpdir, "tftp")
    probe_size = setup_tftp_root(root, guest)
    log = os.path.join(tmpdir, "dnsmasq.log")
    disk = os.path.join(tmpdir, "disk.img")
    with open(disk, "wb") as f:
        f.truncate(1 << 20)
    with Namespace("pxe") as ns:
        sandisk.add_tap(ns, f"{SERVER}/24")
        ns.start(["dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=0",
                  "--user=root", "--interface=tap0", "--bind-interfaces",
                  "--dhcp-range=10.79.0.100,10.79.0.200,1h", "--enable-tftp",
                  f"--tftp-root={root}", "--dhcp-boot=pxelinux.0",
                  f"--log-facility={log}"], ready_udp_port=69)
        ns.start(["vblade", "3", "7", "tap0", disk])
        http_log = os.path.join(tmpdir, "http.log")
        start_http(ns, root, http_log)

        # probe-san: STOP_UNDI answers KEEP_UNDI while AoE is hooked.
        if wanted("probe-san"):
            s = script(tmpdir, "probe-san.ipxe",
                       "dhcp net0\nsanhook aoe:e3.7\nchain tftp://${next-server}/probe.0\n"
                       "echo PROBE-RETURNED\nifstat net0\ndhcp net0 && echo NIC-WORKS\n"
                       "poweroff\n")
            with run_vm(ns, tmpdir, ["-kernel", LKRN, "-initrd", s],
                        "52:54:00:12:34:60", timeout=90) as vm:
                check_probe(vm, "probe-san", probe_size, False)
                m = vm.expect(r"PXEPROBE stop-undi status=(\w+) ax=(\w+)\r?\n", 20)
                tap.report(m is not None and m.groups() == (b"0004", b"0001"),
                           "probe-san/stop-undi-keep", vm.output[-2000:])
                tap.report(vm.expect("PROBE-RETURNED", 20) is not None,
                           "probe-san/returned", vm.output[-2000:])
                tap.report(vm.expect("NIC-WORKS", 30) is not None,
                           "probe-san/nic-works", vm.output[-2000:])

        # T1a: pxelinux.0 from DHCP, UUID config name, then 01-<mac>.
        if wanted("pxelinux"):
            mac = "52:54:00:12:34:61"
            pxelinux_cfg(root, mac, kernel_cfg(""))
            s = script(tmpdir, "pxelinux.ipxe",
                       "dhcp net0\nchain tftp://${next-server}/${filename}\n"
                       "echo NBP-RETURNED\n")
            started = time.monotonic()
            with run_vm(ns, tmpdir, ["-kernel", LKRN, "-initrd", s, "-uuid", UUID],
                        mac) as vm:
                ok = linux_ok(vm)
                tap.report(ok, "pxelinux/linux", vm.output[-3000:])
                print(f"# pxelinux to Linux marker: {time.monotonic() - started:.1f} s",
                      flush=True)
            tap.report(dnsmasq_log_has(log, rf"pxelinux\.cfg/{UUID_WIRE}\b") and
                       dnsmasq_log_has(log, r"pxelinux\.cfg/01-52-54-00-12-34-61"),
                       "pxelinux/uuid-then-mac", open(log).read()[-3000:])

        # T1a from the option ROM: autoboot finds pxelinux.0 by DHCP.
        if wanted("rom-pxelinux"):
            mac = "52:54:00:12:34:65"
            pxelinux_cfg(root, mac, kernel_cfg(""))
            if not os.path.exists(ROM):
                tap.skip("rom-pxelinux/linux", f"{ROM} not built")
            else:
                started = time.monotonic()
                with rom_qemu(ns, tmpdir, mac) as vm:
                    banner = vm.expect(r"wireboot \S+ \(pcbios\)", 60) is not None
                    ok = linux_ok(vm, 120)
                    tap.report(banner and ok, "rom-pxelinux/linux",
                               vm.output[-3000:])
                print(f"# ROM to Linux marker: {time.monotonic() - started:.1f} s",
                      flush=True)
                tap.report(dnsmasq_log_has(log, r"pxelinux\.cfg/01-52-54-00-12-34-65"),
                           "rom-pxelinux/config-by-mac", open(log).read()[-2000:])

        # T1b: KERNEL http:// through the FILE extensions.
        if wanted("pxelinux-http"):
            mac = "52:54:00:12:34:62"
            pxelinux_cfg(root, mac, kernel_cfg(f"http://{SERVER}:{HTTP_PORT}/"))
            s = script(tmpdir, "pxelinux-http.ipxe",
                       "dhcp net0\nchain tftp://${next-server}/pxelinux.0\n"
                       "echo NBP-RETURNED\n")
            with run_vm(ns, tmpdir, ["-kernel", LKRN, "-initrd", s], mac) as vm:
                ok = linux_ok(vm)
            with open(http_log, errors="replace") as f:
                http_seen = f.read()
            tap.report(ok and "GET /vmlinuz" in http_seen, "pxelinux-http/file-api",
                       vm.output[-3000:] + http_seen[-1000:])

        # T1b: lpxelinux.0 with an http:// kernel (UNDI).
        if wanted("lpxelinux"):
            mac = "52:54:00:12:34:63"
            pxelinux_cfg(root, mac, kernel_cfg(f"http://{SERVER}:{HTTP_PORT}/"))
            s = script(tmpdir, "lpxelinux.ipxe",
                       "set pxe-trace 1\ndhcp net0\n"
                       "chain tftp://${next-server}/lpxelinux.0\necho NBP-RETURNED\n")
            with run_vm(ns, tmpdir, ["-kernel", LKRN, "-initrd", s], mac) as vm:
                ok = linux_ok(vm, 150)
                out = vm.output
            tap.report(ok and "UNDI_TRANSMIT" in out and "FILE_OPEN" not in out,
                       "lpxelinux/undi-http", out[-3000:])

        # T1c: pxechn.c32 -r restarts into the probe, which returns.
        if wanted("pxechn"):
            mac = "52:54:00:12:34:64"
            pxelinux_cfg(root, mac, "  COM32 pxechn.c32\n"
                         f"  APPEND -r probe.0\n")
            s = script(tmpdir, "pxechn.ipxe",
                       "dhcp net0\nsanhook aoe:e3.7\n"
                       "chain tftp://${next-server}/pxelinux.0\n"
                       "echo FIRMWARE-PROMPT\npoweroff\n")
            with run_vm(ns, tmpdir, ["-kernel", LKRN, "-initrd", s], mac) as vm:
                restarted = vm.expect(r"PXEPROBE pxenv ok", 60) is not None
                back = vm.expect("FIRMWARE-PROMPT", 60) is not None
                tap.report(restarted and back, "pxechn/restart-returns",
                           vm.output[-3000:])
                if os.environ.get("PXE_DEBUG"):
                    write(os.environ["PXE_DEBUG"], vm.output)

class SyslogCatcher:
    """A /dev/log stand-in: a datagram socket at DIR/log whose messages
    are kept (bind-mount DIR over /dev for the server that logs)."""

    def __init__(self, directory):
        os.makedirs(directory, exist_ok=True)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(os.path.join(directory, "log"))
        self.lines = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while True:
            try:
                data = self.sock.recv(4096)
            except OSError:
                return
            self.lines.append(data.decode("latin-1").rstrip("\0\n"))

    def text(self):
        return "\n".join(self.lines)

    def close(self):
        self.sock.close()


def winpath_files(root):
    """boot/startrom.n12 and boot/ntldr in ROOT; {name: (size, byte sum)}."""
    files = {"startrom.n12": bytes((i * 7 + 3) % 251 for i in range(3000)),
             "ntldr": bytes((i * 13 + 5) % 241 for i in range(1700))}
    os.makedirs(os.path.join(root, "boot"), exist_ok=True)
    for name, data in files.items():
        with open(os.path.join(root, "boot", name), "wb") as f:
            f.write(data)
    return {name: (len(data), sum(data)) for name, data in files.items()}


def test_winpaths(tmpdir):
    """${pxe-winpaths} against tftpd-hpa without a remap file: the NBP's
    Windows names reach the server as Unix paths and the files arrive;
    off (the default), the server sees backslashes and has no such file."""
    if not shutil.which("in.tftpd"):
        tap.skip("winpaths", "in.tftpd (tftpd-hpa) not installed")
        return
    root = os.path.join(tmpdir, "winroot")
    os.makedirs(root)
    nasm(WINPATH_ASM, os.path.join(root, "winpath.0"))
    files = winpath_files(root)
    devdir = os.path.join(tmpdir, "windev")
    syslog = SyslogCatcher(devdir)
    server = "10.80.0.1"
    mac = "52:54:00:12:34:66"
    try:
        with Namespace("pxewin") as ns:
            sandisk.add_tap(ns, f"{server}/24")
            ns.start(["dnsmasq", "--no-daemon", "--conf-file=/dev/null",
                      "--port=0", "--user=root", "--interface=tap0",
                      "--bind-interfaces", "--dhcp-range=10.80.0.100,10.80.0.200,1h",
                      f"--dhcp-boot=winpath.0,,{server}"], ready_udp_port=67)
            ns.start(["sh", "-c", f"mount --bind {devdir} /dev && exec in.tftpd "
                      f"-L -vvv -u root -s {root} -a {server}:69"],
                     ready_udp_port=69)
            s = script(tmpdir, "winpath.ipxe",
                       "dhcp net0\nchain --autofree tftp://${next-server}/winpath.0\n"
                       "set pxe-winpaths 1\n"
                       "chain --autofree tftp://${next-server}/winpath.0\npoweroff\n")
            with run_vm(ns, tmpdir, ["-kernel", LKRN, "-initrd", s], mac,
                        timeout=90) as vm:
                runs = []
                for _ in range(2):
                    got = {}
                    for what in ("open", "read-file"):
                        m = vm.expect(rf"WINPATH {what} status=(\w+) size=(\w+) "
                                      rf"sum=(\w+)\r?\n", 40)
                        got[what] = ((m.group(1).decode(), int(m.group(2), 16),
                                      int(m.group(3), 16)) if m else None)
                    runs.append(got)
                out = vm.output
            log = syslog.text()
    finally:
        syslog.close()
    off, on = runs
    detail = f"{runs}\n{log}\n{out[-2000:]}"
    tap.report(off["open"] is not None and off["open"][0] == "003b" and
               off["read-file"] is not None and off["read-file"][0] == "003b" and
               "filename \\boot\\startrom.n12" in log,
               "winpaths/off-server-sees-backslashes", detail)
    tap.report(on["open"] == ("0000",) + files["startrom.n12"] and
               "filename /boot/startrom.n12" in log,
               "winpaths/open-read", detail)
    tap.report(on["read-file"] == ("0000",) + files["ntldr"] and
               re.search(r"filename /boot/ntldr$", log, re.M) is not None,
               "winpaths/read-file-previous-name-dropped", detail)


def main():
    reason = qemu.available() or skip_reason(
        binary=LKRN, tools=("ip", "nasm", "dnsmasq", "vblade"))
    if reason:
        tap.skip("all", reason)
        return 0
    tmpdir = tempfile.mkdtemp(prefix="wireboot-pxe-")
    try:
        if wanted("probe"):
            test_probe(tmpdir)
        if wanted("undionly"):
            test_undionly(tmpdir)
        if wanted("winpaths"):
            test_winpaths(tmpdir)
        try:
            guest = linux_guest.build()
        except Exception as err:  # noqa: BLE001
            guest = None
            tap.skip("namespace", f"no Linux guest: {err}")
        if wanted("grub"):
            test_grub(tmpdir, guest)
        if guest:
            test_namespace(tmpdir, guest)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    return 1 if tap.failures else 0


if __name__ == "__main__":
    sys.exit(main())
