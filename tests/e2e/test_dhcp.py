#!/usr/bin/env python3
"""DHCP client end to end: bin-linux/wireboot-asan on one end of a veth pair
in a private namespace, against real dnsmasq servers on a bridge:

  wireboot --packet-- e0 =veth= p0 -[br0]- p1 =veth= e1 (10.77.0.1, dnsmasq)
                                           - p2 =veth= e2 (10.77.0.2, dnsmasq)

Cases: a normal DHCP configuration (every setting a script reads), the exact
bytes of options 60, 77, 93, 94, 97 and 175 in the captured DHCPDISCOVER
(tshark on e0; 97 from --smbios-uuid and from the MAC fallback), the
user-class match existing chainloading recipes use (and ${user-class}
overriding it, through "ifconf --configurator dhcp"), ProxyDHCP with a pxe-service and PXE boot server discovery
(pxebs) to port 4011, malformed offers injected next to a real one (the
real one wins), no server at all (a clear error, and the script carries
on), and command usage errors.

Run as "test_dhcp.py --inject-malformed IFACE" it is the injector: it waits
on IFACE for a DHCPDISCOVER and answers it with broken offers (run inside
the namespace by the test itself).  Prints TAP lines "ok - dhcp/...";
needs root, dnsmasq, tshark and ethtool, and skips every case otherwise.

The servers' transmit checksum offload is turned off (ethtool): over a veth
the kernel leaves UDP checksums unfinished, which wireboot, like any NIC's
receiver, rightly rejects.
"""
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from tap import Tap  # noqa: E402
from netns import run  # noqa: E402
WIREBOOT = os.environ.get("WIREBOOT",
                          os.path.join(ROOT, "bin-linux", "wireboot-asan"))
NS = f"wbt-dhcp-{os.getpid()}"
TIMEOUT = 60
UUID = "4c4c4544-0038-4610-8052-b4c04f4d4e31"
CASES = ["configure", "settings", "option-bytes-mac-uuid", "user-class",
         "user-class-override", "option-bytes-smbios-uuid", "malformed-offers",
         "proxydhcp", "pxebs", "pxebs-bad-type", "no-server",
         "no-server-continues", "usage"]

TAP = Tap("dhcp")
report = TAP.report
skip = TAP.skip


def ns(*argv, check=True):
    """Run a command inside the test namespace."""
    return run("ip", "netns", "exec", NS, *argv, check=check)


def setup_namespace():
    """The bridge of the module docstring, IPv6 off, server offloads off."""
    run("ip", "netns", "add", NS)
    ns("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1",
       "net.ipv6.conf.default.disable_ipv6=1",
       # Each server address answers ARP only on its own interface.
       "net.ipv4.conf.all.arp_ignore=1", "net.ipv4.conf.all.arp_announce=2")
    ns("ip", "link", "set", "lo", "up")
    ns("ip", "link", "add", "br0", "type", "bridge")
    ns("ip", "link", "set", "br0", "up")
    for i in range(3):
        ns("ip", "link", "add", f"e{i}", "type", "veth", "peer", "name", f"p{i}")
        ns("ip", "link", "set", f"p{i}", "master", "br0")
        for ifname in (f"p{i}", f"e{i}"):
            ns("ip", "link", "set", ifname, "up")
    for i in (1, 2):
        ns("ethtool", "-K", f"e{i}", "tx", "off")
        ns("ip", "addr", "add", f"10.77.0.{i}/24", "dev", f"e{i}")


class Dnsmasq:
    """A dnsmasq on IFNAME with ARGS, its lease file in TMPDIR."""

    def __init__(self, tmpdir, ifname, *args):
        self.proc = subprocess.Popen(
            ["ip", "netns", "exec", NS, "dnsmasq", "--no-daemon",
             "--conf-file=/dev/null", "--port=0", f"--interface={ifname}",
             "--bind-interfaces", "--no-ping", "--log-dhcp",
             f"--dhcp-leasefile={os.path.join(tmpdir, ifname + '.leases')}",
             *args],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True)
        time.sleep(0.5)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Capture:
    """tshark writing the UDP traffic seen on IFNAME to a pcap file."""

    def __init__(self, tmpdir, ifname):
        self.path = os.path.join(tmpdir, f"{ifname}.pcap")
        self.proc = subprocess.Popen(
            ["ip", "netns", "exec", NS, "tshark", "-q", "-i", ifname, "-F",
             "pcap", "-w", self.path, "-f", "udp"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True)
        # tshark says "Capturing on ..." once it is listening.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            line = self.proc.stderr.readline()
            if not line or "Capturing on" in line:
                break

    def packets(self):
        """Stop capturing; the captured frames as bytes."""
        time.sleep(0.5)
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        return read_pcap(self.path)


def read_pcap(path):
    """The frames of a classic pcap file."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return []
    endian = "<" if data[:4] == b"\xd4\xc3\xb2\xa1" else ">"
    frames = []
    pos = 24
    while pos + 16 <= len(data):
        incl = struct.unpack(endian + "IIII", data[pos:pos + 16])[2]
        frames.append(data[pos + 16:pos + 16 + incl])
        pos += 16 + incl
    return frames


def dhcp_options(frame):
    """(src port, dst port, {option: bytes}) of a DHCP frame, or None."""
    if len(frame) < 14 + 20 + 8 + 240 or frame[12:14] != b"\x08\x00":
        return None
    ihl = (frame[14] & 0x0f) * 4
    udp = 14 + ihl
    if frame[14 + 9] != 17:
        return None
    sport, dport = struct.unpack(">HH", frame[udp:udp + 4])
    bootp = frame[udp + 8:]
    if bootp[236:240] != b"\x63\x82\x53\x63":
        return None
    opts = {}
    pos = 240
    while pos < len(bootp) and bootp[pos] != 255:
        if bootp[pos] == 0:
            pos += 1
            continue
        code, length = bootp[pos], bootp[pos + 1]
        opts.setdefault(code, bootp[pos + 2:pos + 2 + length])
        pos += 2 + length
    return sport, dport, opts


def first_discover(frames):
    """Options of the first DHCPDISCOVER among FRAMES, or None."""
    for frame in frames:
        parsed = dhcp_options(frame)
        if parsed and parsed[1] == 67 and parsed[2].get(53) == b"\x01":
            return parsed[2]
    return None


def run_wireboot(tmpdir, script, *extra):
    """Run SCRIPT in the namespace on e0; (status, output)."""
    path = os.path.join(tmpdir, "test.ipxe")
    with open(path, "w") as f:
        f.write("#!ipxe\n" + script)
    try:
        proc = subprocess.run(
            ["ip", "netns", "exec", NS, WIREBOOT, "--netdev", "packet:e0",
             "--script", path, *extra],
            cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, errors="replace",
            timeout=TIMEOUT)
    except subprocess.TimeoutExpired as err:
        return None, (err.stdout or b"").decode(errors="replace")
    return proc.returncode, proc.stdout


def values(output):
    """NAME=VALUE pairs of the lines starting with "V " in OUTPUT."""
    found = {}
    for line in output.splitlines():
        if line.startswith("V "):
            name, _, value = line[2:].partition("=")
            found[name] = value
    return found


def check_feature_list(value):
    """Is VALUE a well-formed option 175: one-byte features, then 0xEB?"""
    pos = 0
    last = 0
    while pos + 2 <= len(value) and value[pos] != 0xEB:
        if value[pos + 1] != 1 or value[pos] <= last:
            return False
        last = value[pos]
        pos += 3
    return value[pos:pos + 2] == b"\xeb\x03" and pos + 5 == len(value)


def expected_common(opts, mac):
    """Failures in the options every DISCOVER carries (97 aside)."""
    wrong = []
    want = {
        60: b"PXEClient:Arch:00000:UNDI:002001",
        77: b"iPXE",
        93: b"\x00\x00",
        94: b"\x01\x02\x01",
        61: b"\x01" + mac,
    }
    for code, value in want.items():
        if opts.get(code) != value:
            wrong.append(f"option {code}: {opts.get(code)!r}, want {value!r}")
    if not check_feature_list(opts.get(175, b"")):
        wrong.append(f"option 175: {opts.get(175)!r}")
    return wrong


def test_configure(tmpdir, mac):
    """A normal server: every setting, the user class, the DISCOVER bytes."""
    server = Dnsmasq(tmpdir, "e1", "--dhcp-range=10.77.0.100,10.77.0.150,255.255.255.0,1h",
                     "--dhcp-userclass=set:ipxe,iPXE",
                     "--dhcp-boot=tag:ipxe,http://10.77.0.1/boot.ipxe",
                     "--dhcp-boot=tag:!ipxe,undionly.kpxe",
                     "--dhcp-option=3,10.77.0.254", "--dhcp-option=6,10.77.0.53",
                     "--dhcp-option=15,example.test",
                     "--dhcp-option=17,iscsi:10.77.0.1::::iqn.2026-11.test:disk",
                     f"--dhcp-host={mac.hex(':')},10.77.0.120,wbhost")
    capture = Capture(tmpdir, "e0")
    try:
        status, out = run_wireboot(tmpdir, """dhcp net0 || echo DHCP-FAILED
echo V ip=${ip}
echo V dhcp-ip=${net0.dhcp/ip}
echo V netmask=${netmask}
echo V gateway=${gateway}
echo V dns=${dns}
echo V domain=${domain}
echo V filename=${filename}
echo V next-server=${next-server}
echo V root-path=${root-path}
echo V hostname=${hostname}
set user-class wb-other
ifconf --configurator dhcp net0 || echo DHCP2-FAILED
echo V filename2=${filename}
""")
        frames = capture.packets()
    finally:
        server.stop()
    got = values(out)
    report(status == 0 and "DHCP (net0 " in out and "... ok" in out and
           "DHCP-FAILED" not in out, "configure", out)
    want = {"ip": "10.77.0.120", "dhcp-ip": "10.77.0.120",
            "netmask": "255.255.255.0", "gateway": "10.77.0.254",
            "dns": "10.77.0.53", "domain": "example.test",
            "next-server": "10.77.0.1",
            "root-path": "iscsi:10.77.0.1::::iqn.2026-11.test:disk",
            "hostname": "wbhost"}
    wrong = [f"{k}={got.get(k)!r}, want {v!r}" for k, v in want.items()
             if got.get(k) != v]
    report(not wrong, "settings", "\n".join(wrong) + "\n" + out)
    report(got.get("filename") == "http://10.77.0.1/boot.ipxe", "user-class", out)
    report(got.get("filename2") == "undionly.kpxe", "user-class-override", out)
    opts = first_discover(frames)
    if opts is None:
        report(False, "option-bytes-mac-uuid", f"no DHCPDISCOVER in {len(frames)} frames")
        return
    wrong = expected_common(opts, mac)
    want97 = b"\x00" + bytes(10) + mac
    if opts.get(97) != want97:
        wrong.append(f"option 97: {opts.get(97)!r}, want {want97!r}")
    report(not wrong, "option-bytes-mac-uuid", "\n".join(wrong))


def test_smbios_uuid(tmpdir, mac):
    """--smbios-uuid: option 97 carries it with the first three fields swapped."""
    server = Dnsmasq(tmpdir, "e1", "--dhcp-range=10.77.0.100,10.77.0.150,255.255.255.0,1h")
    capture = Capture(tmpdir, "e0")
    try:
        status, out = run_wireboot(tmpdir, "dhcp net0\necho V uuid=${uuid}\n",
                                   "--smbios-uuid", UUID)
        frames = capture.packets()
    finally:
        server.stop()
    opts = first_discover(frames)
    if opts is None:
        report(False, "option-bytes-smbios-uuid", f"no DHCPDISCOVER\n{out}")
        return
    wrong = expected_common(opts, mac)
    want97 = bytes.fromhex("00" "44454c4c" "3800" "1046" "8052" "b4c04f4d4e31")
    if opts.get(97) != want97:
        wrong.append(f"option 97: {opts.get(97)!r}, want {want97!r}")
    if values(out).get("uuid") != UUID:
        wrong.append(f"${{uuid}} = {values(out).get('uuid')!r}")
    report(status == 0 and not wrong, "option-bytes-smbios-uuid",
           "\n".join(wrong) + "\n" + out)


def ipv4_udp_frame(src_mac, src, dst, payload):
    """An Ethernet broadcast frame: IPv4 SRC -> DST, UDP 67 -> 68, PAYLOAD."""
    udp = struct.pack(">HHHH", 67, 68, 8 + len(payload), 0) + payload
    header = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0, 64,
                         17, 0, bytes(src), bytes(dst))
    total = sum(struct.unpack(">10H", header))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    header = header[:10] + struct.pack(">H", ~total & 0xffff) + header[12:]
    return b"\xff" * 6 + src_mac + b"\x08\x00" + header + udp


def malformed_offers(xid, chaddr):
    """BOOTP replies to XID/CHADDR that no client may take as an offer."""
    server = bytes([10, 77, 0, 9])

    def bootp(options, sname=b"", file=b"", yiaddr=(10, 77, 0, 99)):
        return (struct.pack(">BBBB4sHH4s4s4s4s", 2, 1, 6, 0, xid, 0, 0,
                            bytes(4), bytes(yiaddr), server, bytes(4)) +
                chaddr.ljust(16, b"\0") + sname.ljust(64, b"\0") +
                file.ljust(128, b"\0") + b"\x63\x82\x53\x63" + options)
    sid = b"\x36\x04" + server
    return [
        # The message type is cut short by the end of the packet.
        bootp(sid + b"\x35\x01"),
        # A length running past the end hides the message type after it.
        bootp(sid + b"\x0c\xf0host" + b"\x35\x01\x02"),
        # Overload 52 = 3, the fields full of broken options.
        bootp(b"\x34\x01\x03" + sid, sname=b"\x35\x05\x02" + b"\x01" * 61,
              file=b"\x43\xff" + b"x" * 126),
        # A PXE reply whose 43 holds a boot server list running past its end.
        bootp(sid + b"\x3c\x09PXEClient\x2b\x05\x08\x0a\x80\x00\x05" +
              b"\x35\x05\x02", yiaddr=(0, 0, 0, 0)),
        # A full 1500-byte datagram of pads with no message type.
        bootp(sid + bytes(1500 - 20 - 8 - 240 - 6)),
    ]


def inject_malformed(ifname):
    """Wait on IFNAME for a DHCPDISCOVER; answer it with malformed offers."""
    import socket
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
    sock.bind((ifname, 0))
    sock.settimeout(20)
    src_mac = sock.getsockname()[4]
    while True:
        frame = sock.recv(2048)
        parsed = dhcp_options(frame)
        if parsed and parsed[1] == 67 and parsed[2].get(53) == b"\x01":
            break
    ihl = (frame[14] & 0x0f) * 4
    bootp = frame[14 + ihl + 8:]
    for payload in malformed_offers(bootp[4:8], bootp[28:34]):
        sock.send(ipv4_udp_frame(src_mac, (10, 77, 0, 9), (255, 255, 255, 255),
                                 payload))
    sock.close()


def test_malformed(tmpdir):
    """Broken offers from 10.77.0.9 first, then dnsmasq's: dnsmasq wins."""
    injector = subprocess.Popen(
        ["ip", "netns", "exec", NS, sys.executable, os.path.abspath(__file__),
         "--inject-malformed", "e1"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    time.sleep(0.5)
    server = Dnsmasq(tmpdir, "e1", "--dhcp-range=10.77.0.100,10.77.0.150,255.255.255.0,1h")
    try:
        status, out = run_wireboot(tmpdir, """dhcp net0 || echo DHCP-FAILED
echo V ip=${ip}
echo V server=${net0.dhcp/54:ipv4}
ifstat net0
""")
        injected, _ = injector.communicate(timeout=30)
    finally:
        server.stop()
    got = values(out)
    report(status == 0 and injector.returncode == 0 and
           got.get("server") == "10.77.0.1" and
           got.get("ip", "").startswith("10.77.0.1"), "malformed-offers",
           f"injector: {injector.returncode} {injected}\n{out}")


def test_proxydhcp(tmpdir):
    """Addresses from e1 (no boot file), PXE menu from a proxy on e2, pxebs."""
    server = Dnsmasq(tmpdir, "e1", "--dhcp-range=10.77.0.100,10.77.0.150,255.255.255.0,1h")
    proxy = Dnsmasq(tmpdir, "e2", "--dhcp-range=10.77.0.0,proxy",
                    "--pxe-service=x86PC,wireboot,pxelinux")
    capture = Capture(tmpdir, "e0")
    try:
        status, out = run_wireboot(tmpdir, """dhcp net0 || echo DHCP-FAILED
echo V ip=${ip}
echo V plain-filename=${net0.dhcp/filename}
echo V proxy-menu=${proxydhcp/43.9:hex}
echo V proxy-control=${proxydhcp/43.6:hex}
pxebs net0 0x8000 || echo PXEBS-FAILED
echo V pxebs-filename=${pxebs/filename}
echo V pxebs-next-server=${pxebs/next-server}
echo V filename=${filename}
pxebs net0 7 || echo PXEBS7-FAILED
""")
        frames = capture.packets()
    finally:
        proxy.stop()
        server.stop()
    got = values(out)
    menu = bytes.fromhex("8000" "08") + b"wireboot"
    report(status == 0 and "DHCP-FAILED" not in out and
           got.get("ip", "").startswith("10.77.0.1") and
           got.get("plain-filename") == "" and
           got.get("proxy-menu") == menu.hex(":"), "proxydhcp", out)
    to_4011 = [p for p in map(dhcp_options, frames) if p and p[1] == 4011]
    item = to_4011[0][2].get(43, b"") if to_4011 else b""
    report("PXEBS-FAILED" not in out and
           got.get("pxebs-filename") == "pxelinux.0" and
           got.get("pxebs-next-server") == "10.77.0.2" and
           got.get("filename") == "pxelinux.0" and
           b"\x47\x04\x80\x00\x00\x00" in item, "pxebs",
           f"requests to 4011: {len(to_4011)}, 43 = {item.hex()}\n{out}")
    # The proxy lists no server of type 7 and forbids broadcasting.
    report("PXEBS7-FAILED" in out and "Not found (dhcp)" in out,
           "pxebs-bad-type", out)


def test_no_server(tmpdir):
    """No server: a timeout error, and the script goes on."""
    status, out = run_wireboot(tmpdir, """dhcp net0 || echo DHCP-FAILED
echo STILL-RUNNING
""")
    report(status is not None and "Connection timed out (dhcp)" in out and
           "DHCP-FAILED" in out, "no-server", out)
    report(status == 0 and "STILL-RUNNING" in out, "no-server-continues", out)


def test_usage(tmpdir):
    """Bad names and arguments are reported before anything is sent."""
    status, out = run_wireboot(tmpdir, """dhcp net9 || echo E1
pxebs net0 || echo E2
pxebs net0 banana || echo E3
pxebs net0 0 || echo E4
ifconf -c ipv6 net0 || echo E5
""")
    report("dhcp: no such interface: net9" in out and "E1" in out and
           "Usage: pxebs <interface> <server_type>" in out and "E2" in out and
           "pxebs: invalid server type 'banana'" in out and "E3" in out and
           "Address not available (dhcp)" in out and "E4" in out and
           "ifconf: unknown configurator 'ipv6'" in out and "E5" in out,
           "usage", out)


def main():
    missing = [tool for tool in ("dnsmasq", "tshark", "ethtool")
               if not shutil.which(tool)]
    why = None
    if os.geteuid() != 0:
        why = "needs root"
    elif missing:
        why = "missing " + ", ".join(missing)
    elif not os.access(WIREBOOT, os.X_OK):
        why = f"{WIREBOOT} not built"
    if why:
        for case in CASES:
            print(f"ok - dhcp/{case} # SKIP {why}", flush=True)
        return 0
    tmpdir = tempfile.mkdtemp(prefix="wbt-dhcp-")
    try:
        setup_namespace()
        mac = bytes.fromhex(ns("cat", "/sys/class/net/e0/address").strip().replace(":", ""))
        test_configure(tmpdir, mac)
        test_smbios_uuid(tmpdir, mac)
        test_malformed(tmpdir)
        test_proxydhcp(tmpdir)
        test_no_server(tmpdir)
        test_usage(tmpdir)
    finally:
        run("ip", "netns", "del", NS, check=False)
        shutil.rmtree(tmpdir, ignore_errors=True)
    return TAP.exit_code()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--inject-malformed":
        inject_malformed(sys.argv[2])
        sys.exit(0)
    sys.exit(main())
