#!/usr/bin/env python3
"""Benchmark (not a test; run by "make bench"): HTTP download speed of
wireboot against Debian's iPXE and a Linux guest on the same virtual NIC,
all measured in one run, plus option ROM sizes against iPXE's.

Each client boots in QEMU (TCG, 1 vCPU, -m 1G) on e1000 and on virtio-net,
over slirp (server on the host loopback, 10.0.2.2 in the guest) and over a
tap in a private network namespace (server in the namespace), downloads a
256 MiB file over HTTP and powers the machine off:
  wireboot  bin/wireboot.lkrn with an -initrd script: imgfetch, poweroff
  iPXE      Debian's /usr/lib/ipxe/ipxe.lkrn with the same script (reboot)
  Linux     the Debian kernel of tests/e2e/lib/linux_guest.py with a
            busybox initramfs: wget -O /dev/null, poweroff
Time is the wall clock of the whole QEMU run minus that of the same run
fetching a 1-byte file, so boot time cancels out.  Prints MB/s per case
and the ratios wireboot/iPXE and wireboot/Linux.
"""
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e", "lib"))
import linux_guest  # noqa: E402

SIZE = 256 * 1024 * 1024
NS = "wbbench"
TAP = "wbbtap0"
HOST_IP, GUEST_IP = "192.168.77.1", "192.168.77.2"
IPXE_LKRN = "/usr/lib/ipxe/ipxe.lkrn"
NICS = {"e1000": "e1000", "virtio": "virtio-net-pci"}
RUN_LIMIT = 300


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


# A NIC's option ROM flash, which a ROM should fit.
FLASH_SIZE = 64 * 1024


def serve(root, address):
    """An HTTP server for ROOT on ADDRESS (in this process)."""
    handler = functools.partial(Quiet, directory=root)
    server = http.server.ThreadingHTTPServer(address, handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def sh(*argv):
    subprocess.run(argv, check=True, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def tap_up():
    """The namespace with its tap; False if we cannot make one."""
    try:
        subprocess.run(["ip", "netns", "del", NS], stderr=subprocess.DEVNULL)
        sh("ip", "netns", "add", NS)
        sh("ip", "-n", NS, "link", "set", "lo", "up")
        sh("ip", "-n", NS, "tuntap", "add", "dev", TAP, "mode", "tap")
        sh("ip", "-n", NS, "addr", "add", f"{HOST_IP}/24", "dev", TAP)
        sh("ip", "-n", NS, "link", "set", TAP, "up")
        return True
    except (subprocess.CalledProcessError, FileNotFoundError):
        return False


def firmware_script(url, net, reboot):
    """An iPXE-language script: network up, fetch URL, leave QEMU."""
    if net == "slirp":
        up = "dhcp"
    else:
        up = (f"set net0/ip {GUEST_IP}\nset net0/netmask 255.255.255.0\n"
              "ifopen net0")
    return f"#!ipxe\n{up}\nimgfetch {url}\n{'reboot' if reboot else 'poweroff'}\n"


def linux_initrd(tmp, tree, url, net):
    """A busybox initramfs that loads the NIC drivers, fetches URL, powers off."""
    ip = GUEST_IP if net == "tap" else "10.0.2.15"
    gw = "" if net == "tap" else "ip route add default via 10.0.2.2\n"
    mods = ["virtio_ring", "virtio", "virtio_pci_legacy_dev",
            "virtio_pci_modern_dev", "virtio_pci", "failover", "net_failover",
            "virtio_net", "e1000"]
    init = f"""#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
for m in {' '.join(mods)}; do [ -f /lib/$m.ko ] && insmod /lib/$m.ko 2>/dev/null; done
ip link set lo up
ip addr add {ip}/24 dev eth0
ip link set eth0 up
{gw}for i in $(seq 50); do [ "$(cat /sys/class/net/eth0/carrier 2>/dev/null)" = 1 ] && break; sleep 0.1; done
ok=
for i in 1 2 3 4 5; do wget -q -O /dev/null {url} && ok=1 && break; sleep 1; done
[ -n "$ok" ] || echo FETCH-FAILED > /dev/ttyS0
poweroff -f
"""
    entries = [("bin", 0o755, None), ("proc", 0o755, None),
               ("sys", 0o755, None), ("dev", 0o755, None), ("lib", 0o755, None)]
    with open(linux_guest.BUSYBOX, "rb") as f:
        entries.append(("bin/busybox", 0o755, f.read()))
    for m in mods:
        try:
            entries.append((f"lib/{m}.ko", 0o644, linux_guest._module(tree, m)))
        except RuntimeError:
            pass
    entries.append(("init", 0o755, init.encode()))
    path = os.path.join(tmp, f"linux-{net}.cpio")
    with open(path, "wb") as f:
        f.write(linux_guest.cpio_newc(entries))
    return path


def run(args, net, tmp):
    """Seconds the QEMU run took, or None if it did not end by itself or
    the guest said its download failed."""
    serial = os.path.join(tmp, "serial.log")
    argv = ["timeout", "-k", "5", str(RUN_LIMIT), "qemu-system-x86_64",
            "-accel", "tcg", "-smp", "1", "-m", "1G", "-display", "none",
            "-serial", f"file:{serial}", "-no-reboot"] + args
    if net == "tap":
        argv = ["ip", "netns", "exec", NS] + argv
    start = time.monotonic()
    status = subprocess.run(argv, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL).returncode
    took = time.monotonic() - start
    with open(serial, "rb") as f:
        failed = b"FETCH-FAILED" in f.read()
    return took if status == 0 and not failed and took < RUN_LIMIT - 1 else None


def main():
    if not shutil.which("qemu-system-x86_64"):
        print("qemu-system-x86_64 not found; nothing to measure")
        return 0
    tmp = tempfile.mkdtemp(prefix="wireboot-bench-")
    www = os.path.join(tmp, "www")
    os.makedirs(www)
    with open(os.path.join(www, "big"), "wb") as f:
        f.truncate(SIZE)
    with open(os.path.join(www, "tiny"), "wb") as f:
        f.write(b"x")
    servers = [serve(www, ("127.0.0.1", 0))]
    port = servers[0].server_address[1]
    nets = {"slirp": f"http://10.0.2.2:{port}"}
    ns_server = None
    if tap_up():
        ns_server = subprocess.Popen(
            ["ip", "netns", "exec", NS, sys.executable, "-m", "http.server",
             "18081", "--bind", HOST_IP, "--directory", www],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1)
        nets["tap"] = f"http://{HOST_IP}:18081"
    clients = {"wireboot": os.path.join(ROOT, "bin", "wireboot.lkrn")}
    if os.path.exists(IPXE_LKRN):
        clients["ipxe"] = IPXE_LKRN
    tree = None
    if not linux_guest.unavailable():
        try:
            guest = linux_guest.build()
            tree = os.path.join(linux_guest.CACHE, "tree")
            clients["linux"] = guest.vmlinuz
        except Exception as e:  # the guest is optional for a benchmark
            print(f"(no Linux guest: {e})")
    results = {}
    try:
        for net, base in nets.items():
            for nic, device in NICS.items():
                netdev = (f"user,id=n0" if net == "slirp" else
                          f"tap,id=n0,ifname={TAP},script=no,downscript=no")
                common = ["-netdev", netdev, "-device",
                          f"{device},netdev=n0,romfile="]
                for client, kernel in clients.items():
                    times = {}
                    for name in ("tiny", "big"):
                        url = f"{base}/{name}"
                        if client == "linux":
                            initrd = linux_initrd(tmp, tree, url, net)
                            extra = ["-append", "console=ttyS0 quiet panic=-1"]
                        else:
                            initrd = os.path.join(tmp, "script.ipxe")
                            with open(initrd, "w") as f:
                                f.write(firmware_script(url, net, client == "ipxe"))
                            extra = []
                        times[name] = run(["-kernel", kernel, "-initrd", initrd]
                                          + extra + common, net, tmp)
                    if times["tiny"] and times["big"] and times["big"] > times["tiny"]:
                        speed = SIZE / 1e6 / (times["big"] - times["tiny"])
                    else:
                        speed = None
                    results[(net, nic, client)] = speed
                    shown = f"{speed:7.1f} MB/s" if speed else "   failed"
                    print(f"{net:5} {nic:6} {client:8} {shown}", flush=True)
    finally:
        for server in servers:
            server.shutdown()
        if ns_server:
            ns_server.terminate()
            ns_server.wait()
            subprocess.run(["ip", "netns", "del", NS], stderr=subprocess.DEVNULL)
        shutil.rmtree(tmp, ignore_errors=True)

    print("\nratios (wireboot / other; above 1 means wireboot is faster)")
    for (net, nic, client), speed in sorted(results.items()):
        if client == "wireboot":
            continue
        ours = results.get((net, nic, "wireboot"))
        ratio = f"{ours / speed:.2f}" if ours and speed else "n/a"
        print(f"{net:5} {nic:6} wireboot/{client:6} {ratio}")

    print("\noption ROM sizes (bytes)")
    ours = os.path.join(ROOT, "bin", "8086100e.rom")
    if os.path.exists(ours):
        size = os.path.getsize(ours)
        verdict = ("fits" if size <= FLASH_SIZE
                   else f"does NOT fit: {size - FLASH_SIZE} bytes over")
        print(f"wireboot bin/8086100e.rom            {size:7}"
              f"  ({verdict} a 64 KiB flash)")
    for path in ("/usr/lib/ipxe/qemu/pxe-e1000.rom", "/usr/lib/ipxe/82540em.rom",
                 "/usr/lib/ipxe/qemu/efi-e1000.rom"):
        if os.path.exists(path):
            note = " (legacy + EFI images)" if "efi-" in path else ""
            print(f"iPXE {path:32} {os.path.getsize(path):7}{note}")
    print("iPXE master e1000 ROM (LAB-NOTES)       73216")
    return 0


if __name__ == "__main__":
    sys.exit(main())
