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
The time runs from the HTTP server seeing the request for the file to the
end of the QEMU process (each client powers off or reboots as soon as it
has the file), so boot time does not count; no client has to print anything (Debian's
ipxe.lkrn has no serial console).  Each case runs REPEAT times and the
fastest run counts, since other load on the host can only slow a run
down.  Prints MB/s per case and the ratios wireboot/iPXE and
wireboot/Linux.

One more client, on slirp and e1000 only: bin/undionly.kpxe chainloaded by
QEMU's stock iPXE ROM and driving the NIC through that ROM's UNDI API.
The DHCP boot file is a script from the bench's HTTP server: to the ROM
(first request) it says "chain undionly.kpxe" (TFTP), to wireboot (second)
it says fetch and power off.

Also prints the sizes of our option ROM and undionly.kpxe against iPXE's.

    tests/bench/qemu_nic_bench.py [--net slirp,tap] [--nic e1000,virtio]
                                  [--client wireboot,ipxe,linux,undionly]
                                  [--repeat N] [--qemu-arg ARG]...

--qemu-arg adds arguments to wireboot's QEMU runs only, e.g. the profiling
plugin of tests/bench/tcg_profile (see docs/performance.md).
"""
import argparse
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
# Runs per case; the best counts (a loaded host only ever slows a run down).
REPEAT = 3


class Quiet(http.server.SimpleHTTPRequestHandler):
    """Files from the directory; /undi.ipxe is the two-stage UNDI script."""
    undi_requests = 0

    def log_message(self, *args):
        pass

    def log_request(self, *args):
        if self.path == "/big":
            requested("GET /big")

    def do_GET(self):
        if self.path != "/undi.ipxe":
            return super().do_GET()
        Quiet.undi_requests += 1
        if Quiet.undi_requests == 1:
            body = "#!ipxe\nchain tftp://10.0.2.2/undionly.kpxe\n"
        else:
            port = self.server.server_address[1]
            body = (f"#!ipxe\nimgfetch http://10.0.2.2:{port}/big\n"
                    "poweroff\n")
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


# When the file was last asked for (host clock), by either server.
big_requests = []


def requested(line):
    """Note the time if LINE (a request or a server's log line) asks for
    the file."""
    if "GET /big" in line:
        big_requests.append(time.monotonic())


def watch_log(stream):
    """Note each request for the file in a server's log as it comes."""
    for line in stream:
        requested(line)


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
mount -t devtmpfs devtmpfs /dev
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
    """Seconds from the request for the file to the end of QEMU, or None
    if it was never asked for, QEMU did not end by itself or the guest
    said its download failed."""
    serial = os.path.join(tmp, "serial.log")
    argv = ["timeout", "-k", "5", str(RUN_LIMIT), "qemu-system-x86_64",
            "-accel", "tcg", "-smp", "1", "-m", "1G", "-display", "none",
            "-serial", f"file:{serial}", "-no-reboot"] + args
    if net == "tap":
        argv = ["ip", "netns", "exec", NS] + argv
    big_requests.clear()
    status = subprocess.run(argv, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL).returncode
    ended = time.monotonic()
    with open(serial, "rb") as f:
        failed = b"FETCH-FAILED" in f.read()
    if status != 0 or failed or not big_requests:
        return None
    return ended - big_requests[-1]


def measure(nets_wanted, nics_wanted, clients_wanted, repeat=REPEAT,
            extra=()):
    """{(net, nic, client): MB/s or None}, printing each as it is measured;
    each case runs REPEAT times, wireboot's with EXTRA QEMU arguments."""
    if not shutil.which("qemu-system-x86_64"):
        print("qemu-system-x86_64 not found; nothing to measure")
        return {}
    tmp = tempfile.mkdtemp(prefix="wireboot-bench-")
    www = os.path.join(tmp, "www")
    tftp = os.path.join(tmp, "tftp")
    os.makedirs(www)
    os.makedirs(tftp)
    with open(os.path.join(www, "big"), "wb") as f:
        f.truncate(SIZE)
    servers = [serve(www, ("127.0.0.1", 0))]
    port = servers[0].server_address[1]
    nets = {}
    if "slirp" in nets_wanted:
        nets["slirp"] = f"http://10.0.2.2:{port}"
    ns_server = None
    if "tap" in nets_wanted and tap_up():
        ns_server = subprocess.Popen(
            ["ip", "netns", "exec", NS, sys.executable, "-u", "-m",
             "http.server", "18081", "--bind", HOST_IP, "--directory", www],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        threading.Thread(target=watch_log, args=(ns_server.stderr,),
                         daemon=True).start()
        time.sleep(1)
        nets["tap"] = f"http://{HOST_IP}:18081"
    clients = {"wireboot": os.environ.get(
        "WIREBOOT_LKRN", os.path.join(ROOT, "bin", "wireboot.lkrn"))}
    if os.path.exists(IPXE_LKRN) and "ipxe" in clients_wanted:
        clients["ipxe"] = IPXE_LKRN
    tree = None
    if "linux" in clients_wanted and not linux_guest.unavailable():
        try:
            guest = linux_guest.build()
            tree = os.path.join(linux_guest.CACHE, "tree")
            clients["linux"] = guest.vmlinuz
        except Exception as e:  # the guest is optional for a benchmark
            print(f"(no Linux guest: {e})")
    undionly = os.path.join(ROOT, "bin", "undionly.kpxe")
    if "undionly" in clients_wanted and os.path.exists(undionly):
        shutil.copy(undionly, tftp)
        clients["undionly"] = None
    clients = {k: v for k, v in clients.items() if k in clients_wanted}
    results = {}
    try:
        for net, base in nets.items():
            for nic, device in NICS.items():
                if nic not in nics_wanted:
                    continue
                for client, kernel in clients.items():
                    if client == "undionly" and (net, nic) != ("slirp", "e1000"):
                        continue
                    netdev = ("user,id=n0" if net == "slirp" else
                              f"tap,id=n0,ifname={TAP},script=no,downscript=no")
                    rom = ",romfile="
                    if client == "undionly":
                        netdev += (f",tftp={tftp},bootfile=http://10.0.2.2:"
                                   f"{port}/undi.ipxe")
                        rom = ""
                    common = ["-netdev", netdev, "-device",
                              f"{device},netdev=n0{rom}"]
                    url = f"{base}/big"
                    if client == "undionly":
                        args = ["-boot", "n"]
                    elif client == "linux":
                        initrd = linux_initrd(tmp, tree, url, net)
                        args = ["-kernel", kernel, "-initrd", initrd,
                                "-append", "console=ttyS0 quiet panic=-1"]
                    else:
                        initrd = os.path.join(tmp, "script.ipxe")
                        with open(initrd, "w") as f:
                            f.write(firmware_script(url, net, client == "ipxe"))
                        args = ["-kernel", kernel, "-initrd", initrd]
                    if client == "wireboot":
                        args += list(extra)
                    speeds = []
                    for _ in range(repeat):
                        if client == "undionly":
                            Quiet.undi_requests = 0
                        took = run(args + common, net, tmp)
                        if took:
                            speeds.append(SIZE / 1e6 / took)
                    speed = max(speeds) if len(speeds) == repeat else None
                    results[(net, nic, client)] = speed
                    shown = f"{speed:7.1f} MB/s" if speed else "   failed"
                    runs = ", ".join(f"{x:.1f}" for x in speeds)
                    print(f"{net:5} {nic:6} {client:8} {shown}  (runs: {runs})",
                          flush=True)
    finally:
        for server in servers:
            server.shutdown()
        if ns_server:
            ns_server.terminate()
            ns_server.wait()
            subprocess.run(["ip", "netns", "del", NS], stderr=subprocess.DEVNULL)
        shutil.rmtree(tmp, ignore_errors=True)
    return results


def sizes():
    """[(what, our bytes or None, iPXE's bytes or None)] for the media a
    NIC flash or a PXE server holds."""
    def size(path):
        return os.path.getsize(path) if os.path.exists(path) else None

    return [
        ("e1000 option ROM", size(os.path.join(ROOT, "bin", "8086100e.rom")),
         size("/usr/lib/ipxe/qemu/pxe-e1000.rom")),
        ("virtio-net option ROM", size(os.path.join(ROOT, "bin", "1af41000.rom")),
         size("/usr/lib/ipxe/qemu/pxe-virtio.rom")),
        ("undionly.kpxe", size(os.path.join(ROOT, "bin", "undionly.kpxe")),
         size("/usr/lib/ipxe/undionly.kpxe")),
        ("lkrn", size(os.path.join(ROOT, "bin", "wireboot.lkrn")),
         size(IPXE_LKRN)),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--net", default="slirp,tap")
    parser.add_argument("--nic", default=",".join(NICS))
    parser.add_argument("--client", default="wireboot,ipxe,linux,undionly")
    parser.add_argument("--repeat", type=int, default=REPEAT)
    parser.add_argument("--qemu-arg", action="append", default=[])
    args = parser.parse_args()
    results = measure(*(set(getattr(args, k).split(","))
                        for k in ("net", "nic", "client")),
                      repeat=args.repeat, extra=args.qemu_arg)

    print("\nratios (wireboot / other; above 1 means wireboot is faster)")
    for (net, nic, client), speed in sorted(results.items()):
        if client in ("wireboot", "undionly"):
            continue
        ours = results.get((net, nic, "wireboot"))
        ratio = f"{ours / speed:.2f}" if ours and speed else "n/a"
        print(f"{net:5} {nic:6} wireboot/{client:6} {ratio}")

    print("\nsizes (bytes): wireboot, iPXE (Debian)")
    for what, ours, theirs in sizes():
        note = ""
        if "ROM" in what and ours:
            note = ("  fits a 64 KiB flash" if ours <= FLASH_SIZE else
                    f"  {ours - FLASH_SIZE} bytes over a 64 KiB flash")
        print(f"{what:22} {ours or '-':>8} {theirs or '-':>8}{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
