#!/usr/bin/env python3
"""Hosted NICs end to end: bin-linux/wireboot-asan with --netdev packet:IFACE
(one end of a veth pair) and --netdev tap:NAME, inside a private network
namespace.  Frames are injected from the other end of the link with an
AF_PACKET socket, and the script's ifstat output must count them.  Nothing is
sent outside the namespace.  Prints TAP lines "ok - netdev/..."; needs root
and /dev/net/tun, and skips every case otherwise.

Run as "test_hosted_netdev.py --inject IFACE DEST ETHERTYPE COUNT" it is the
injector: it sends COUNT frames to the MAC DEST on IFACE (run inside the
namespace by the test itself).
"""
import os
import queue
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from tap import Tap  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WIREBOOT = os.path.join(ROOT, "bin-linux", "wireboot-asan")
NS = f"wbnetdev{os.getpid()}"
TIMEOUT = 30

# An ethertype nobody registers (IEEE 802 local experimental 1).
UNKNOWN_ETHERTYPE = 0x88B5
UNSUPPORTED = '"Operation not supported (ethernet)"'

CASES = ["bad-spec", "missing-interface", "packet-mac", "packet-rx-count",
         "packet-link-up", "packet-link-down", "ifcmd-errors", "tap-mac",
         "tap-rx-count", "offload-udp", "offload-tcp", "offload-tap-tcp"]

# Offload cases: the kernel's ends keep checksum offload, TSO and GSO on,
# so wireboot gets unfinished checksums and TCP super-frames.
OFFLOAD_SCRIPT = """#!ipxe
dhcp net0 || echo DHCP-FAILED
nslookup addr offload.test || echo NSLOOKUP-FAILED
echo V addr=${addr}
sha256sum tftp://10.78.0.1/small.bin || echo TFTP-FAILED
sha256sum http://10.78.0.1:8080/big.bin || echo HTTP-FAILED
ifstat net0
"""
TAP_OFFLOAD_SCRIPT = """#!ipxe
ifopen net0
set net0/ip 10.78.1.2
set net0/netmask 255.255.255.0
sha256sum http://10.78.1.1:8080/big.bin || echo HTTP-FAILED
ifstat net0
"""

# The script each run executes; the harness acts between READY and DONE.
SCRIPT = """#!ipxe
ifopen net0
echo READY ${net0/mac}
sleep 2
ifstat net0
echo PHASE2
sleep 2
ifstat net0
ifopen net9 || echo IFOPEN-NET9-FAILED
ifclose net9 || echo IFCLOSE-NET9-FAILED
ifclose
ifstat net0
echo DONE
"""

TAP = Tap("netdev")
report = TAP.report
skip = TAP.skip


def inject(ifname, dest, ethertype, count):
    """Send COUNT minimum-size frames of ETHERTYPE to DEST on IFNAME."""
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    sock.bind((ifname, 0))
    source = sock.getsockname()[4]
    for i in range(count):
        payload = f"wireboot netdev test frame {i}".encode().ljust(46, b"\0")
        sock.send(bytes.fromhex(dest.replace(":", "")) + source +
                  ethertype.to_bytes(2, "big") + payload)
    sock.close()


def run(*argv, check=True):
    """Run a command, returning its stdout; raise on failure when CHECK."""
    proc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    if check and proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)}: {proc.stderr.strip()}")
    return proc.stdout


def ns(*argv, check=True):
    """Run a command inside the test namespace."""
    return run("ip", "netns", "exec", NS, *argv, check=check)


def ns_inject(ifname, dest, count, ethertype=UNKNOWN_ETHERTYPE):
    """Inject frames from IFNAME inside the namespace."""
    ns(sys.executable, os.path.abspath(__file__), "--inject", ifname, dest,
       str(ethertype), str(count))


def iface_mac(ifname):
    """The MAC of IFNAME inside the namespace."""
    return ns("cat", f"/sys/class/net/{ifname}/address").strip()


class Wireboot:
    """wireboot running the SCRIPT inside the namespace, output read by a thread."""

    def __init__(self, netdev, script_path):
        self.proc = subprocess.Popen(
            ["ip", "netns", "exec", NS, WIREBOOT, "--netdev", netdev,
             "--script", script_path],
            cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, errors="replace")
        self.lines = []
        self.queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.queue.put(line.rstrip("\r\n"))
        self.queue.put(None)

    def wait_for(self, prefix):
        """Collect lines up to one starting with PREFIX; return it or None."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                line = self.queue.get(timeout=deadline - time.monotonic())
            except queue.Empty:
                break
            if line is None:
                return None
            self.lines.append(line)
            if line.startswith(prefix):
                return line
        return None

    def finish(self):
        """Wait for the end; returns the exit status (None if it hung)."""
        self.wait_for("\0never")
        try:
            return self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None

    def output(self):
        return "\n".join(self.lines)


def ifstat_blocks(lines):
    """The ifstat reports for net0 in LINES: lists of their lines."""
    blocks = []
    for line in lines:
        if line.startswith("net0: "):
            blocks.append([line])
        elif line.startswith("  [") and blocks:
            blocks[-1].append(line)
    return blocks


def counters(block):
    """(link, TX, TXE, RX, RXE) from one ifstat report."""
    match = re.search(r"\[Link:(\w+), TX:(\d+) TXE:(\d+) RX:(\d+) RXE:(\d+)\]",
                      "\n".join(block))
    if not match:
        return None
    return (match.group(1),) + tuple(int(g) for g in match.groups()[1:])


def setup_namespace():
    """A namespace with veth wbveth0 <-> wbveth1 and tap wbtap0, all up, no IPv6."""
    run("ip", "netns", "add", NS)
    ns("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1",
       "net.ipv6.conf.default.disable_ipv6=1")
    ns("ip", "link", "add", "wbveth0", "type", "veth", "peer", "name", "wbveth1")
    ns("ip", "tuntap", "add", "dev", "wbtap0", "mode", "tap")
    for ifname in ("lo", "wbveth0", "wbveth1", "wbtap0"):
        ns("ip", "link", "set", ifname, "up")


def test_bad_specs():
    """Malformed --netdev and missing interfaces: a clear message, status 2."""
    for spec in ("bogus", "tap:", "ether:eth0", "packet:" + "x" * 16):
        proc = subprocess.run(["ip", "netns", "exec", NS, WIREBOOT, "--netdev", spec],
                              stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=TIMEOUT)
        if proc.returncode != 2 or f"bad --netdev '{spec}'" not in proc.stderr:
            report(False, "bad-spec", f"{spec}: status {proc.returncode}\n{proc.stderr}")
            break
    else:
        report(True, "bad-spec")
    proc = subprocess.run(["ip", "netns", "exec", NS, WIREBOOT, "--netdev",
                           "packet:wbnosuch0"], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=TIMEOUT)
    report(proc.returncode == 2 and
           "cannot open packet 'wbnosuch0': No such device" in proc.stderr,
           "missing-interface", f"status {proc.returncode}\n{proc.stderr}")


def test_packet(script_path):
    """--netdev packet:wbveth0, frames injected from wbveth1."""
    mac = iface_mac("wbveth0")
    wb = Wireboot("packet:wbveth0", script_path)
    ready = wb.wait_for("READY")
    if ready:
        # Five broadcast and two unicast frames count; one for another MAC does not.
        ns_inject("wbveth1", "ff:ff:ff:ff:ff:ff", 5)
        ns_inject("wbveth1", mac, 2)
        ns_inject("wbveth1", "02:00:00:00:00:99", 1)
        if wb.wait_for("PHASE2"):
            ns("ip", "link", "set", "wbveth1", "down")
    status = wb.finish()
    out = wb.output()
    report(ready == f"READY {mac}", "packet-mac", f"want READY {mac}\n{out}")
    blocks = ifstat_blocks(wb.lines)
    first = counters(blocks[0]) if blocks else None
    # RX 7, not 8: the frame for another MAC is filtered like a real NIC's.
    report(first is not None and first[3] == 7 and first[4] == 7 and
           f"  [RXE: 7 x {UNSUPPORTED}]" in blocks[0],
           "packet-rx-count", out)
    report(first is not None and first[0] == "up" and first[1:3] == (0, 0),
           "packet-link-up", out)
    second = counters(blocks[1]) if len(blocks) > 1 else None
    report(second is not None and second[0] == "down" and
           any(line.startswith("  [Link status: ") for line in blocks[1]),
           "packet-link-down", out)
    closed = blocks[2][0] if len(blocks) > 2 else ""
    report(status == 0 and "IFOPEN-NET9-FAILED" in out and
           "IFCLOSE-NET9-FAILED" in out and
           "ifopen: no such interface: net9" in out and
           closed.endswith("[closed]") and "DONE" in out,
           "ifcmd-errors", f"status {status}\n{out}")


def test_tap(script_path):
    """--netdev tap:wbtap0, frames injected on the host's side of the tap."""
    host_mac = iface_mac("wbtap0")
    wb = Wireboot("tap:wbtap0", script_path)
    ready = wb.wait_for("READY")
    mac = ready.split()[1] if ready and len(ready.split()) > 1 else ""
    if mac:
        ns_inject("wbtap0", "ff:ff:ff:ff:ff:ff", 3)
        ns_inject("wbtap0", mac, 2)
        ns_inject("wbtap0", "02:00:00:00:00:99", 4)
    status = wb.finish()
    out = wb.output()
    report(re.fullmatch(r"02(:[0-9a-f]{2}){5}", mac) is not None and mac != host_mac,
           "tap-mac", f"got '{mac}', host side {host_mac}\n{out}")
    blocks = ifstat_blocks(wb.lines)
    first = counters(blocks[0]) if blocks else None
    report(status == 0 and first is not None and first[0] == "up" and
           first[3:] == (5, 5) and f"  [RXE: 5 x {UNSUPPORTED}]" in blocks[0],
           "tap-rx-count", f"status {status}\n{out}")


def offload_files(tmp):
    """small.bin (TFTP) and big.bin (HTTP) in TMP/srv; their SHA-256 digests."""
    import hashlib
    srv = os.path.join(tmp, "srv")
    os.makedirs(srv, exist_ok=True)
    digests = {}
    for name, size in (("small.bin", 100 * 1024), ("big.bin", 4 * 1024 * 1024)):
        data = os.urandom(size)
        with open(os.path.join(srv, name), "wb") as f:
            f.write(data)
        digests[name] = hashlib.sha256(data).hexdigest()
    return srv, digests


def start_in_ns(argv, cwd=None):
    return subprocess.Popen(["ip", "netns", "exec", NS] + argv, cwd=cwd,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def run_script(netdev, tmp, text):
    path = os.path.join(tmp, "offload.ipxe")
    with open(path, "w") as f:
        f.write(text)
    wb = Wireboot(netdev, path)
    wb.wait_for("\0never")
    status = wb.proc.wait(timeout=5) if wb.proc.poll() is None else wb.proc.returncode
    return status, wb.output()


def test_offload(tmp):
    """UDP (DHCP, DNS, TFTP) and TCP (HTTP) with the kernel's offloads on."""
    srv, digests = offload_files(tmp)
    ns("ip", "link", "add", "wboff0", "type", "veth", "peer", "name", "wboff1")
    ns("sysctl", "-qw", "net.ipv4.conf.wboff0.arp_ignore=8")
    ns("ip", "addr", "add", "10.78.0.1/24", "dev", "wboff1")
    for ifname in ("wboff0", "wboff1"):
        ns("ip", "link", "set", ifname, "up")
    features = ns("ethtool", "-k", "wboff1")
    dnsmasq = start_in_ns(["dnsmasq", "--no-daemon", "--conf-file=/dev/null",
                           "--interface=wboff1", "--bind-interfaces",
                           "--no-ping", "--no-resolv", "--no-hosts",
                           "--dhcp-range=10.78.0.100,10.78.0.150,1h",
                           f"--dhcp-leasefile={tmp}/off.leases",
                           "--dhcp-option=6,10.78.0.1",
                           "--address=/offload.test/10.78.0.9",
                           "--enable-tftp", f"--tftp-root={srv}"])
    http = start_in_ns([sys.executable, "-m", "http.server", "--bind",
                        "0.0.0.0", "8080"], cwd=srv)
    time.sleep(1)
    try:
        status, out = run_script("packet:wboff0", tmp, OFFLOAD_SCRIPT)
    finally:
        stop(http)
        stop(dnsmasq)
    on = ("tx-checksumming: on" in features and
          "tcp-segmentation-offload: on" in features)
    report(on and "DHCP-FAILED" not in out and "V addr=10.78.0.9" in out and
           f"{digests['small.bin']}  small.bin" in out and "Malformed" not in out,
           "offload-udp", f"{features if not on else ''}{out}")
    report(f"{digests['big.bin']}  big.bin" in out and "HTTP-FAILED" not in out,
           "offload-tcp", out)
    ns("ip", "addr", "add", "10.78.1.1/24", "dev", "wbtap0")
    http = start_in_ns([sys.executable, "-m", "http.server", "--bind",
                        "0.0.0.0", "8080"], cwd=srv)
    time.sleep(1)
    try:
        status, out = run_script("tap:wbtap0", tmp, TAP_OFFLOAD_SCRIPT)
    finally:
        stop(http)
    report(f"{digests['big.bin']}  big.bin" in out and "HTTP-FAILED" not in out,
           "offload-tap-tcp", out)


def main():
    if len(sys.argv) == 6 and sys.argv[1] == "--inject":
        inject(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
        return 0
    why = None
    if os.geteuid() != 0:
        why = "needs root"
    elif not os.path.exists("/dev/net/tun"):
        why = "no /dev/net/tun"
    if why:
        for case in CASES:
            print(f"ok - netdev/{case} # SKIP {why}")
        return 0
    if not os.access(WIREBOOT, os.X_OK):
        for case in CASES:
            report(False, case, f"{WIREBOOT} is not built")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        script_path = os.path.join(tmp, "netdev.ipxe")
        with open(script_path, "w") as f:
            f.write(SCRIPT)
        try:
            setup_namespace()
            test_bad_specs()
            test_packet(script_path)
            test_tap(script_path)
            test_offload(tmp)
        except (RuntimeError, OSError, subprocess.SubprocessError) as err:
            report(False, "setup", err)
        finally:
            run("ip", "netns", "del", NS, check=False)
    return TAP.exit_code()


if __name__ == "__main__":
    sys.exit(main())
