#!/usr/bin/env python3
"""SAN boot from an HTTP server: "sanboot http://server/image" reads the
image with Range requests (read-only) on a kept-alive connection.

hosted: bin-linux/wireboot-asan on a veth pair with nginx on the other
end: "sanhook" of a disk image finds its size (512-byte blocks), of an
ISO image its 2048-byte blocks; a missing image and a server that
ignores ranges (python's http.server) fail with clear errors; the
requests of one sanhook share one TCP connection.

pcbios: QEMU (TCG, SeaBIOS, e1000 on a tap in a private namespace) runs
bin/wireboot.lkrn with "sanboot http://10.79.0.1/boot.iso": isolinux
loads Debian's kernel and the busybox initramfs from the ISO through
INT 13h; the kernel must print its marker.

Prints TAP lines "ok - httpsan/..."; needs root, nginx and qemu.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from tap import Tap  # noqa: E402
from netns import Namespace, skip_reason, python  # noqa: E402
import qemu  # noqa: E402
import sandisk  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LKRN = os.path.join(ROOT, "bin", "wireboot.lkrn")

tap = Tap("httpsan")

NGINX_CONF = """daemon off;
master_process off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log {dir}/access.log;
    client_body_temp_path {dir};
    proxy_temp_path {dir};
    fastcgi_temp_path {dir};
    uwsgi_temp_path {dir};
    scgi_temp_path {dir};
    keepalive_requests 100000;
    server {{
        listen {addr}:80;
        root {root};
    }}
}}
"""


def start_nginx(ns, tmpdir, root, addr):
    conf_dir = os.path.join(tmpdir, f"nginx-{addr}")
    os.makedirs(conf_dir, exist_ok=True)
    conf = os.path.join(conf_dir, "nginx.conf")
    with open(conf, "w") as f:
        f.write(NGINX_CONF.format(dir=conf_dir, root=root, addr=addr))
    return ns.start(["nginx", "-c", conf, "-p", conf_dir], ready_port=80), conf_dir


def hosted_run(ns, script, timeout=60):
    wb = ns.wireboot("ifopen net0\nset net0/ip 10.77.0.2\n"
                     "set net0/netmask 255.255.255.0\n" + script,
                     netdevs=("packet:wbnet0",))
    started = time.monotonic()
    status = wb.finish(timeout)
    return status, wb.output(), time.monotonic() - started


def test_hosted(tmpdir):
    names = ["hosted/disk", "hosted/iso", "hosted/keepalive", "hosted/missing",
             "hosted/no-ranges"]
    reason = skip_reason(tools=("ip", "nginx", "ethtool"))
    if reason:
        for name in names:
            tap.skip(name, reason)
        return
    root = os.path.join(tmpdir, "www")
    os.makedirs(root)
    with open(os.path.join(root, "disk.img"), "wb") as f:
        f.truncate(8 << 20)
    with open(os.path.join(root, "cd.iso"), "wb") as f:
        f.truncate(8 << 20)
        f.seek(32768)
        f.write(b"\x01CD001\x01")
    with Namespace("hsan") as ns:
        ns.veth(peer_addr="10.77.0.1/24")
        nginx, conf_dir = start_nginx(ns, tmpdir, root, "10.77.0.1")
        status, out, secs = hosted_run(
            ns, "sanhook http://10.77.0.1/disk.img && echo HOOKED\n")
        tap.report("SAN drive 0x80: 16384 blocks of 512 bytes (8 MiB)" in out
                   and "HOOKED" in out, "hosted/disk", out)
        cap = ns.capture("wbpeer0", "tcp port 80 and tcp[tcpflags] & tcp-syn != 0")
        status, out, secs = hosted_run(ns, "sanhook http://10.77.0.1/cd.iso\n")
        syns = cap.stop(fields=["tcp.srcport"], display_filter="tcp.flags.ack == 0")
        tap.report("SAN drive 0x80: 4096 blocks of 2048 bytes (8 MiB), CD image" in out,
                   "hosted/iso", out)
        tap.report(len(syns) == 1, "hosted/keepalive",
                   f"{len(syns)} connections for one sanhook\n{out}")
        status, out, secs = hosted_run(
            ns, "sanhook http://10.77.0.1/nosuch.img || echo MISSING\n")
        tap.report("MISSING" in out and "No such file or directory (http)" in out,
                   "hosted/missing", out)
        ns.stop(nginx)
        server = ns.start([python(), "-m", "http.server", "-b", "10.77.0.1",
                           "-d", root, "80"], ready_port=80)
        status, out, secs = hosted_run(
            ns, "sanhook http://10.77.0.1/disk.img || echo NO-RANGES\n")
        tap.report("NO-RANGES" in out and "Operation not supported" in out,
                   "hosted/no-ranges", out)
        ns.stop(server)


def test_pcbios(tmpdir):
    name = "bios/isolinux-linux"
    reason = (qemu.available() or
              skip_reason(binary=LKRN, tools=("ip", "nginx", "xorriso")))
    if not reason and not os.path.exists(sandisk.ISOLINUX_BIN):
        reason = "isolinux not installed"
    if not reason:
        import linux_guest
        reason = linux_guest.unavailable()
    if reason:
        tap.skip(name, reason)
        return
    try:
        guest = linux_guest.build()
    except Exception as err:  # no kernel package reachable
        tap.skip(name, f"no Linux guest: {err}")
        return
    vmlinuz = os.path.join(tmpdir, "vmlinuz")
    initrd = os.path.join(tmpdir, "initrd.img")
    shutil.copy(guest.vmlinuz, vmlinuz)
    shutil.copy(guest.initrd, initrd)
    cfg = ("SERIAL 0 115200\nDEFAULT linux\nPROMPT 0\nTIMEOUT 0\n"
           "LABEL linux\n  LINUX /vmlinuz\n  INITRD /initrd.img\n"
           f"  APPEND {linux_guest.KERNEL_ARGS}\n")
    root = os.path.join(tmpdir, "bioswww")
    os.makedirs(root)
    iso = sandisk.isolinux_iso(tmpdir, cfg, [vmlinuz, initrd], "boot")
    shutil.move(iso, os.path.join(root, "boot.iso"))
    script = os.path.join(tmpdir, "boot.ipxe")
    with open(script, "w") as f:
        f.write("#!ipxe\nifopen net0\nset net0/ip 10.79.0.2\n"
                "set net0/netmask 255.255.255.0\n"
                "sanboot http://10.79.0.1/boot.iso\necho SANBOOT-FAILED\n")
    with Namespace("hsab") as ns:
        sandisk.add_tap(ns, "10.79.0.1/24")
        start_nginx(ns, tmpdir, root, "10.79.0.1")
        with sandisk.ns_qemu(ns, tmpdir, ["-kernel", LKRN, "-initrd", script],
                             memory="512M", timeout=150) as vm:
            started = time.monotonic()
            marker = vm.expect(linux_guest.MARKER, 120)
            took = time.monotonic() - started
            out = vm.output
    tap.report(marker is not None, name, out[-3000:])
    if marker:
        print(f"# HTTP sanboot of an ISO to the Linux marker in {took:.1f}s", flush=True)


def main():
    tmpdir = tempfile.mkdtemp(prefix="wireboot-httpsan-")
    os.chmod(tmpdir, 0o755)
    try:
        test_hosted(tmpdir)
        test_pcbios(tmpdir)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    return 1 if tap.failures else 0


if __name__ == "__main__":
    sys.exit(main())
